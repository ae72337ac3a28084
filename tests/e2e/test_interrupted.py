"""A ``pulumi up`` killed after the portal committed our write, but before the engine recorded it.

The next run must converge without ``adoptExisting``: the settings carry our own client id, so they are
our own unrecorded write, not someone else's configuration.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import time
from collections.abc import Callable

import pytest

from emulators.portal import EmulatorControl
from tests.e2e.harness import STACK, okta_path, writes
from tests.e2e.values import NewStack

pytestmark = pytest.mark.e2e

ORG = "acme-corp"
WAIT_S = 60.0


def wait_until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    pytest.fail(f"gave up waiting for {what}")


def test_killed_up_after_the_portal_write_converges_on_the_next_run(
    new_stack: NewStack, portal: EmulatorControl
) -> None:
    stack = new_stack(organizations=(ORG,))
    # The portal commits the PUT, then holds the reply back long enough for us to kill the engine.
    portal.fault("late", method="PUT", path=f"*{okta_path(ORG)}", delay_s=30.0)
    command = [str(stack.cli.bin_dir / "pulumi"), "up", "--yes", "--skip-preview", "--stack", STACK]
    with subprocess.Popen(
        command,
        cwd=stack.project,
        env=stack.cli.env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    ) as process:
        wait_until(lambda: "okta" in portal.methods_of(ORG), "the portal to commit the PUT")
        os.killpg(process.pid, signal.SIGKILL)  # the engine, the language host and the provider host
        process.communicate(timeout=WAIT_S)
    assert "okta" in portal.methods_of(ORG)

    # The CLI's own advice, in its order: release the dead run's lock, then clear its pending create.
    locked = stack.up(ok=False)
    assert "pulumi cancel" in locked.output
    stack.run("cancel", "--yes")
    stack.refresh("--clear-pending-creates")
    assert not stack.export()["deployment"].get("pending_operations")
    portal.clear_requests()

    # Without adoptExisting: the portal holds our own client id, so create takes the settings over.
    stack.up()
    assert writes(portal) in ([], [f"PUT {okta_path(ORG)}"]), writes(portal)
    okta = portal.methods_of(ORG)["okta"]
    assert okta["client_id"] == stack.apps[ORG].client_id
    assert okta["client_secret_sha256"] == hashlib.sha256(stack.apps[ORG].client_secret.encode()).hexdigest()
    assert list(stack.portal_resources()) == [ORG]
    portal.clear_requests()
    stack.preview("--expect-no-changes")
    assert writes(portal) == []
