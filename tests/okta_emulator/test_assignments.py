"""App group assignments, as okta_app_group_assignment(s) drive them."""

from __future__ import annotations

import httpx

from tests.okta_emulator.factories import links, oidc_app_body


def _app_id(client: httpx.Client) -> str:
    return str(client.post("/api/v1/apps", json=oidc_app_body()).json()["id"])


def _group_id(client: httpx.Client, name: str) -> str:
    groups = client.get("/api/v1/groups", params={"q": name}).json()
    return str(next(g["id"] for g in groups if g["profile"]["name"] == name))


def test_put_list_get_delete(client: httpx.Client) -> None:
    app_id = _app_id(client)
    engineering = _group_id(client, "Engineering")
    support = _group_id(client, "Support")

    created = client.put(f"/api/v1/apps/{app_id}/groups/{engineering}", json={"profile": {}})
    assert created.status_code == 200
    assert created.json()["id"] == engineering
    assert created.json()["priority"] == 0
    assert created.json()["_links"]["group"]["href"].endswith(f"/api/v1/groups/{engineering}")
    client.put(f"/api/v1/apps/{app_id}/groups/{support}", json={"priority": 5, "profile": {"role": "x"}})

    listed = client.get(f"/api/v1/apps/{app_id}/groups").json()
    assert [(a["id"], a["priority"], a["profile"]) for a in listed] == [
        (engineering, 0, {}),
        (support, 5, {"role": "x"}),
    ]
    assert client.get(f"/api/v1/apps/{app_id}/groups/{support}").json()["priority"] == 5

    assert client.delete(f"/api/v1/apps/{app_id}/groups/{engineering}").status_code == 204
    assert [a["id"] for a in client.get(f"/api/v1/apps/{app_id}/groups").json()] == [support]
    missing = client.get(f"/api/v1/apps/{app_id}/groups/{engineering}")
    assert missing.status_code == 404
    assert missing.json()["errorCode"] == "E0000007"
    assert client.delete(f"/api/v1/apps/{app_id}/groups/{engineering}").status_code == 404


def test_put_again_updates_in_place_keeping_priority(client: httpx.Client) -> None:
    app_id = _app_id(client)
    engineering = _group_id(client, "Engineering")
    support = _group_id(client, "Support")
    client.put(f"/api/v1/apps/{app_id}/groups/{engineering}")
    client.put(f"/api/v1/apps/{app_id}/groups/{support}")
    updated = client.put(f"/api/v1/apps/{app_id}/groups/{engineering}", json={"profile": {"a": 1}}).json()
    assert (updated["priority"], updated["profile"]) == (0, {"a": 1})
    assert len(client.get(f"/api/v1/apps/{app_id}/groups").json()) == 2


def test_unknown_app_or_group_is_404(client: httpx.Client) -> None:
    app_id = _app_id(client)
    no_group = client.put(f"/api/v1/apps/{app_id}/groups/00gMissing")
    assert no_group.status_code == 404
    assert no_group.json()["errorSummary"].endswith("00gMissing (UserGroup)")
    no_app = client.get("/api/v1/apps/0oaMissing/groups")
    assert no_app.status_code == 404
    assert no_app.json()["errorSummary"].endswith("0oaMissing (AppInstance)")


def test_bad_priority_is_400(client: httpx.Client) -> None:
    app_id = _app_id(client)
    group_id = _group_id(client, "Support")
    response = client.put(f"/api/v1/apps/{app_id}/groups/{group_id}", json={"priority": -1})
    assert response.status_code == 400
    assert response.json()["errorCode"] == "E0000001"


def test_assignments_page_with_link_headers(client: httpx.Client, control: httpx.Client) -> None:
    app_id = _app_id(client)
    group_ids = [control.post("/groups", json={"name": f"Team {n:02d}"}).json()["id"] for n in range(5)]
    for group_id in group_ids:
        client.put(f"/api/v1/apps/{app_id}/groups/{group_id}")

    seen: list[str] = []
    url: str | None = f"/api/v1/apps/{app_id}/groups?limit=2"
    pages = 0
    while url:
        response = client.get(url)
        assert len(response.headers.get_list("link")) in (1, 2)  # one header per relation
        assert "self" in links(response)
        seen += [a["id"] for a in response.json()]
        url = links(response).get("next")
        pages += 1
    assert seen == group_ids
    assert pages == 3


def test_deleting_the_app_drops_its_assignments(client: httpx.Client) -> None:
    app_id = _app_id(client)
    client.put(f"/api/v1/apps/{app_id}/groups/{_group_id(client, 'Support')}")
    client.post(f"/api/v1/apps/{app_id}/lifecycle/deactivate")
    client.delete(f"/api/v1/apps/{app_id}")
    assert client.get(f"/api/v1/apps/{app_id}/groups").status_code == 404


def test_app_users_is_an_empty_list(client: httpx.Client) -> None:
    assert client.get(f"/api/v1/apps/{_app_id(client)}/users").json() == []
