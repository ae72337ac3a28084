"""No client secret and no API key in anything the provider leaves behind, in-process or in the real host.

Recognisable values go through every provider operation and through failures whose server messages
echo them back (401, 422, persistent 500, dropped and timed-out PUTs, 403). Collected: log records of
every logger at DEBUG (httpx, httpcore, ours, the emulator's), stdout/stderr at the file-descriptor
level, each exception's str/repr/traceback/pickle and causes, check/diff results, outputs, the pickled
provider and the emulator's state. All of it is searched for both values in plain, URL-encoded, JSON,
hex and base64 forms. Outputs may hold the client secret only in ``client_secret``, the one output the
resource marks secret.
"""

from __future__ import annotations

import base64
import json
import logging
import pickle
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from pulumi.dynamic import Config, ConfigureRequest
from pulumi.runtime import rpc

from components.portal.errors import OktaSettingsError
from components.portal.okta_settings import SECRET_OUTPUTS, PortalOktaSettingsArgs
from components.portal.provider import PortalOktaSettingsProvider
from emulators.portal import EmulatorControl
from tests.portal.resource_capture import declare
from tests.portal.support import PROJECT, desired_props

from .fault_table import PERSISTENT_COUNT
from .leak_scan import API_KEY, ECHO_422, KEY_ECHO, NEEDLES_WITH_KEY, PUT_ECHO, SECRET_A, SECRET_B, Evidence
from .portal_world import install_client_options


def _debug_everything(caplog: pytest.LogCaptureFixture) -> None:
    """DEBUG for the root and every logger that exists by now (some set their own level)."""
    caplog.set_level(logging.DEBUG)
    for name in ("httpx", "httpcore", "components", *logging.root.manager.loggerDict):
        caplog.set_level(logging.DEBUG, logger=name)


def _failure(evidence: Evidence, place: str, call: Callable[[], Any]) -> None:
    with pytest.raises(OktaSettingsError) as info:
        call()
    evidence.exception(place, info.value)


def _configured(api_url: str) -> PortalOktaSettingsProvider:
    provider = PortalOktaSettingsProvider()
    config = {f"{PROJECT}:portalApiKey": API_KEY, f"{PROJECT}:portalApiUrl": api_url}
    provider.configure(ConfigureRequest(Config(config, PROJECT)))
    return provider


def _lifecycle(provider: PortalOktaSettingsProvider, evidence: Evidence) -> tuple[str, dict[str, Any]]:
    props, rotated = desired_props(client_secret=SECRET_A), desired_props(client_secret=SECRET_B)
    check = provider.check({}, props)
    evidence.outputs("check inputs", check.inputs)
    evidence.add("check failures", repr(check.failures))
    bad = provider.check({}, desired_props(client_secret=SECRET_A * 40, audience=" "))
    assert {f.property for f in bad.failures} == {"client_secret", "audience"}
    evidence.add("failed check", repr([vars(f) for f in bad.failures]))
    created = provider.create(props)
    assert created.outs is not None
    assert created.outs["client_secret"] == SECRET_A
    evidence.outputs("create outputs", created.outs)
    diff = provider.diff(created.id, created.outs, rotated)
    assert diff.changes
    evidence.add("diff", repr(vars(diff)))
    read = provider.read(created.id, created.outs)
    assert read.outs is not None
    evidence.outputs("read outputs", read.outs)
    updated = provider.update(created.id, created.outs, rotated)
    assert updated.outs is not None
    assert updated.outs["client_secret"] == SECRET_B
    evidence.outputs("update outputs", updated.outs)
    return created.id, updated.outs


def test_the_provider_leaves_no_secret_anywhere(
    scan_control: EmulatorControl,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _debug_everything(caplog)
    monkeypatch.delenv("NORDLAYER_API_KEY", raising=False)
    install_client_options(monkeypatch, [])
    provider = _configured(scan_control.api_url)
    evidence = Evidence()
    evidence.add("provider repr", repr(provider))
    evidence.add("provider pickle", pickle.dumps(provider))
    id_, outs = _lifecycle(provider, evidence)
    rotated = desired_props(client_secret=SECRET_B)
    ctl = scan_control

    ctl.fault("status", method="GET", status=401, code=f"unauthorized {API_KEY}", message=KEY_ECHO)
    _failure(evidence, "401 on read", lambda: provider.read(id_, outs))
    ctl.fault("status", method="PUT", status=422, body=ECHO_422)
    _failure(evidence, "422 on update", lambda: provider.update(id_, outs, rotated))
    ctl.fault("status", method="PUT", status=500, message=PUT_ECHO, count=PERSISTENT_COUNT)
    _failure(evidence, "persistent 500 on update", lambda: provider.update(id_, outs, rotated))
    ctl.fault("drop", method="PUT", count=PERSISTENT_COUNT)
    _failure(evidence, "dropped update", lambda: provider.update(id_, outs, rotated))
    ctl.fault("delay", method="PUT", delay_s=0.6, count=PERSISTENT_COUNT)
    _failure(evidence, "timed-out update", lambda: provider.update(id_, outs, rotated))
    time.sleep(0.5)  # the held PUTs finish (and are dropped: their client left) before the state is read
    ctl.fault("status", method="DELETE", status=403, message=KEY_ECHO)
    _failure(evidence, "403 on delete", lambda: provider.delete(id_, outs))
    provider.delete(id_, outs)

    evidence.add("emulator state", json.dumps(ctl.state()))
    evidence.add("emulator request log", json.dumps(ctl.requests()))
    logged = evidence.records("log record", caplog.records)
    out, err = capfd.readouterr()
    evidence.add("stdout", out)
    evidence.add("stderr", err)

    hits = evidence.hits(NEEDLES_WITH_KEY)
    assert not hits, "\n".join(hits)
    assert logged > 0
    assert any(r.name.startswith("httpcore") and r.levelno == logging.DEBUG for r in caplog.records)
    assert any(r.name == "components.portal.client" for r in caplog.records)


def test_only_client_secret_carries_the_secret_and_it_is_marked_secret() -> None:
    _, registration = declare(PortalOktaSettingsArgs(**desired_props(client_secret=SECRET_A)))
    assert registration.secret_outputs == ("client_secret",)
    assert SECRET_OUTPUTS == ["client_secret"]
    assert rpc.unwrap_rpc_secret(registration.inputs["client_secret"]) == SECRET_A
    evidence = Evidence()
    evidence.outputs("registered inputs", registration.inputs)
    assert evidence.hits(NEEDLES_WITH_KEY) == []


@pytest.mark.parametrize(
    "leak",
    [
        lambda v: f"log line {v} end",
        lambda v: quote(f"x={v}", safe=""),
        lambda v: urlencode({"secret": v}),
        lambda v: json.dumps({"s": v}),
        lambda v: f"blob {v.encode().hex()}",
        *(
            (lambda v, p=prefix: base64.b64encode(p + v.encode()).decode())
            for prefix in (b"", b"A", b"ApiKey ", b"Basic: ")
        ),
        lambda v: base64.urlsafe_b64encode(b"xy" + v.encode()).decode(),
    ],
    ids=["plain", "url", "form", "json", "hex", "b64-0", "b64-1", "b64-7", "b64-8", "b64url-2"],
)
def test_the_scan_finds_each_form_it_searches(leak: Callable[[str], str]) -> None:
    """The zero-hit results above mean something only if a leak in any of these forms is found."""
    for value in (SECRET_A, API_KEY):
        evidence = Evidence()
        evidence.add("planted", leak(value))
        assert evidence.hits(NEEDLES_WITH_KEY), leak(value)
