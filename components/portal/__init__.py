"""The NordLayer portal half: contract, HTTP client, and the ``PortalOktaSettings`` dynamic resource.

Imports flow one way: ``okta_settings`` (resource) -> ``provider`` -> ``client`` -> ``wire``/``retry``
-> ``errors``/``contract``. The emulator in ``emulators.portal`` imports only ``contract``.
"""

from __future__ import annotations

from components.portal.client import PortalClient
from components.portal.contract import OktaSettings, OktaSettingsInput, Organization, SsoMethod
from components.portal.errors import (
    AuthenticationError,
    MalformedResponseError,
    NotFoundError,
    OktaSettingsError,
    PermissionDeniedError,
    PortalConfigurationError,
    PortalError,
    PortalHTTPError,
    PortalTimeoutError,
    PortalTransportError,
    RateLimitedError,
    ServerError,
    ValidationFailedError,
)
from components.portal.okta_settings import PortalOktaSettings, PortalOktaSettingsArgs
from components.portal.provider import PortalOktaSettingsProvider
from components.portal.retry import RetryPolicy

__all__ = [
    "AuthenticationError",
    "MalformedResponseError",
    "NotFoundError",
    "OktaSettings",
    "OktaSettingsError",
    "OktaSettingsInput",
    "Organization",
    "PermissionDeniedError",
    "PortalClient",
    "PortalConfigurationError",
    "PortalError",
    "PortalHTTPError",
    "PortalOktaSettings",
    "PortalOktaSettingsArgs",
    "PortalOktaSettingsProvider",
    "PortalTimeoutError",
    "PortalTransportError",
    "RateLimitedError",
    "RetryPolicy",
    "ServerError",
    "SsoMethod",
    "ValidationFailedError",
]
