"""Groups (search semantics the okta_group data source relies on), the admin user, the org."""

from __future__ import annotations

import httpx
import pytest

from emulators.okta import EmulatorSettings
from tests.okta_emulator.factories import API_TOKEN, StartEmulator, okta_client


def _names(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [g["profile"]["name"] for g in response.json()]


def test_q_is_a_case_insensitive_prefix_match(client: httpx.Client) -> None:
    assert _names(client.get("/api/v1/groups", params={"q": "Engineering"})) == [
        "Engineering",
        "Engineering Managers",
    ]
    assert _names(client.get("/api/v1/groups", params={"q": "engineering m"})) == ["Engineering Managers"]
    assert _names(client.get("/api/v1/groups", params={"q": "neering"})) == []
    assert _names(client.get("/api/v1/groups", params={"q": "Supp"})) == ["Support"]


def test_group_shape(client: httpx.Client) -> None:
    group = client.get("/api/v1/groups", params={"q": "Support"}).json()[0]
    assert group["id"].startswith("00g")
    assert group["type"] == "OKTA_GROUP"
    assert group["objectClass"] == ["okta:user_group"]
    assert group["_links"]["users"]["href"].endswith(f"/api/v1/groups/{group['id']}/users")
    assert client.get(f"/api/v1/groups/{group['id']}").json()["profile"]["name"] == "Support"
    assert client.get(f"/api/v1/groups/{group['id']}/users").json() == []


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ('profile.name eq "Engineering"', ["Engineering"]),
        ('profile.name sw "Eng" and type eq "OKTA_GROUP"', ["Engineering", "Engineering Managers"]),
        ('type eq "BUILT_IN"', ["Everyone"]),
        ('(profile.name eq "Support" or profile.name eq "Everyone") and type ne "BUILT_IN"', ["Support"]),
    ],
)
def test_search_expressions(client: httpx.Client, expression: str, expected: list[str]) -> None:
    assert _names(client.get("/api/v1/groups", params={"search": expression})) == expected


def test_filter_combines_with_q(client: httpx.Client) -> None:
    response = client.get("/api/v1/groups", params={"q": "E", "filter": 'type eq "OKTA_GROUP"'})
    assert _names(response) == ["Engineering", "Engineering Managers"]


def test_bad_search_is_400(client: httpx.Client) -> None:
    response = client.get("/api/v1/groups", params={"search": "profile.name like 'x'"})
    assert response.status_code == 400
    assert response.json()["errorCode"] == "E0000031"


def test_unknown_group_is_404(client: httpx.Client) -> None:
    response = client.get("/api/v1/groups/00gMissing")
    assert response.status_code == 404
    assert response.json()["errorSummary"] == "Not found: Resource not found: 00gMissing (UserGroup)"


def test_group_create_rename_delete(client: httpx.Client) -> None:
    created = client.post("/api/v1/groups", json={"profile": {"name": "Partners", "description": "p"}})
    assert created.status_code == 200
    group_id = created.json()["id"]
    duplicate = client.post("/api/v1/groups", json={"profile": {"name": "Partners"}})
    assert duplicate.status_code == 400
    renamed = client.put(f"/api/v1/groups/{group_id}", json={"profile": {"name": "Partner admins"}})
    assert renamed.json()["profile"] == {"name": "Partner admins", "description": None}
    assert client.delete(f"/api/v1/groups/{group_id}").status_code == 204
    everyone = client.get("/api/v1/groups", params={"q": "Everyone"}).json()[0]
    assert client.delete(f"/api/v1/groups/{everyone['id']}").status_code == 403


def test_users_me_is_the_token_owner(client: httpx.Client) -> None:
    me = client.get("/api/v1/users/me")
    assert me.status_code == 200
    user = me.json()
    assert user["id"].startswith("00u")
    assert user["status"] == "ACTIVE"
    assert user["profile"]["login"] == user["profile"]["email"]
    assert client.get(f"/api/v1/users/{user['id']}").json()["id"] == user["id"]
    assert client.get("/api/v1/users/00uSomeoneElse").status_code == 404


def test_wellknown_org_is_public_and_names_the_pipeline(server: object, client: httpx.Client) -> None:
    public = httpx.get(str(client.base_url) + "/.well-known/okta-organization")
    assert public.status_code == 200
    metadata = public.json()
    assert metadata["pipeline"] == "idx"
    assert metadata["id"].startswith("00o")
    assert metadata["_links"]["organization"]["href"] == str(client.base_url).rstrip("/")
    org = client.get("/api/v1/org").json()
    assert org["id"] == metadata["id"]
    assert org["status"] == "ACTIVE"


def test_org_url_override_shows_in_links_and_issuers(start_emulator: StartEmulator) -> None:
    server, _ = start_emulator(EmulatorSettings(api_token=API_TOKEN, org_url="https://sandbox.okta.local/"))
    with okta_client(server) as client:
        metadata = client.get("/.well-known/okta-organization").json()
        assert metadata["_links"]["organization"]["href"] == "https://sandbox.okta.local"
        assert client.get("/api/v1/org").json()["subdomain"] == "sandbox"
        issuer = client.get("/api/v1/authorizationServers/default").json()["issuer"]
        assert issuer == "https://sandbox.okta.local/oauth2/default"
