"""Two provider threads cycling create -> update -> delete on their own organizations, while a third
thread keeps rewriting the Google and Entra SSO methods of the same organizations.

The portal keeps one document per organization; an implementation that read-modify-wrote all methods
would lose the other thread's Google/Entra writes or resurrect a deleted Okta method. After every step
the worker checks that its Okta method is exactly what it wrote (or gone) and that Google and Entra are
there and are values the writer wrote; at the end they must be the writer's last values.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any, Final

import httpx
import pytest

from components.portal.client import DEFAULT_TIMEOUT
from components.portal.provider import PortalOktaSettingsProvider
from emulators.portal import EmulatorControl
from tests.portal.support import desired_props

from .portal_world import install_client_options, okta_path, stored_okta

ORGS: Final = ("conc-a", "conc-b")
ITERATIONS: Final = 20
JOIN_TIMEOUT_S: Final = 60.0
PAUSE_S: Final = 0.002
"""Between writer rounds: enough to let the workers' requests in, short enough to interleave with them."""


class Writer:
    """Rewrites Google and Entra on every organization until stopped; remembers what it wrote last."""

    def __init__(self, server_url: str) -> None:
        self.server_url = server_url
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.last: dict[tuple[str, str], dict[str, Any]] = {}
        self.rounds = 0

    def write_once(self, control: EmulatorControl, n: int) -> None:
        for org in ORGS:
            google = control.set_method(org, "google", domain=f"g{n}.{org}.example", client_id=f"google-{n}")
            entra = control.set_method(org, "entra", tenant_id=f"tenant-{n}", client_secret=f"entra-{n}")
            with self.lock:
                self.last[(org, "google")] = google
                self.last[(org, "entra")] = entra

    def run(self) -> None:
        with EmulatorControl(self.server_url) as control:
            while not self.stop.wait(PAUSE_S):
                self.rounds += 1
                self.write_once(control, self.rounds)


def _check_neighbours(methods: dict[str, dict[str, Any]], org: str) -> None:
    assert methods["google"]["domain"].endswith(f".{org}.example"), methods
    assert methods["entra"]["tenant_id"].startswith("tenant-"), methods
    assert "client_secret_sha256" in methods["entra"]
    assert set(methods) <= {"google", "entra", "okta"}


def _cycle(provider: PortalOktaSettingsProvider, server_url: str, org: str) -> None:
    """``ITERATIONS`` create/update/delete rounds, checking the portal after each step."""
    with EmulatorControl(server_url) as control:
        for n in range(ITERATIONS):
            props = desired_props(
                partner_identifier=org, client_id=f"0oa-{org}", client_secret=f"s-{org}-{n}"
            )
            created = provider.create(props)
            assert created.outs is not None
            methods = control.methods_of(org)
            assert {k: v for k, v in methods["okta"].items() if k != "updated_at"} == stored_okta(props)
            _check_neighbours(methods, org)

            rotated = {**props, "client_secret": f"r-{org}-{n}", "audience": f"aud-{n}"}
            updated = provider.update(created.id, created.outs, rotated)
            assert updated.outs is not None
            methods = control.methods_of(org)
            assert {k: v for k, v in methods["okta"].items() if k != "updated_at"} == stored_okta(rotated)
            _check_neighbours(methods, org)

            provider.delete(created.id, updated.outs)
            methods = control.methods_of(org)
            assert "okta" not in methods
            _check_neighbours(methods, org)


def _thread(target: Callable[[], None], errors: list[BaseException]) -> threading.Thread:
    def run() -> None:
        try:
            target()
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)

    return threading.Thread(target=run, daemon=True)


def test_parallel_lifecycles_keep_every_other_sso_method(
    provider: PortalOktaSettingsProvider,
    control: EmulatorControl,
    sleeps: list[float],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    install_client_options(monkeypatch, sleeps, timeout=httpx.Timeout(DEFAULT_TIMEOUT))
    for org in ORGS:
        control.seed_org(org)
    writer = Writer(control.server_url)
    with EmulatorControl(control.server_url) as setup:
        writer.write_once(setup, 0)
    control.clear_requests()
    errors: list[BaseException] = []
    background = _thread(writer.run, errors)
    workers = [_thread(functools.partial(_cycle, provider, control.server_url, org), errors) for org in ORGS]

    background.start()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(JOIN_TIMEOUT_S)
    writer.stop.set()
    background.join(JOIN_TIMEOUT_S)

    assert not any(t.is_alive() for t in (*workers, background)), "a thread did not finish"
    assert errors == []
    assert writer.rounds > 1, "the writer never overlapped the workers"
    assert sleeps == [], "no request was retried: every answer was a clean one"
    for org in ORGS:
        assert control.methods_of(org) == {t: writer.last[(org, t)] for t in ("google", "entra")}
        assert control.count("PUT", okta_path(org)) == 2 * ITERATIONS
        assert control.count("DELETE", okta_path(org)) == ITERATIONS
