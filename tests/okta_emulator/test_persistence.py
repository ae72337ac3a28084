"""The state file, the CLI's settings, and the package's public surface."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import httpx
import pytest

import emulators.okta
from emulators.okta import EmulatorSettings, OktaState
from emulators.okta.__main__ import add_arguments, build_app
from emulators.serve import serve_in_thread
from tests.okta_emulator.factories import API_TOKEN, StartEmulator, oidc_app_body, okta_client


def test_state_survives_a_restart(tmp_path: Path, start_emulator: StartEmulator) -> None:
    state_file = tmp_path / "okta-state.json"
    settings = EmulatorSettings(api_token=API_TOKEN, state_file=state_file, seed_groups=("Engineering",))
    first, _ = start_emulator(settings)
    with okta_client(first) as client:
        app = client.post("/api/v1/apps", json=oidc_app_body()).json()
        group = client.get("/api/v1/groups", params={"q": "Engineering"}).json()[0]
        client.put(f"/api/v1/apps/{app['id']}/groups/{group['id']}")
        org_id = client.get("/api/v1/org").json()["id"]
    assert json.loads(state_file.read_text())["version"] == 1

    second, _ = start_emulator(settings)
    with okta_client(second) as client:
        again = client.get(f"/api/v1/apps/{app['id']}").json()
        assert again["label"] == app["label"]
        client_id = app["credentials"]["oauthClient"]["client_id"]
        assert again["credentials"]["oauthClient"]["client_id"] == client_id
        assert [a["id"] for a in client.get(f"/api/v1/apps/{app['id']}/groups").json()] == [group["id"]]
        assert client.get("/api/v1/org").json()["id"] == org_id
        # Seeds are idempotent: the group is not duplicated on reload.
        assert len(client.get("/api/v1/groups", params={"q": "Engineering"}).json()) == 1


def test_reset_rewrites_the_file(tmp_path: Path) -> None:
    state_file = tmp_path / "state.json"
    state = OktaState(EmulatorSettings(state_file=state_file))
    state.add_group("Short-lived")
    assert "Short-lived" in state_file.read_text()
    state.reset()
    assert "Short-lived" not in state_file.read_text()


def test_unknown_state_file_version_is_refused(tmp_path: Path) -> None:
    state_file = tmp_path / "state.json"
    state_file.write_text(json.dumps({"version": 99, "org": {}}))
    with pytest.raises(ValueError, match="unsupported state file version"):
        OktaState(EmulatorSettings(state_file=state_file))


def test_bad_pipeline_is_refused() -> None:
    with pytest.raises(ValueError, match="pipeline"):
        EmulatorSettings(pipeline="v2")


def test_cli_arguments_build_the_configured_app(tmp_path: Path) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int)
    add_arguments(parser)
    args = parser.parse_args(
        [
            "--port",
            "0",
            "--api-token",
            API_TOKEN,
            "--state-file",
            str(tmp_path / "s.json"),
            "--seed-groups",
            "Engineering, Support,",
            "--seed-auth-servers",
            "partners",
            "--pipeline",
            "v1",
        ]
    )
    assert args.seed_groups == ("Engineering", "Support")
    with serve_in_thread(build_app(args)) as server, okta_client(server) as client:
        assert client.get("/.well-known/okta-organization").json()["pipeline"] == "v1"
        groups = client.get("/api/v1/groups", params={"q": "S"}).json()
        assert [g["profile"]["name"] for g in groups] == ["Support"]
        names = {s["name"] for s in client.get("/api/v1/authorizationServers").json()}
        assert names == {"default", "partners"}
        wrong_token = httpx.get(server.url + "/api/v1/users/me", headers={"Authorization": "SSWS x"})
        assert wrong_token.status_code == 401
    assert (tmp_path / "s.json").exists()


def test_public_surface() -> None:
    expected = ["DEFAULT_SERVER_ID", "EmulatorSettings", "OktaState", "create_app"]
    assert sorted(emulators.okta.__all__) == expected
    for name in emulators.okta.__all__:
        assert hasattr(emulators.okta, name)
