"""The emulator speaks the contract over real HTTP: auth, ownership, errors, paging, faults, state file."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from components.portal.contract import secret_sha256
from emulators.portal import EmulatorControl, PortalState, create_app
from emulators.serve import free_port, serve_in_thread

from .support import API_KEY, ORG, SECRET, settings_input

REPO = Path(__file__).resolve().parents[2]
OKTA = f"/organizations/{ORG}/sso-methods/okta"


@pytest.fixture
def raw(control: EmulatorControl) -> Iterator[httpx.Client]:
    """A plain httpx client with the right key: the emulator seen without our portal client."""
    with httpx.Client(
        base_url=control.api_url, headers={"Authorization": f"ApiKey {API_KEY}"}, trust_env=False
    ) as http:
        yield http


def test_a_missing_or_wrong_key_is_401_with_the_error_envelope(control: EmulatorControl) -> None:
    for headers in ({}, {"Authorization": "ApiKey wrong"}, {"Authorization": API_KEY}):
        response = httpx.get(control.api_url + OKTA, headers=headers, trust_env=False)
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "unauthorized"


def test_ownership_and_existence(raw: httpx.Client) -> None:
    foreign = raw.get("/organizations/foreign-org/sso-methods/okta")
    assert foreign.status_code == 403
    assert foreign.json()["error"]["code"] == "organization_not_managed"
    missing = raw.get("/organizations/nobody/sso-methods")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "organization_not_found"
    assert raw.get(OKTA).json()["error"]["code"] == "not_found"
    assert raw.delete(OKTA).status_code == 404


def test_put_validates_and_answers_422_with_fields(raw: httpx.Client) -> None:
    body = settings_input().to_wire() | {"base_url": "http://plain", "audience": ""}
    response = raw.put(OKTA, json=body)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_failed"
    assert set(error["fields"]) == {"base_url", "audience"}
    assert SECRET not in response.text
    assert raw.put(OKTA, content=b"{not json").json()["error"]["code"] == "validation_failed"


def test_put_get_delete_round_trip_never_returns_the_secret(
    raw: httpx.Client, control: EmulatorControl
) -> None:
    put = raw.put(OKTA, json=settings_input().to_wire())
    assert put.status_code == 200
    got = raw.get(OKTA)
    assert got.json() == put.json()
    assert got.json()["client_secret_sha256"] == secret_sha256(SECRET)
    for text in (
        put.text,
        got.text,
        raw.get(f"/organizations/{ORG}/sso-methods").text,
        json.dumps(control.state()),
    ):
        assert SECRET not in text
    assert raw.delete(OKTA).status_code == 204
    assert raw.get(OKTA).status_code == 404


def test_okta_writes_leave_other_methods_alone(raw: httpx.Client, control: EmulatorControl) -> None:
    control.set_method(ORG, "google", domain="acme.example")
    control.set_method(ORG, "entra", tenant_id="tenant-1")
    raw.put(OKTA, json=settings_input().to_wire())
    types = [m["type"] for m in raw.get(f"/organizations/{ORG}/sso-methods").json()]
    assert types == ["entra", "google", "okta"]
    raw.delete(OKTA)
    assert set(control.methods_of(ORG)) == {"google", "entra"}


def test_organizations_are_paged_and_only_ours(raw: httpx.Client, control: EmulatorControl) -> None:
    for n in range(5):
        control.seed_org(f"org-{n}")
    first = raw.get("/organizations", params={"limit": 4, "offset": 0}).json()
    second = raw.get("/organizations", params={"limit": 4, "offset": 4}).json()
    identifiers = [o["identifier"] for o in first + second]
    assert identifiers == sorted([ORG, *(f"org-{n}" for n in range(5))])
    assert set(first[0]) == {"identifier", "title", "plan_identifier"}
    assert raw.get("/organizations", params={"limit": 201}).status_code == 422


def test_faults_fire_count_times_for_matching_requests(raw: httpx.Client, control: EmulatorControl) -> None:
    control.fault("status", method="GET", path="*/okta", count=2, status=429, retry_after="3")
    statuses = [raw.get(OKTA) for _ in range(3)]
    assert [r.status_code for r in statuses] == [429, 429, 404]
    assert statuses[0].headers["Retry-After"] == "3"
    assert statuses[0].json()["error"]["code"] == "rate_limited"
    assert control.pending_faults() == []
    assert control.requests()["by_method"] == {"GET": 3}


@pytest.mark.parametrize(
    ("kind", "error"), [("drop", httpx.RemoteProtocolError), ("truncated", httpx.RemoteProtocolError)]
)
def test_connection_level_faults(
    raw: httpx.Client, control: EmulatorControl, kind: str, error: type[Exception]
) -> None:
    control.fault(kind, path="*/okta")
    with pytest.raises(error):
        raw.get(OKTA)
    assert raw.get(OKTA).status_code == 404


def test_body_faults(raw: httpx.Client, control: EmulatorControl) -> None:
    control.fault("non_json", path="*/okta", status=502)
    response = raw.get(OKTA)
    assert response.status_code == 502
    assert response.headers["content-type"].startswith("text/html")
    control.fault("oversized", path="*/okta")
    assert len(raw.get(OKTA).content) >= 10 * 1024 * 1024


def test_a_delay_fault_delays_then_answers(raw: httpx.Client, control: EmulatorControl) -> None:
    control.fault("delay", path="*/okta", delay_s=0.3)
    started = time.monotonic()
    assert raw.get(OKTA).status_code == 404
    assert time.monotonic() - started >= 0.3


def test_the_control_api_is_not_part_of_the_contract(control: EmulatorControl) -> None:
    document = httpx.get(control.server_url + "/openapi.json", trust_env=False).json()
    assert all(path.startswith("/msp/v1/") for path in document["paths"])


def test_a_state_file_outlives_the_process(tmp_path: Path) -> None:
    state_file = tmp_path / "portal.json"
    with serve_in_thread(
        create_app(PortalState(api_key=API_KEY, state_file=state_file, seed_orgs=["alpha", "beta"]))
    ) as server:
        ctl = EmulatorControl(server.url)
        httpx.put(
            ctl.api_url + "/organizations/alpha/sso-methods/okta",
            json=settings_input().to_wire(),
            headers={"Authorization": f"ApiKey {API_KEY}"},
            trust_env=False,
        ).raise_for_status()
        ctl.close()
    reloaded = PortalState(state_file=state_file)
    assert set(reloaded.data.organizations) == {"alpha", "beta"}
    assert reloaded.data.organizations["alpha"].sso_methods["okta"]["client_secret_sha256"] == secret_sha256(
        SECRET
    )
    assert SECRET not in state_file.read_text(encoding="utf-8")
    assert API_KEY not in state_file.read_text(encoding="utf-8")


def test_the_cli_serves_with_key_seed_and_state_file(tmp_path: Path) -> None:
    port = free_port()
    state_file = tmp_path / "state.json"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "emulators.portal",
            "--port",
            str(port),
            "--api-key",
            "cli-key",
            "--seed-orgs",
            "one,two",
            "--state-file",
            str(state_file),
        ],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/msp/v1/organizations"
        deadline = time.monotonic() + 20
        while True:
            try:
                response = httpx.get(url, headers={"Authorization": "ApiKey cli-key"}, trust_env=False)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        assert [o["identifier"] for o in response.json()] == ["one", "two"]
        assert json.loads(state_file.read_text(encoding="utf-8"))["organizations"].keys() == {"one", "two"}
    finally:
        process.terminate()
        process.wait(timeout=10)
