"""The NordLayer partner portal API, as far as this project uses it: paths, headers and JSON shapes.

This module is the single source of truth for the contract. The client (``components.portal.client``)
and the emulator (``emulators.portal``) both import it, so renaming a path or a field is one edit here,
and ``docs/portal-openapi.json`` (generated from the emulator) is checked against it by the tests.

Validation rules for what *we* send (https URLs, non-blank fields, path-safe identifiers) live here too:
the provider's ``check`` and the emulator's 422 answers use the same rules, so a value the provider
accepts is a value the portal emulator accepts.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Annotated, Final, Literal
from urllib.parse import quote, urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, SecretStr, WithJsonSchema

from components.config.fields import MAX_PARTNER_IDENTIFIER_LENGTH, check_partner_identifier
from components.config.models import DEFAULT_PORTAL_API_URL

__all__ = [
    "API_KEY_SCHEME",
    "AUTH_HEADER",
    "BASE_PATH",
    "DEFAULT_BASE_URL",
    "ENDPOINTS",
    "MAX_PAGE_LIMIT",
    "OKTA_METHOD_PATH",
    "OKTA_TYPE",
    "ORGANIZATIONS_PATH",
    "RETRY_AFTER_HEADER",
    "SSO_METHODS_PATH",
    "Endpoint",
    "ErrorBody",
    "ErrorEnvelope",
    "OktaSettings",
    "OktaSettingsInput",
    "Organization",
    "SsoMethod",
    "format_path",
    "organization_identifier_problem",
    "secret_sha256",
]

DEFAULT_BASE_URL: Final = DEFAULT_PORTAL_API_URL  # the stack config's default is the contract's
BASE_PATH: Final = "/msp/v1"
"""Path prefix of every contract route; the emulator serves under it so base URLs look alike."""

AUTH_HEADER: Final = "Authorization"
API_KEY_SCHEME: Final = "ApiKey"
RETRY_AFTER_HEADER: Final = "Retry-After"
MAX_PAGE_LIMIT: Final = 200
OKTA_TYPE: Final = "okta"

ORGANIZATIONS_PATH: Final = "/organizations"
SSO_METHODS_PATH: Final = "/organizations/{identifier}/sso-methods"
OKTA_METHOD_PATH: Final = "/organizations/{identifier}/sso-methods/okta"

MAX_IDENTIFIER_LENGTH: Final = MAX_PARTNER_IDENTIFIER_LENGTH
MAX_FIELD_LENGTH: Final = 1024
MAX_URL_LENGTH: Final = 2048
_SHA256_PATTERN: Final = r"^[0-9a-f]{64}$"

HttpMethod = Literal["GET", "PUT", "DELETE"]


class Endpoint(BaseModel):
    """One method + path template the client calls; the OpenAPI test walks :data:`ENDPOINTS`."""

    model_config = ConfigDict(frozen=True)
    method: HttpMethod
    path: str


ENDPOINTS: Final = (
    Endpoint(method="GET", path=ORGANIZATIONS_PATH),
    Endpoint(method="GET", path=SSO_METHODS_PATH),
    Endpoint(method="GET", path=OKTA_METHOD_PATH),
    Endpoint(method="PUT", path=OKTA_METHOD_PATH),
    Endpoint(method="DELETE", path=OKTA_METHOD_PATH),
)


def organization_identifier_problem(identifier: str) -> str | None:
    """Why ``identifier`` cannot be one URL path segment, or ``None`` when it can.

    The rule is the stack config's (``components.config.fields``), so the program, the provider's
    ``check`` and the emulator can never disagree about which identifiers are safe.
    """
    try:
        check_partner_identifier(identifier)
    except ValueError as exc:
        return str(exc)
    return None


def format_path(template: str, identifier: str) -> str:
    """Fill a path template; refuses identifiers that are not one safe path segment."""
    problem = organization_identifier_problem(identifier)
    if problem is not None:
        raise ValueError(f"organization identifier {identifier!r} {problem}")
    return template.format(identifier=quote(identifier, safe=""))


def secret_sha256(secret: str) -> str:
    """Hex SHA-256 of a client secret: how the portal lets us compare secrets without reading them."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _non_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty or blank")
    return value


def _non_blank_secret(value: SecretStr) -> SecretStr:
    if not value.get_secret_value().strip():
        raise ValueError("must not be empty or blank")
    return value


def _https_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.hostname:
        raise ValueError("must be an absolute https:// URL")
    if parts.username is not None or parts.password is not None:
        raise ValueError("must not carry credentials")
    if any(ch.isspace() for ch in value):
        raise ValueError("must not contain whitespace")
    return value


NonBlank = Annotated[str, Field(max_length=MAX_FIELD_LENGTH), AfterValidator(_non_blank)]
NonBlankSecret = Annotated[SecretStr, Field(max_length=MAX_FIELD_LENGTH), AfterValidator(_non_blank_secret)]
HttpsUrl = Annotated[
    str,
    Field(max_length=MAX_URL_LENGTH),
    AfterValidator(_https_url),
    WithJsonSchema({"type": "string", "format": "uri", "pattern": "^https://", "maxLength": MAX_URL_LENGTH}),
]


class OktaSettingsInput(BaseModel):
    """Body of ``PUT .../sso-methods/okta``. The secret is a ``SecretStr`` so no repr can show it."""

    model_config = ConfigDict(extra="forbid", strict=True, hide_input_in_errors=True)

    client_id: NonBlank
    client_secret: NonBlankSecret
    base_url: HttpsUrl
    audience: NonBlank
    issuer: HttpsUrl

    def to_wire(self) -> dict[str, str]:
        """The JSON body to send; the only place the secret is unwrapped."""
        return {
            "client_id": self.client_id,
            "client_secret": self.client_secret.get_secret_value(),
            "base_url": self.base_url,
            "audience": self.audience,
            "issuer": self.issuer,
        }


class OktaSettings(BaseModel):
    """``GET .../sso-methods/okta``: what is configured, with the secret only as a hash."""

    model_config = ConfigDict(extra="ignore", hide_input_in_errors=True)

    type: Literal["okta"]
    client_id: str
    base_url: str
    audience: str
    issuer: str
    client_secret_sha256: Annotated[str, Field(pattern=_SHA256_PATTERN)]
    updated_at: datetime


class SsoMethod(BaseModel):
    """One entry of ``GET .../sso-methods``; other fields vary by type and are kept as sent."""

    model_config = ConfigDict(extra="allow", hide_input_in_errors=True)

    type: Annotated[str, Field(min_length=1, examples=["okta", "google", "entra"])]


class Organization(BaseModel):
    """One entry of ``GET /organizations``."""

    model_config = ConfigDict(extra="ignore", hide_input_in_errors=True)

    identifier: str
    title: str
    plan_identifier: str


class ErrorBody(BaseModel):
    """The ``error`` object of every non-2xx answer; ``fields`` only on 422 ``validation_failed``."""

    model_config = ConfigDict(extra="ignore", hide_input_in_errors=True)

    code: str
    message: str
    fields: dict[str, str] | None = None


class ErrorEnvelope(BaseModel):
    """``{"error": {...}}``: the one error shape of the portal API."""

    model_config = ConfigDict(extra="ignore", hide_input_in_errors=True)

    error: ErrorBody
