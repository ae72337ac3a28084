"""Authorization servers (the okta_auth_server data source) and access policies."""

from __future__ import annotations

import httpx


def test_default_server_always_exists(client: httpx.Client) -> None:
    server = client.get("/api/v1/authorizationServers/default").json()
    assert server["id"] == "default"
    assert server["name"] == "default"
    assert server["audiences"] == ["api://default"]
    assert server["issuer"] == f"{str(client.base_url).rstrip('/')}/oauth2/default"
    assert server["status"] == "ACTIVE"
    signing = server["credentials"]["signing"]
    assert signing["rotationMode"] == "AUTO"
    assert signing["nextRotation"].endswith("Z")


def test_q_matches_name_or_audience_prefix(client: httpx.Client) -> None:
    by_name = client.get("/api/v1/authorizationServers", params={"q": "part"}).json()
    assert [s["name"] for s in by_name] == ["partners"]
    assert by_name[0]["id"].startswith("aus")
    assert by_name[0]["issuer"].endswith(f"/oauth2/{by_name[0]['id']}")
    by_audience = client.get("/api/v1/authorizationServers", params={"q": "api://def"}).json()
    assert [s["name"] for s in by_audience] == ["default"]
    assert len(client.get("/api/v1/authorizationServers").json()) == 2


def test_seeded_server_over_the_control_api(client: httpx.Client, control: httpx.Client) -> None:
    seeded = control.post("/authorization-servers", json={"name": "resellers", "audiences": ["api://r"]})
    assert seeded.status_code == 201
    again = control.post("/authorization-servers", json={"name": "resellers"})
    assert again.status_code == 200
    assert again.json()["id"] == seeded.json()["id"]
    fetched = client.get(f"/api/v1/authorizationServers/{seeded.json()['id']}").json()
    assert fetched["audiences"] == ["api://r"]
    taken = control.post("/authorization-servers", json={"name": "other", "id": "default"})
    assert taken.status_code == 409


def test_unknown_server_is_404(client: httpx.Client) -> None:
    response = client.get("/api/v1/authorizationServers/ausMissing")
    assert response.status_code == 404
    assert response.json()["errorSummary"].endswith("ausMissing (AuthorizationServer)")


def test_policies_need_a_type(client: httpx.Client) -> None:
    assert client.get("/api/v1/policies").status_code == 400
    assert client.get("/api/v1/policies", params={"type": "NOPE"}).status_code == 400
    policies = client.get("/api/v1/policies", params={"type": "ACCESS_POLICY"}).json()
    assert [(p["type"], p["system"]) for p in policies] == [("ACCESS_POLICY", True)]
    assert client.get(f"/api/v1/policies/{policies[0]['id']}").json()["name"] == "Default Policy"
    assert client.get("/api/v1/policies/rstMissing").status_code == 404
