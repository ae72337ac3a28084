"""The secret scan through the real ``python -m pulumi.dynamic`` host, as the engine drives the provider.

The host runs with every logger at DEBUG (a ``sitecustomize`` on its ``PYTHONPATH`` configures logging
before the host starts), its stdout and stderr are kept, and every gRPC answer - properties, diff
responses, and the traceback text the host sends back for a failure - joins the searched evidence.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Final

import grpc
import pytest
from pulumi.runtime.proto import provider_pb2

from components.portal.contract import BASE_PATH
from components.portal.okta_settings import PortalOktaSettingsArgs
from emulators.portal import EmulatorControl
from emulators.serve import RunningServer
from tests.portal.dynamic_host import PROVIDER_KEY, DynamicHost
from tests.portal.resource_capture import declare
from tests.portal.support import ORG, PROJECT, desired_props

from .leak_scan import API_KEY, ECHO_422, KEY_ECHO, NEEDLES_WITH_KEY, PUT_ECHO, SECRET_A, SECRET_B, Evidence

SITECUSTOMIZE: Final = (
    "import logging, sys\n"
    "logging.basicConfig(level=logging.DEBUG, stream=sys.stderr,\n"
    "                    format='%(name)s %(levelname)s %(message)s %(args)r')\n"
    "logging.getLogger(__name__).debug('host logging at DEBUG')\n"
)
HOST_DEFAULT_ATTEMPTS: Final = 5
"""The host's clients use the default retry policy; a persistent fault outlasts it."""


class CapturingHost(DynamicHost):
    """A :class:`DynamicHost` that keeps what the host wrote to stdout after its port line."""

    stdout_rest = b""

    def close(self) -> None:
        """Stop the host, read its remaining stdout, then close as usual; safe to call twice."""
        stdout = self.process.stdout
        if stdout is not None and not stdout.closed:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
            self.stdout_rest = stdout.read()
        super().close()


@pytest.fixture(scope="module")
def provider_string() -> str:
    _, registration = declare(PortalOktaSettingsArgs(**desired_props()))
    value = registration.inputs[PROVIDER_KEY]
    assert isinstance(value, str)
    return value


@pytest.fixture
def host_dir(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    return tmp_path


@pytest.fixture
def host(host_dir: Path, scan_server: RunningServer) -> Iterator[CapturingHost]:
    running = CapturingHost(host_dir / "stderr.log", env={"PYTHONPATH": str(host_dir / "site")})
    try:
        running.configure(
            {f"{PROJECT}:portalApiKey": API_KEY, f"{PROJECT}:portalApiUrl": scan_server.url + BASE_PATH}
        )
        yield running
    finally:
        running.close()


def _host_failure(evidence: Evidence, place: str, call: Callable[[], Any]) -> str:
    with pytest.raises(grpc.RpcError) as info:
        call()
    failure = DynamicHost.failure(info.value)
    evidence.add(place, failure.details)
    return failure.details


def test_the_provider_host_leaves_no_secret_anywhere(
    host: CapturingHost, host_dir: Path, provider_string: str, scan_control: EmulatorControl
) -> None:
    evidence = Evidence()
    evidence.add("__provider", provider_string)
    props = {**desired_props(client_secret=SECRET_A), PROVIDER_KEY: provider_string}
    rotated = {**props, "client_secret": SECRET_B}
    inputs, failures = host.check({}, props)
    assert failures == []
    evidence.outputs("check inputs", inputs)
    _, bad = host.check({}, {**props, "client_secret": SECRET_A * 40})
    assert len(bad) == 1
    evidence.add("failed check", repr(bad))

    id_, outs = host.create(inputs)
    assert outs["client_secret"] == SECRET_A
    evidence.outputs("create outputs", outs)
    diff = host.diff(id_, outs, rotated)
    assert diff.changes == provider_pb2.DiffResponse.DIFF_SOME
    evidence.add("diff", str(diff))
    _, read = host.read(id_, outs)
    evidence.outputs("read outputs", read)
    updated = host.update(id_, outs, rotated)
    assert updated["client_secret"] == SECRET_B
    evidence.outputs("update outputs", updated)

    scan_control.fault("status", method="GET", status=401, message=KEY_ECHO)
    assert "AuthenticationError" in _host_failure(evidence, "401 on read", lambda: host.read(id_, updated))
    scan_control.fault("status", method="PUT", status=422, body=ECHO_422)
    assert "ValidationFailedError" in _host_failure(
        evidence, "422 on update", lambda: host.update(id_, updated, rotated)
    )
    # Retry-After: 0 keeps the host's default backoff (seconds per retry) out of the test's run time.
    scan_control.fault(
        "status", method="PUT", status=500, message=PUT_ECHO, retry_after="0", count=HOST_DEFAULT_ATTEMPTS + 2
    )
    other = {**rotated, "partner_identifier": "scan-other"}
    details = _host_failure(evidence, "persistent 500 on create", lambda: host.create(other))
    assert f"(after {HOST_DEFAULT_ATTEMPTS} attempts)" in details
    host.delete(id_, updated)
    assert scan_control.methods_of(ORG) == {"google": scan_control.methods_of(ORG)["google"]}

    host.close()
    stderr = (host_dir / "stderr.log").read_text(encoding="utf-8", errors="replace")
    assert "host logging at DEBUG" in stderr
    assert "httpcore" in stderr
    evidence.add("host stderr", stderr)
    evidence.add("host stdout", host.stdout_rest)
    hits = evidence.hits(NEEDLES_WITH_KEY)
    assert not hits, "\n".join(hits)
