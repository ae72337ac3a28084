"""A run interrupted after its PUT landed but before the engine recorded it, and its look-alikes.

The next ``pulumi up`` calls ``create`` again. Settings carrying our own ``client_id`` are ours from
that earlier run and are taken over quietly (no PUT when they already match, one PUT when they do not);
settings with a foreign ``client_id`` belong to someone else and are refused, untouched, with the hint to
set ``adoptExisting`` - after which they are taken over.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from components.portal.contract import secret_sha256
from components.portal.errors import OktaSettingsError
from components.portal.provider import PortalOktaSettingsProvider
from emulators.portal import EmulatorControl
from tests.portal.support import CLIENT_ID, ORG, SECRET, desired_props

from .fault_table import PERSISTENT_COUNT, SLOW_DELAY_S
from .portal_world import OKTA_PATH_PATTERN, clear_faults, intended_state, without_timestamp

FOREIGN: dict[str, Any] = {
    "client_id": "0oa-someone-else",
    "client_secret": "their-secret",
    "base_url": "https://other.okta.com/oauth2/default",
    "audience": "0oa-someone-else",
    "issuer": "https://other.okta.com/oauth2/default",
}


def test_a_landed_but_unrecorded_create_is_taken_over_without_a_put(
    fast_provider: PortalOktaSettingsProvider, world: EmulatorControl
) -> None:
    fast_provider.create(desired_props())  # the PUT landed; the engine died before recording the result
    before = world.state()
    world.clear_requests()

    result = fast_provider.create(desired_props())

    assert result.outs is not None
    assert result.outs["client_secret_sha256"] == secret_sha256(SECRET)
    assert world.requests()["by_method"] == {"GET": 1}
    assert world.state() == before


def test_a_create_whose_answer_never_arrived_is_taken_over_on_the_next_run(
    fast_provider: PortalOktaSettingsProvider, world: EmulatorControl
) -> None:
    """The portal committed every PUT but each answer came too late: the run failed, the write landed."""
    before = world.state()
    world.fault("late", method="PUT", path=OKTA_PATH_PATTERN, delay_s=SLOW_DELAY_S, count=PERSISTENT_COUNT)
    with pytest.raises(OktaSettingsError, match="timed out"):
        fast_provider.create(desired_props())
    time.sleep(SLOW_DELAY_S)  # the held answers go out (to nobody) before the next run starts
    assert without_timestamp(world.state()) == intended_state(before, "create")
    clear_faults(world)
    world.clear_requests()

    result = fast_provider.create(desired_props())

    assert result.outs is not None
    assert result.outs["client_secret_sha256"] == secret_sha256(SECRET)
    assert world.requests()["by_method"] == {"GET": 1}


@pytest.mark.parametrize(
    "earlier",
    [
        {"client_secret": "okta-SECRET-from-the-interrupted-run"},
        {"issuer": "https://acme.okta.com", "base_url": "https://acme.okta.com/oauth2"},
        {"audience": "an-older-audience"},
    ],
    ids=["older-secret", "org-server-endpoints", "older-audience"],
)
def test_own_settings_that_differ_are_overwritten_with_one_put(
    fast_provider: PortalOktaSettingsProvider, world: EmulatorControl, earlier: dict[str, str]
) -> None:
    fast_provider.create(desired_props(**earlier))
    before = world.state()
    world.clear_requests()

    result = fast_provider.create(desired_props())

    assert result.outs is not None
    assert result.outs["client_id"] == CLIENT_ID
    assert world.requests()["by_method"] == {"GET": 1, "PUT": 1}
    assert without_timestamp(world.state()) == intended_state(before, "create")


def test_foreign_settings_are_refused_with_the_adopt_hint_and_left_alone(
    fast_provider: PortalOktaSettingsProvider, world: EmulatorControl
) -> None:
    world.set_method(ORG, "okta", **FOREIGN)
    before = world.state()
    world.clear_requests()

    with pytest.raises(OktaSettingsError) as info:
        fast_provider.create(desired_props())

    message = str(info.value)
    assert f"organization {ORG!r}" in message
    assert "client_id '0oa-someone-else'" in message
    assert "set `adoptExisting: true` on the organization" in message
    assert "nordlayer-okta-sso:organizations" in message
    assert "their-secret" not in message
    assert SECRET not in message
    assert world.requests()["by_method"] == {"GET": 1}
    assert world.state() == before


def test_foreign_settings_are_taken_over_with_adopt_existing(
    fast_provider: PortalOktaSettingsProvider, world: EmulatorControl
) -> None:
    world.set_method(ORG, "okta", **FOREIGN)
    before = world.state()
    world.clear_requests()

    result = fast_provider.create(desired_props(adopt_existing=True))

    assert result.outs is not None
    assert result.outs["client_id"] == CLIENT_ID
    assert result.outs["adopt_existing"] is True
    assert world.requests()["by_method"] == {"GET": 1, "PUT": 1}
    assert without_timestamp(world.state()) == intended_state(before, "create")
