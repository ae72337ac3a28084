"""One portal emulator per session (real HTTP on loopback), reset through its control API per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from components.portal.client import PortalClient
from components.portal.provider import PortalOktaSettingsProvider
from emulators.portal import EmulatorControl, PortalState, create_app
from emulators.serve import RunningServer, serve_in_thread

from .support import API_KEY, FAST_RETRY, ORG, configured


@pytest.fixture(scope="session")
def portal_server() -> Iterator[RunningServer]:
    with serve_in_thread(create_app(PortalState(api_key=API_KEY))) as server:
        yield server


@pytest.fixture
def control(portal_server: RunningServer) -> Iterator[EmulatorControl]:
    """A clean emulator: no organizations but :data:`ORG` (ours) and ``foreign-org`` (another partner's)."""
    with EmulatorControl(portal_server.url) as ctl:
        ctl.reset()
        ctl.seed_org(ORG)
        ctl.seed_org("foreign-org", foreign=True)
        yield ctl


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def client(control: EmulatorControl, sleeps: list[float]) -> Iterator[PortalClient]:
    """A client against the emulator whose waits are recorded, not slept."""
    with PortalClient(API_KEY, control.api_url, retry=FAST_RETRY, sleep=sleeps.append) as portal:
        yield portal


@pytest.fixture
def provider(control: EmulatorControl, monkeypatch: pytest.MonkeyPatch) -> PortalOktaSettingsProvider:
    """Configured like the host configures it; the environment holds no key, to prove configure works."""
    monkeypatch.delenv("NORDLAYER_API_KEY", raising=False)
    monkeypatch.delenv("NORDLAYER_PORTAL_API_URL", raising=False)
    return configured(control.api_url)
