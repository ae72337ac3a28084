"""Shared test values and builders for the portal tests (imported, unlike conftest, explicitly)."""

from __future__ import annotations

from typing import Any, Final

from pulumi.dynamic import Config, ConfigureRequest

from components.portal.contract import OktaSettingsInput
from components.portal.provider import PortalOktaSettingsProvider
from components.portal.retry import RetryPolicy

__all__ = [
    "API_KEY",
    "CLIENT_ID",
    "FAST_RETRY",
    "ORG",
    "PROJECT",
    "SECRET",
    "configured",
    "created",
    "desired_props",
    "settings_input",
]

API_KEY: Final = "nlk-PORTAL-TEST-KEY-93c1f0"
SECRET: Final = "okta-SECRET-do-not-leak-4d2e9a"
CLIENT_ID: Final = "0oa1portaltest"
ORG: Final = "acme-corp"
PROJECT: Final = "nordlayer-okta-sso"
FAST_RETRY: Final = RetryPolicy(max_attempts=4, total_timeout=10.0, base_delay=0.01, max_delay=0.05)
"""Real backoff shape, tiny waits: retry tests over HTTP stay fast without faking the clock."""


def desired_props(**overrides: Any) -> dict[str, Any]:
    """Resource inputs as the provider receives them (plain values, no ``__provider``)."""
    props: dict[str, Any] = {
        "partner_identifier": ORG,
        "client_id": CLIENT_ID,
        "client_secret": SECRET,
        "base_url": "https://acme.okta.com/oauth2/default",
        "audience": CLIENT_ID,
        "issuer": "https://acme.okta.com/oauth2/default",
        "adopt_existing": False,
    }
    props.update(overrides)
    return props


def settings_input(**overrides: Any) -> OktaSettingsInput:
    """The PUT body for :func:`desired_props`."""
    props = desired_props(**overrides)
    return OktaSettingsInput.model_validate(
        {name: props[name] for name in ("client_id", "client_secret", "base_url", "audience", "issuer")}
    )


def configured(api_url: str, **extra: str) -> PortalOktaSettingsProvider:
    """A provider configured the way the host configures it, from namespaced stack config."""
    provider = PortalOktaSettingsProvider()
    raw = {f"{PROJECT}:portalApiKey": API_KEY, f"{PROJECT}:portalApiUrl": api_url, **extra}
    provider.configure(ConfigureRequest(Config(raw, PROJECT)))
    return provider


def created(provider: PortalOktaSettingsProvider, **overrides: Any) -> tuple[str, dict[str, Any]]:
    """Create with :func:`desired_props`; returns ``(id, outputs)``."""
    result = provider.create(desired_props(**overrides))
    assert result.outs is not None
    return result.id, result.outs
