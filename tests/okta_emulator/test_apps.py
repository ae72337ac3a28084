"""OIDC apps: create, read, replace, lifecycle and delete, with Okta's status codes and shapes."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from emulators.okta import EmulatorSettings
from tests.okta_emulator.factories import API_TOKEN, StartEmulator, links, oidc_app_body, okta_client


def _create(
    client: httpx.Client, label: str = "NordLayer portal", *, activate: bool | None = None, **oauth: object
) -> dict[str, Any]:
    params = {} if activate is None else {"activate": str(activate).lower()}
    response = client.post("/api/v1/apps", params=params, json=oidc_app_body(label, **oauth))
    assert response.status_code == 200, response.text
    app: dict[str, Any] = response.json()
    return app


def test_create_returns_okta_owned_fields_and_echoes_settings(client: httpx.Client) -> None:
    app = _create(client)
    app_id = str(app["id"])
    assert app_id.startswith("0oa")
    assert len(app_id) == 20
    assert app["status"] == "ACTIVE"
    assert app["name"] == "oidc_client"
    assert app["signOnMode"] == "OPENID_CONNECT"
    oauth_client = app["credentials"]["oauthClient"]
    assert oauth_client["client_id"] == app_id
    assert len(oauth_client["client_secret"]) >= 40
    assert app["settings"] == oidc_app_body()["settings"]  # echoed exactly: no perpetual diff
    app_links = app["_links"]
    assert app_links["groups"]["href"].endswith(f"/api/v1/apps/{app_id}/groups")
    assert app_links["deactivate"]["href"].endswith(f"/api/v1/apps/{app_id}/lifecycle/deactivate")


def test_get_omits_secret_and_put_keeps_it(client: httpx.Client) -> None:
    app = _create(client)
    app_id = app["id"]
    secret = app["credentials"]["oauthClient"]["client_secret"]

    fetched = client.get(f"/api/v1/apps/{app_id}").json()
    assert "client_secret" not in fetched["credentials"]["oauthClient"]
    assert fetched["settings"] == app["settings"]

    body = oidc_app_body("Renamed portal", redirect_uris=["https://portal.example.com/other"])
    replaced = client.put(f"/api/v1/apps/{app_id}", json=body)
    assert replaced.status_code == 200
    assert replaced.json()["label"] == "Renamed portal"
    assert replaced.json()["credentials"]["oauthClient"]["client_secret"] == secret
    assert replaced.json()["created"] == app["created"]
    again = client.get(f"/api/v1/apps/{app_id}").json()
    assert again["settings"]["oauthClient"]["redirect_uris"] == ["https://portal.example.com/other"]


def test_put_with_a_client_secret_sets_it(client: httpx.Client) -> None:
    app_id = _create(client)["id"]
    body = oidc_app_body()
    body["credentials"]["oauthClient"]["client_secret"] = "s" * 48
    replaced = client.put(f"/api/v1/apps/{app_id}", json=body).json()
    assert replaced["credentials"]["oauthClient"]["client_secret"] == "s" * 48


def test_lifecycle_and_delete_only_when_inactive(client: httpx.Client) -> None:
    app_id = _create(client)["id"]

    refused = client.delete(f"/api/v1/apps/{app_id}")
    assert refused.status_code == 403
    assert refused.json()["errorCode"] == "E0000056"

    assert client.post(f"/api/v1/apps/{app_id}/lifecycle/deactivate").json() == {}
    inactive = client.get(f"/api/v1/apps/{app_id}").json()
    assert inactive["status"] == "INACTIVE"
    assert "activate" in inactive["_links"]

    assert client.put(f"/api/v1/apps/{app_id}", json=oidc_app_body()).json()["status"] == "INACTIVE"
    assert client.post(f"/api/v1/apps/{app_id}/lifecycle/activate").status_code == 200
    assert client.get(f"/api/v1/apps/{app_id}").json()["status"] == "ACTIVE"
    client.post(f"/api/v1/apps/{app_id}/lifecycle/deactivate")

    assert client.delete(f"/api/v1/apps/{app_id}").status_code == 204
    gone = client.get(f"/api/v1/apps/{app_id}")
    assert gone.status_code == 404
    assert gone.json()["errorSummary"] == f"Not found: Resource not found: {app_id} (AppInstance)"


def test_create_inactive_with_activate_false(client: httpx.Client) -> None:
    app = _create(client, activate=False)
    assert app["status"] == "INACTIVE"
    assert client.delete(f"/api/v1/apps/{app['id']}").status_code == 204


@pytest.mark.parametrize(
    ("change", "cause"),
    [
        ({"label": ""}, "label: The field cannot be left blank"),
        ({"signOnMode": "SAML_2_0"}, "signOnMode: the emulator supports only OPENID_CONNECT"),
        ({"settings": {}}, "settings.oauthClient: The field cannot be left blank"),
    ],
)
def test_create_rejects_invalid_app(client: httpx.Client, change: dict[str, object], cause: str) -> None:
    response = client.post("/api/v1/apps", json={**oidc_app_body(), **change})
    assert response.status_code == 400
    error = response.json()
    assert error["errorCode"] == "E0000001"
    assert error["errorLink"] == "E0000001"
    assert error["errorId"].startswith("oae")
    assert error["errorCauses"] == [{"errorSummary": cause}]


def test_create_rejects_web_app_without_redirects_or_code(client: httpx.Client) -> None:
    response = client.post(
        "/api/v1/apps",
        json=oidc_app_body(redirect_uris=[], response_types=["token"], grant_types=["authorization_code"]),
    )
    assert response.status_code == 400
    causes = [c["errorSummary"] for c in response.json()["errorCauses"]]
    assert any(c.startswith("redirect_uris:") for c in causes)
    assert any(c.startswith("response_types:") for c in causes)


def test_malformed_body_is_e0000003(client: httpx.Client) -> None:
    response = client.post("/api/v1/apps", content=b"{not json", headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.json()["errorCode"] == "E0000003"


def test_custom_client_id_is_used_and_unique(client: httpx.Client) -> None:
    body = oidc_app_body()
    body["credentials"]["oauthClient"]["client_id"] = "portal-client"
    first = client.post("/api/v1/apps", json=body)
    assert first.json()["credentials"]["oauthClient"]["client_id"] == "portal-client"
    assert first.json()["id"].startswith("0oa")
    duplicate = client.post("/api/v1/apps", json=body)
    assert duplicate.status_code == 400
    assert "client_id" in duplicate.json()["errorCauses"][0]["errorSummary"]


def test_public_client_gets_no_secret(client: httpx.Client) -> None:
    body = oidc_app_body(application_type="browser")
    body["credentials"]["oauthClient"]["token_endpoint_auth_method"] = "none"
    app = client.post("/api/v1/apps", json=body).json()
    assert "client_secret" not in app["credentials"]["oauthClient"]
    assert client.get(f"/api/v1/apps/{app['id']}/credentials/secrets").json() == []


def test_secrets_list_names_the_current_secret(client: httpx.Client) -> None:
    app = _create(client)
    secrets = client.get(f"/api/v1/apps/{app['id']}/credentials/secrets").json()
    assert [s["status"] for s in secrets] == ["ACTIVE"]
    assert secrets[0]["client_secret"] == app["credentials"]["oauthClient"]["client_secret"]


def test_identity_engine_maps_new_apps_to_the_default_access_policy(client: httpx.Client) -> None:
    app = _create(client)
    policies = client.get("/api/v1/policies", params={"type": "ACCESS_POLICY"}).json()
    default = next(p for p in policies if p["system"])
    assert app["_links"]["accessPolicy"]["href"].endswith(f"/api/v1/policies/{default['id']}")
    assert client.put(f"/api/v1/apps/{app['id']}/policies/{default['id']}").status_code == 204
    assert client.put(f"/api/v1/apps/{app['id']}/policies/rstMissing").status_code == 404


def test_classic_org_has_no_access_policies(start_emulator: StartEmulator) -> None:
    server, _ = start_emulator(EmulatorSettings(api_token=API_TOKEN, pipeline="v1"))
    with okta_client(server) as client:
        assert client.get("/.well-known/okta-organization").json()["pipeline"] == "v1"
        app = _create(client)
        assert "accessPolicy" not in app["_links"]
        assert client.get("/api/v1/policies", params={"type": "ACCESS_POLICY"}).json() == []


def test_groups_claim_round_trip(client: httpx.Client) -> None:
    app_id = _create(client)["id"]
    path = f"/api/v1/internal/apps/{app_id}/settings/oauth/idToken"
    initial = client.get(path).json()
    assert initial["issuerMode"] == "ORG_URL"
    assert "name" not in initial
    claim = {
        "issuerMode": "ORG_URL",
        "name": "groups",
        "value": "Eng.*",
        "valueType": "GROUPS",
        "groupFilterType": "REGEX",
    }
    assert client.post(path, json=claim).status_code == 200
    assert {k: client.get(path).json()[k] for k in claim} == claim


def test_list_apps_by_label_prefix_and_pages(client: httpx.Client) -> None:
    ids = [_create(client, f"Portal {n}")["id"] for n in range(3)]
    _create(client, "Other app")
    assert [a["id"] for a in client.get("/api/v1/apps", params={"q": "portal"}).json()] == ids

    first = client.get("/api/v1/apps", params={"q": "Portal", "limit": 2})
    assert [a["id"] for a in first.json()] == ids[:2]
    next_url = links(first)["next"]
    assert f"after={ids[1]}" in next_url
    assert "q=Portal" in next_url
    second = client.get(next_url)
    assert [a["id"] for a in second.json()] == ids[2:]
    assert "next" not in links(second)

    active = client.get("/api/v1/apps", params={"filter": 'status eq "ACTIVE"'}).json()
    assert len(active) == 4
