"""Count the portal requests each provider operation makes, against the emulator over real HTTP.

    .venv/bin/python -m benchmarks.portal_requests

Why count rather than time: the portal rate-limits partners, and every write is visible to customers
(an SSO settings change). The budget is: create = 1 GET + at most 1 PUT, update = exactly 1 PUT,
no-change diff + refresh = no write, delete = 1 DELETE. Exits non-zero if any scenario exceeds it.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from pulumi.dynamic import Config, ConfigureRequest

from components.portal.provider import PortalOktaSettingsProvider
from emulators.portal import EmulatorControl, PortalState, create_app
from emulators.serve import serve_in_thread

__all__ = ["Scenario", "main", "render", "run"]

API_KEY: Final = "nlk-benchmark-key"
ORG: Final = "bench-org"
PROPS: Final[dict[str, Any]] = {
    "partner_identifier": ORG,
    "client_id": "0oa-bench",
    "client_secret": "bench-secret-value",
    "base_url": "https://bench.okta.com/oauth2/default",
    "audience": "0oa-bench",
    "issuer": "https://bench.okta.com/oauth2/default",
    "adopt_existing": False,
}


@dataclass(frozen=True)
class Scenario:
    name: str
    counts: dict[str, int]
    seconds: float
    max_get: int
    max_put: int
    max_delete: int

    @property
    def writes(self) -> int:
        return self.counts.get("PUT", 0) + self.counts.get("DELETE", 0)

    @property
    def ok(self) -> bool:
        return (
            self.counts.get("GET", 0) <= self.max_get
            and self.counts.get("PUT", 0) <= self.max_put
            and self.counts.get("DELETE", 0) <= self.max_delete
        )


def _measure(
    control: EmulatorControl, name: str, action: Callable[[], object], budget: tuple[int, int, int]
) -> Scenario:
    control.clear_requests()
    started = time.perf_counter()
    action()
    seconds = time.perf_counter() - started
    counts = dict(control.requests()["by_method"])
    return Scenario(name, counts, seconds, *budget)


def run(control: EmulatorControl, api_key: str = API_KEY) -> list[Scenario]:
    """The scenarios, in the order a stack's life goes through them (resets the emulator first)."""
    control.reset()
    control.seed_org(ORG)
    control.set_method(ORG, "google", domain="bench.example")
    provider = PortalOktaSettingsProvider()
    provider.configure(
        ConfigureRequest(
            Config(
                {
                    "nordlayer-okta-sso:portalApiKey": api_key,
                    "nordlayer-okta-sso:portalApiUrl": control.api_url,
                },
                "nordlayer-okta-sso",
            )
        )
    )
    rotated = {**PROPS, "client_secret": "rotated-bench-secret"}
    state: dict[str, Any] = {}

    def create() -> None:
        result = provider.create(dict(PROPS))
        state.update(id=result.id, outs=result.outs)

    def no_change() -> None:
        assert provider.diff(state["id"], state["outs"], dict(PROPS)).changes is False
        assert provider.read(state["id"], state["outs"]).outs == state["outs"]

    def update() -> None:
        state["outs"] = provider.update(state["id"], state["outs"], rotated).outs

    def drift_repair() -> None:
        control.edit_method(ORG, "okta", issuer="https://hand.edited.example")
        control.clear_requests()
        refreshed = provider.read(state["id"], state["outs"]).outs
        assert refreshed is not None
        assert provider.diff(state["id"], refreshed, rotated).changes is True
        state["outs"] = provider.update(state["id"], refreshed, rotated).outs

    scenarios = [
        _measure(control, "create (fresh)", create, (1, 1, 0)),
        _measure(control, "diff + refresh, no change", no_change, (1, 0, 0)),
        _measure(control, "update (secret rotated)", update, (0, 1, 0)),
        _measure(control, "refresh + up after hand edit", drift_repair, (1, 1, 0)),
        _measure(
            control, "create again (interrupted run)", lambda: provider.create(dict(rotated)), (1, 0, 0)
        ),
        _measure(control, "delete", lambda: provider.delete(state["id"], state["outs"]), (0, 0, 1)),
    ]
    assert "google" in control.methods_of(ORG), "an Okta operation touched Google SSO"
    return scenarios


def render(scenarios: list[Scenario]) -> str:
    header = f"{'scenario':<34} {'GET':>4} {'PUT':>4} {'DELETE':>7} {'writes':>7} {'ms':>7}  budget"
    lines = [header, "-" * len(header)]
    for s in scenarios:
        budget = f"<= {s.max_get} GET, {s.max_put} PUT, {s.max_delete} DELETE"
        lines.append(
            f"{s.name:<34} {s.counts.get('GET', 0):>4} {s.counts.get('PUT', 0):>4} "
            f"{s.counts.get('DELETE', 0):>7} {s.writes:>7} {s.seconds * 1000:>7.1f}  "
            f"{budget} {'ok' if s.ok else 'OVER BUDGET'}"
        )
    return "\n".join(lines)


def main() -> int:
    with (
        serve_in_thread(create_app(PortalState(api_key=API_KEY))) as server,
        EmulatorControl(server.url) as control,
    ):
        scenarios = run(control)
    print(render(scenarios))
    return 0 if all(s.ok for s in scenarios) else 1


if __name__ == "__main__":
    sys.exit(main())
