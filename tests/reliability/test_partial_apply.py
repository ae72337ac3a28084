"""A three-organization apply where the portal fails persistently for the middle organization only.

The engine runs one resource's create per organization and keeps going after a failure; this models
that at the provider level (:func:`apply`), so the test sees what a real ``pulumi up`` would leave: the
neighbours written once and correctly, the failed one untouched and named in a clear error, and a second
``up`` after the fault clears that writes only the one that failed.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any, Final, NamedTuple

import pytest

from components.portal.errors import OktaSettingsError
from components.portal.provider import PortalOktaSettingsProvider
from emulators.portal import EmulatorControl
from tests.portal.support import FAST_RETRY, desired_props

from .portal_world import clear_faults, okta_path, stored_okta, without_timestamp

ALPHA, BETA, GAMMA = "org-alpha", "org-beta", "org-gamma"
ORGS: Final = (ALPHA, BETA, GAMMA)
Recorded = dict[str, tuple[str, dict[str, Any]]]


def _props(org: str) -> dict[str, Any]:
    return desired_props(
        partner_identifier=org, client_id=f"0oa-{org}", audience=f"0oa-{org}", client_secret=f"secret-{org}"
    )


def apply(provider: PortalOktaSettingsProvider, recorded: Recorded) -> dict[str, OktaSettingsError]:
    """One ``pulumi up`` over :data:`ORGS`: create what is not recorded, update what diffs, note failures."""
    failures: dict[str, OktaSettingsError] = {}
    for org in ORGS:
        props = _props(org)
        try:
            if org not in recorded:
                created = provider.create(props)
                assert created.outs is not None
                recorded[org] = (created.id, created.outs)
            elif provider.diff(recorded[org][0], recorded[org][1], props).changes:
                updated = provider.update(recorded[org][0], recorded[org][1], props)
                assert updated.outs is not None
                recorded[org] = (recorded[org][0], updated.outs)
        except OktaSettingsError as exc:
            failures[org] = exc
    return failures


def _with_okta(state: Mapping[str, Any], *orgs: str) -> dict[str, Any]:
    """``state`` with ``orgs`` holding their intended Okta method (compare with :func:`_untimed`)."""
    expected = _untimed(state, *orgs)
    for org in orgs:
        expected["organizations"][org]["sso_methods"]["okta"] = stored_okta(_props(org))
    return expected


def _untimed(state: Mapping[str, Any], *orgs: str) -> dict[str, Any]:
    """``state`` without the ``updated_at`` of ``orgs``' Okta methods, which a PUT sets to "now"."""
    clean = dict(state)
    for org in orgs:
        clean = without_timestamp(clean, org)
    return clean


def _puts(control: EmulatorControl, org: str) -> int:
    return control.count("PUT", okta_path(org))


@pytest.fixture
def three_orgs(world: EmulatorControl) -> EmulatorControl:
    for org in ORGS:
        world.seed_org(org)
        world.set_method(org, "google", domain=f"{org}.example")
    return world


class Persistent(NamedTuple):
    """A fault queued for every request to the middle organization (or only its PUTs)."""

    kind: str
    method: str
    options: dict[str, Any]
    fragment: str


@pytest.mark.parametrize(
    "fault",
    [
        Persistent(
            "status", "*", {"status": 503}, f"GET {okta_path(BETA)} failed with HTTP 503 service_unavailable"
        ),
        Persistent("status", "*", {"status": 429, "retry_after": "1"}, "HTTP 429 rate_limited"),
        Persistent("drop", "PUT", {}, f"PUT {okta_path(BETA)} failed: RemoteProtocolError"),
        Persistent("delay", "PUT", {"delay_s": 0.6}, f"PUT {okta_path(BETA)} failed: timed out"),
    ],
    ids=["503-every-request", "429-every-request", "dropped-puts", "slow-puts"],
)
def test_one_failing_organization_leaves_the_others_written_once(
    fast_provider: PortalOktaSettingsProvider, three_orgs: EmulatorControl, fault: Persistent
) -> None:
    control = three_orgs
    before = control.state()
    control.fault(
        fault.kind, method=fault.method, path=f"*/organizations/{BETA}/*", count=100, **fault.options
    )
    recorded: Recorded = {}

    failures = apply(fast_provider, recorded)

    assert set(failures) == {BETA}
    message = str(failures[BETA])
    assert f"create of the portal Okta SSO settings for organization {BETA!r} failed" in message
    assert fault.fragment in message
    assert set(recorded) == {ALPHA, GAMMA}
    assert _untimed(control.state(), ALPHA, GAMMA) == _with_okta(before, ALPHA, GAMMA)
    beta_puts = 0 if fault.method == "*" else FAST_RETRY.max_attempts
    assert [_puts(control, org) for org in ORGS] == [1, beta_puts, 1]

    clear_faults(control)
    if fault.kind == "delay":
        time.sleep(0.5)  # let the held answers finish; their PUTs never land (the client left first)
    assert _untimed(control.state(), ALPHA, GAMMA) == _with_okta(before, ALPHA, GAMMA)
    control.clear_requests()
    assert apply(fast_provider, recorded) == {}
    assert control.requests()["by_route"] == {
        f"GET /msp/v1{okta_path(BETA)}": 1,
        f"PUT /msp/v1{okta_path(BETA)}": 1,
    }
    assert _untimed(control.state(), *ORGS) == _with_okta(before, *ORGS)
    control.clear_requests()
    assert apply(fast_provider, recorded) == {}
    assert control.requests()["total"] == 0
