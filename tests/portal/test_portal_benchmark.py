"""The request-count benchmark stays within its budget (it runs here against the session emulator)."""

from __future__ import annotations

from benchmarks.portal_requests import render, run
from emulators.portal import EmulatorControl

from .support import API_KEY


def test_every_scenario_is_within_its_request_budget(control: EmulatorControl) -> None:
    scenarios = {s.name: s for s in run(control, API_KEY)}
    assert all(s.ok for s in scenarios.values()), render(list(scenarios.values()))
    assert scenarios["create (fresh)"].counts == {"GET": 1, "PUT": 1}
    assert scenarios["update (secret rotated)"].counts == {"PUT": 1}
    assert scenarios["diff + refresh, no change"].writes == 0
