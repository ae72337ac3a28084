"""Fixtures: the portal tests' emulator fixtures, reused as they are, plus a provider with fast clients.

``portal_server``, ``control``, ``sleeps`` and ``provider`` come from ``tests/portal/conftest.py``
(imported, so they are the same code, not a copy). ``fast_provider`` is ``provider`` whose every
``PortalClient`` gets a short timeout, the fast retry policy and a recording sleep.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from components.portal.provider import PortalOktaSettingsProvider
from emulators.portal import EmulatorControl, PortalState, create_app
from emulators.serve import RunningServer, serve_in_thread
from tests.portal.conftest import control, portal_server, provider, sleeps
from tests.portal.support import ORG

from .leak_scan import API_KEY as SCAN_API_KEY
from .portal_world import BYSTANDER, install_client_options

__all__ = [
    "control",
    "fast_provider",
    "portal_server",
    "provider",
    "scan_control",
    "scan_server",
    "sleeps",
    "world",
]


@pytest.fixture
def fast_provider(
    provider: PortalOktaSettingsProvider, sleeps: list[float], monkeypatch: pytest.MonkeyPatch
) -> PortalOktaSettingsProvider:
    install_client_options(monkeypatch, sleeps)
    return provider


@pytest.fixture
def world(control: EmulatorControl) -> EmulatorControl:
    """The emulator with neighbours to disturb: Google SSO on :data:`ORG`, Okta + Entra on a bystander."""
    control.set_method(ORG, "google", domain="acme.example", client_id="google-client")
    control.seed_org(BYSTANDER)
    control.set_method(
        BYSTANDER,
        "okta",
        client_id="0oa-bystander",
        client_secret="bystander-secret",
        base_url="https://bystander.okta.com/oauth2/default",
        audience="0oa-bystander",
        issuer="https://bystander.okta.com/oauth2/default",
    )
    control.set_method(BYSTANDER, "entra", tenant_id="tenant-1", client_id="entra-client")
    return control


@pytest.fixture(scope="session")
def scan_server() -> Iterator[RunningServer]:
    """An emulator that accepts only the secret scan's recognisable API key."""
    with serve_in_thread(create_app(PortalState(api_key=SCAN_API_KEY))) as server:
        yield server


@pytest.fixture
def scan_control(scan_server: RunningServer) -> Iterator[EmulatorControl]:
    """The scan emulator, reset: :data:`ORG` with Google SSO, and ``scan-other`` with nothing."""
    with EmulatorControl(scan_server.url) as control:
        control.reset()
        control.seed_org(ORG)
        control.set_method(ORG, "google", domain="acme.example")
        control.seed_org("scan-other")
        yield control
