"""Two stacks for different organizations, applied at the same time against one portal.

Pipelines run one stack per organization in parallel; meanwhile admins keep editing other SSO methods.
Neither stack may disturb the other, and no Google or Entra ID setting may be lost.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from emulators.portal import EmulatorControl
from scripts.sandbox.pulumi_cli import CommandResult
from tests.e2e.harness import E2EStack, okta_path
from tests.e2e.values import ORGS, NewStack

pytestmark = pytest.mark.e2e

ROUNDS = 2
MAX_ADMIN_EDITS = 500


def admin_edits(portal: EmulatorControl, stop: threading.Event) -> int:
    """Rewrite Google and Entra settings on both organizations until told to stop; returns the count."""
    edits = 0
    while not stop.is_set() and edits < MAX_ADMIN_EDITS:
        for org in ORGS:
            portal.set_method(
                org, "google", client_id=f"google-{org}-{edits}", hosted_domain=f"{org}.example"
            )
            portal.set_method(org, "entra", client_id=f"entra-{org}-{edits}", tenant_id=f"tenant-{org}")
        edits += 1
    return edits


def deploy(stack: E2EStack) -> list[CommandResult]:
    """Up, then up again with a rotated domain: a create and an in-place update, each racing the other."""
    first = stack.up()
    stack.configure({"nordlayer-okta-sso:oktaDomain": "login.rotated.example"})
    return [first, stack.up()]


def test_two_stacks_at_once_both_succeed_and_other_methods_survive(
    new_stack: NewStack, portal: EmulatorControl
) -> None:
    stacks = [new_stack(organizations=(org,), name=org) for org in ORGS]
    stop = threading.Event()
    with ThreadPoolExecutor(max_workers=3) as pool:
        editor = pool.submit(admin_edits, portal, stop)
        runs = [pool.submit(deploy, stack) for stack in stacks]
        try:
            for run in runs:
                run.result(timeout=300)
        finally:
            stop.set()
        edits = editor.result(timeout=60)
    assert edits > 0
    for org, stack in zip(ORGS, stacks, strict=True):
        methods = portal.methods_of(org)
        assert set(methods) == {"okta", "google", "entra"}, methods
        assert methods["google"]["client_id"] == f"google-{org}-{edits - 1}"
        assert methods["entra"]["client_id"] == f"entra-{org}-{edits - 1}"
        assert methods["okta"]["client_id"] == stack.apps[org].client_id
        assert methods["okta"]["issuer"] == "https://login.rotated.example"
        assert list(stack.portal_resources()) == [org]
        stack.preview("--expect-no-changes")
    puts = [e["path"] for e in portal.requests()["log"] if e["method"] == "PUT"]
    assert sorted(puts) == sorted(okta_path(org) for org in ORGS for _ in range(ROUNDS))
