"""What every request meets first: proxy-style request lines, the SSWS check, headers, unknown routes."""

from __future__ import annotations

import email.utils
import json

import httpx
import pytest

from emulators.okta import EmulatorSettings
from emulators.serve import RunningServer
from tests.okta_emulator.factories import API_TOKEN, StartEmulator, okta_client, raw_http


def _split(raw: str) -> tuple[int, dict[str, str], str]:
    head, _, body = raw.partition("\r\n\r\n")
    status_line, *header_lines = head.split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in header_lines)}
    return int(status_line.split()[1]), headers, body


def test_absolute_form_request_line_is_served(server: RunningServer, control: httpx.Client) -> None:
    authority = f"{server.host}:{server.port}"
    raw = raw_http(
        server.host,
        server.port,
        f"GET http://{authority}/api/v1/users/me HTTP/1.1",
        {"Host": authority, "Authorization": f"SSWS {API_TOKEN}", "Accept": "application/json"},
    )
    status, _, body = _split(raw)
    assert status == 200
    assert json.loads(body)["status"] == "ACTIVE"
    logged = control.get("/requests").json()["requests"][-1]
    assert logged["path"] == "/api/v1/users/me"
    assert logged["absolute_form"] is True


def test_absolute_form_with_query_and_body(server: RunningServer, client: httpx.Client) -> None:
    authority = f"{server.host}:{server.port}"
    raw = raw_http(
        server.host,
        server.port,
        f"GET http://{authority}/api/v1/groups?q=Supp HTTP/1.1",
        {"Host": authority, "Authorization": f"SSWS {API_TOKEN}"},
    )
    status, _, body = _split(raw)
    assert status == 200
    assert [g["profile"]["name"] for g in json.loads(body)] == ["Support"]

    group_body = json.dumps({"profile": {"name": "Via proxy"}}).encode()
    headers = {"Host": authority, "Authorization": f"SSWS {API_TOKEN}", "Content-Type": "application/json"}
    request_line = f"POST http://{authority}/api/v1/groups HTTP/1.1"
    raw = raw_http(server.host, server.port, request_line, headers, group_body)
    assert _split(raw)[0] == 200
    assert client.get("/api/v1/groups", params={"q": "Via proxy"}).json()[0]["profile"]["name"] == "Via proxy"


def test_portless_proxy_target_still_gets_the_real_org_url(server: RunningServer) -> None:
    """The plugin's v5/v6 SDK clients drop the port: ``GET http://127.0.0.1/...``, ``Host: 127.0.0.1``."""
    request_line = f"GET http://{server.host}/api/v1/authorizationServers/default HTTP/1.1"
    headers = {"Host": server.host, "Authorization": f"SSWS {API_TOKEN}", "Proxy-Authorization": "Basic Og=="}
    raw = raw_http(server.host, server.port, request_line, headers)
    status, _, body = _split(raw)
    assert status == 200
    assert json.loads(body)["issuer"] == f"{server.url}/oauth2/default"


@pytest.mark.parametrize("authorization", [None, "SSWS wrong-token", f"Bearer {API_TOKEN}", "SSWS"])
def test_bad_credentials_are_401_e0000011(server: RunningServer, authorization: str | None) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}
    response = httpx.get(server.url + "/api/v1/users/me", headers=headers)
    assert response.status_code == 401
    assert response.json() == {
        "errorCode": "E0000011",
        "errorSummary": "Invalid token provided",
        "errorLink": "E0000011",
        "errorId": response.json()["errorId"],
        "errorCauses": [],
    }


def test_without_a_configured_token_any_ssws_token_works(start_emulator: StartEmulator) -> None:
    server, _ = start_emulator(EmulatorSettings())
    with okta_client(server, token="anything") as client:
        assert client.get("/api/v1/users/me").status_code == 200
    with okta_client(server, token=None) as client:
        assert client.get("/api/v1/users/me").status_code == 401


def test_responses_carry_okta_headers(client: httpx.Client) -> None:
    response = client.get("/api/v1/users/me")
    assert response.headers["content-type"].startswith("application/json")
    assert len(response.headers["x-okta-request-id"]) > 10
    assert int(response.headers["x-rate-limit-limit"]) > 0
    assert 0 <= int(response.headers["x-rate-limit-remaining"]) < int(response.headers["x-rate-limit-limit"])
    assert email.utils.parsedate_to_datetime(response.headers["date"]) is not None
    assert (
        int(response.headers["x-rate-limit-reset"])
        > email.utils.parsedate_to_datetime(response.headers["date"]).timestamp() - 1
    )


def test_unknown_endpoint_and_method_answer_like_okta(client: httpx.Client) -> None:
    missing = client.get("/api/v1/nothing-here")
    assert missing.status_code == 404
    assert missing.json()["errorCode"] == "E0000007"
    wrong_method = client.patch("/api/v1/users/me")
    assert wrong_method.status_code == 405
    assert wrong_method.json()["errorCode"] == "E0000022"


def test_control_api_needs_no_token_and_is_not_logged(server: RunningServer, control: httpx.Client) -> None:
    assert control.get("/state").status_code == 200
    assert control.get("/requests").json()["total"] == 0
