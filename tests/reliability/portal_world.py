"""Helpers shared by the reliability tests: the client seam, portal-state expectations, fault control.

The client seam: the provider builds a fresh client per operation through its class attribute
``client_factory`` (an instance holds no client: it is pickled into state). The tests set that attribute
to a ``functools.partial`` of ``PortalClient`` that adds a short timeout, the fast retry policy and a
recording sleep; everything else - key and URL resolution, the client, httpx, the emulator - is the real
code over real loopback HTTP.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable, Mapping
from typing import Any, Final

import httpx
import pytest

from components.portal.client import DEFAULT_TIMEOUT, PortalClient
from components.portal.contract import OKTA_TYPE, secret_sha256
from components.portal.provider import PortalOktaSettingsProvider
from emulators.portal import EmulatorControl
from emulators.portal.control import CONTROL_PREFIX
from tests.portal.support import FAST_RETRY, ORG, desired_props

from .fault_table import CLIENT_TIMEOUT_S

__all__ = [
    "BYSTANDER",
    "OKTA_PATH_PATTERN",
    "UPDATED",
    "clear_faults",
    "install_client_options",
    "intended_state",
    "okta_path",
    "stored_okta",
    "without_timestamp",
]

BYSTANDER: Final = "bystander-org"
UPDATED: Final = {"client_secret": "okta-SECRET-rotated-71be", "audience": "rotated-audience"}
"""What the matrix's update changes: the secret and one compared field."""


def okta_path(organization: str) -> str:
    """The contract path of an organization's Okta method, as it appears in error messages."""
    return f"/organizations/{organization}/sso-methods/okta"


OKTA_PATH_PATTERN: Final = f"*{okta_path(ORG)}"


def install_client_options(
    monkeypatch: pytest.MonkeyPatch,
    sleeps: list[float],
    *,
    timeout: httpx.Timeout | None = None,
) -> None:
    """Every client the provider builds gets a small timeout, ``FAST_RETRY`` and a recording sleep."""
    factory: Callable[..., PortalClient] = functools.partial(
        PortalClient,
        timeout=timeout or httpx.Timeout(CLIENT_TIMEOUT_S),
        retry=FAST_RETRY,
        sleep=sleeps.append,
    )
    monkeypatch.setattr(PortalOktaSettingsProvider, "client_factory", factory)


def clear_faults(control: EmulatorControl) -> None:
    """``DELETE /_emulator/faults``: the control route exists, ``EmulatorControl`` has no method for it."""
    with httpx.Client(base_url=control.server_url + CONTROL_PREFIX, trust_env=False) as http:
        http.delete("/faults", timeout=DEFAULT_TIMEOUT).raise_for_status()


def stored_okta(props: Mapping[str, Any]) -> dict[str, Any]:
    """The Okta method as the emulator stores it after a PUT of ``props`` (without ``updated_at``)."""
    return {
        "client_id": props["client_id"],
        "base_url": props["base_url"],
        "audience": props["audience"],
        "issuer": props["issuer"],
        "client_secret_sha256": secret_sha256(props["client_secret"]),
        "type": OKTA_TYPE,
    }


def without_timestamp(state: Mapping[str, Any], organization: str = ORG) -> dict[str, Any]:
    """``state`` with the ``updated_at`` of one organization's Okta method dropped (a PUT sets it)."""
    clean = copy.deepcopy(dict(state))
    okta = clean["organizations"][organization]["sso_methods"].get(OKTA_TYPE)
    if okta is not None:
        okta.pop("updated_at", None)
    return clean


def intended_state(before: Mapping[str, Any], operation: str) -> dict[str, Any]:
    """The full emulator state a successful ``operation`` on :data:`ORG` leaves, timestamps aside."""
    state = without_timestamp(before)
    methods = state["organizations"][ORG]["sso_methods"]
    if operation == "create":
        methods[OKTA_TYPE] = stored_okta(desired_props())
    elif operation == "update":
        methods[OKTA_TYPE] = stored_okta(desired_props(**UPDATED))
    elif operation == "delete":
        methods.pop(OKTA_TYPE, None)
    return state
