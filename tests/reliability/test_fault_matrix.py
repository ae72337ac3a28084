"""Every provider operation x every portal fault x transient/persistent, over real HTTP to the emulator.

Each cell (see ``fault_table.CELLS``) sets up a portal with neighbours (Google SSO on the same
organization, Okta + Entra on another), queues the fault for the one request it aims at, runs the
operation and compares the *whole* emulator state before and after: a cell converges to exactly the
intended state, or fails with :class:`OktaSettingsError` naming method, path, status/code and leaves
the portal exactly as it was. Nothing in between passes.
"""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from components.portal.contract import secret_sha256
from components.portal.errors import OktaSettingsError
from components.portal.provider import PortalOktaSettingsProvider
from emulators.portal import EmulatorControl
from tests.portal.support import CLIENT_ID, FAST_RETRY, ORG, SECRET, created, desired_props

from .fault_table import (
    CELLS,
    CLIENT_TIMEOUT_S,
    SLOW_DELAY_S,
    TIMING_FAULTS,
    UNTIMED_CLIENT_TIMEOUT_S,
    Cell,
    Outcome,
    Result,
    Variant,
)
from .portal_world import (
    OKTA_PATH_PATTERN,
    UPDATED,
    install_client_options,
    intended_state,
    okta_path,
    without_timestamp,
)

SETTLE_S = SLOW_DELAY_S - CLIENT_TIMEOUT_S + 0.15
"""After a "slow" cell the emulator still holds the last answer (sent at least one client timeout before
the operation gave up); wait it out so the compared state is final and the next test starts clean."""


def _run(provider: PortalOktaSettingsProvider, name: str, id_: str, outs: dict[str, Any]) -> Any:
    if name == "read":
        return provider.read(id_, outs)
    if name == "create":
        return provider.create(desired_props())
    if name == "update":
        return provider.update(id_, outs, desired_props(**UPDATED))
    provider.delete(id_, outs)
    return None


def _check_result(name: str, result: Any, id_: str, outs: dict[str, Any]) -> None:
    """The operation's return value is the right one, not merely "no exception"."""
    if name == "read":
        assert (result.id, result.outs) == (id_, outs)
    elif name == "create":
        assert result.id == f"{ORG}/okta"
        assert result.outs["client_id"] == CLIENT_ID
        assert result.outs["client_secret_sha256"] == secret_sha256(SECRET)
    elif name == "update":
        assert result.outs["client_secret_sha256"] == secret_sha256(UPDATED["client_secret"])
        assert result.outs["audience"] == UPDATED["audience"]
    else:
        assert result is None


def _check_converged(cell: Cell, result: Any, sleeps: list[float], control: EmulatorControl) -> None:
    outcome = cell.outcome
    assert control.count(cell.operation.method, okta_path(ORG)) == 1 + outcome.retries
    assert len(sleeps) == outcome.retries
    if "retry_after" in cell.fault.options:
        assert sleeps == [float(cell.fault.options["retry_after"])]


def _check_failure(cell: Cell, error: OktaSettingsError, control: EmulatorControl) -> None:
    outcome: Outcome = cell.outcome
    message = str(error)
    assert type(error.__cause__) is outcome.error, message
    assert f"{cell.operation.name} of the portal Okta SSO settings for organization {ORG!r}" in message
    assert f"{cell.operation.method} {okta_path(ORG)}" in message
    assert cell.fault.fragment in message
    attempts = FAST_RETRY.max_attempts if cell.variant is Variant.PERSISTENT else 1
    if attempts > 1:
        assert f"(after {attempts} attempts)" in message
    assert control.count(cell.operation.method, okta_path(ORG)) == attempts
    if cell.operation.method == "GET" and cell.operation.name == "create":
        assert control.count("PUT") == 0


@pytest.mark.parametrize("cell", CELLS, ids=[cell.id for cell in CELLS])
def test_fault_cell(
    cell: Cell,
    fast_provider: PortalOktaSettingsProvider,
    world: EmulatorControl,
    sleeps: list[float],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if cell.fault.kind not in TIMING_FAULTS:
        install_client_options(monkeypatch, sleeps, timeout=httpx.Timeout(UNTIMED_CLIENT_TIMEOUT_S))
    name = cell.operation.name
    id_, outs = ("", {}) if name == "create" else created(fast_provider)
    world.clear_requests()
    sleeps.clear()
    before = world.state()
    world.fault(
        cell.fault.kind,
        method=cell.operation.method,
        path=OKTA_PATH_PATTERN,
        count=cell.count,
        **cell.fault.options,
    )
    error: OktaSettingsError | None = None
    result: Any = None
    try:
        result = _run(fast_provider, name, id_, outs)
    except OktaSettingsError as exc:
        error = exc
    finally:
        if cell.fault.kind in {"delay", "late"}:
            time.sleep(SETTLE_S)
    after = world.state()

    if cell.outcome.result is Result.FAILS:
        assert error is not None, f"expected {cell.outcome.describe()}, but the {name} succeeded"
        _check_failure(cell, error, world)
        if cell.outcome.may_land and after != before:
            assert without_timestamp(after) == intended_state(before, name)
        else:
            assert after == before
        return
    assert error is None, f"expected {cell.outcome.describe()}, got: {error}"
    if cell.outcome.result is Result.ANSWERED:
        assert after == before
        assert result is None or result.id is None
        return
    _check_result(name, result, id_, outs)
    _check_converged(cell, result, sleeps, world)
    assert without_timestamp(after) == intended_state(before, name)
