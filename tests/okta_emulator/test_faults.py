"""Fault injection and the request log, over the control API."""

from __future__ import annotations

import email.utils

import httpx

from emulators.serve import RunningServer


def test_queued_429_carries_rate_limit_headers(client: httpx.Client, control: httpx.Client) -> None:
    rule = control.post(
        "/faults", json={"method": "GET", "path": "/api/v1/users/me", "status": 429, "reset_seconds": 5}
    )
    assert rule.status_code == 201

    limited = client.get("/api/v1/users/me")
    assert limited.status_code == 429
    assert limited.json()["errorCode"] == "E0000047"
    assert limited.json()["errorSummary"] == "API call exceeded rate limit due to too many requests."
    headers = limited.headers
    assert int(headers["x-rate-limit-remaining"]) == 0
    assert int(headers["x-rate-limit-limit"]) > 0
    reset = int(headers["x-rate-limit-reset"])
    date = email.utils.parsedate_to_datetime(headers["date"]).timestamp()
    assert 4 <= reset - date <= 6  # the SDKs back off for (reset - Date + 1) seconds
    assert "retry-after" not in headers  # Okta does not send it unless asked to
    assert client.get("/api/v1/users/me").status_code == 200  # count defaults to one
    assert control.get("/faults").json() == []


def test_count_skip_method_and_glob(client: httpx.Client, control: httpx.Client) -> None:
    control.post(
        "/faults",
        json={
            "method": "GET",
            "path": "/api/v1/groups*",
            "status": 503,
            "count": 2,
            "skip": 1,
            "retry_after": 0,
        },
    )
    statuses = [client.get("/api/v1/groups").status_code for _ in range(4)]
    assert statuses == [200, 503, 503, 200]
    assert client.post("/api/v1/groups", json={"profile": {"name": "X"}}).status_code == 200

    control.post(
        "/faults",
        json={"path": "/api/v1/apps/*", "status": 500, "error_code": "E0000009", "error_summary": "boom"},
    )
    failed = client.get("/api/v1/apps/0oaAnything")
    assert failed.status_code == 500
    assert failed.json()["errorSummary"] == "boom"


def test_fault_fires_before_the_token_check(server: RunningServer, control: httpx.Client) -> None:
    control.post("/faults", json={"path": "/api/v1/users/me", "status": 429, "retry_after": 2})
    response = httpx.get(server.url + "/api/v1/users/me")
    assert response.status_code == 429
    assert response.headers["retry-after"] == "2"


def test_clearing_faults(client: httpx.Client, control: httpx.Client) -> None:
    control.post("/faults", json={"path": "*", "status": 500, "count": 10})
    assert len(control.get("/faults").json()) == 1
    assert control.delete("/faults").status_code == 204
    assert client.get("/api/v1/users/me").status_code == 200


def test_invalid_fault_spec_is_rejected(control: httpx.Client) -> None:
    assert control.post("/faults", json={"path": "/x", "status": 200}).status_code == 422
    assert control.post("/faults", json={"status": 500}).status_code == 422


def test_request_log_counts_by_route(client: httpx.Client, control: httpx.Client) -> None:
    control.post("/faults", json={"path": "/api/v1/users/me", "status": 429})
    client.get("/api/v1/users/me")
    client.get("/api/v1/users/me")
    client.get("/api/v1/groups", params={"q": "Eng"})
    client.get("/api/v1/groups/00gMissing")
    log = control.get("/requests").json()
    assert log["total"] == 4
    assert log["counts"] == {
        "GET /api/v1/users/{user_id}": 1,
        "GET /api/v1/users/me": 1,  # the faulted call never reached a route
        "GET /api/v1/groups": 1,
        "GET /api/v1/groups/{group_id}": 1,
    }
    first, _, third, fourth = log["requests"]
    assert (first["status"], first["faulted"]) == (429, True)
    assert third["query"] == "q=Eng"
    assert fourth["status"] == 404
    assert control.delete("/requests").status_code == 204
    assert control.get("/requests").json()["total"] == 0


def test_reset_clears_everything(client: httpx.Client, control: httpx.Client) -> None:
    client.post("/api/v1/groups", json={"profile": {"name": "Temporary"}})
    control.post("/faults", json={"path": "/nothing", "status": 500})
    assert control.post("/reset").json() == {"status": "reset"}
    assert client.get("/api/v1/groups", params={"q": "Temporary"}).json() == []
    assert control.get("/faults").json() == []
    names = {g["profile"]["name"] for g in control.get("/groups").json()}
    assert names == {"Everyone", "Engineering", "Engineering Managers", "Support"}
