"""Request bodies and raw-socket helpers shared by the emulator tests."""

from __future__ import annotations

import copy
import socket
from collections.abc import Callable
from typing import Any

import httpx

from emulators.okta import EmulatorSettings, OktaState
from emulators.serve import RunningServer

__all__ = ["API_TOKEN", "StartEmulator", "links", "oidc_app_body", "okta_client", "raw_http"]

API_TOKEN = "00emulator-test-token"  # an SSWS token, as the okta provider's apiToken

RECV_CHUNK = 65536
TIMEOUT_S = 10.0

StartEmulator = Callable[[EmulatorSettings], tuple[RunningServer, OktaState]]


def okta_client(server: RunningServer, token: str | None = API_TOKEN) -> httpx.Client:
    """A client as the okta plugin is one: JSON, and ``Authorization: SSWS <token>`` when given."""
    headers = {"Accept": "application/json"}
    if token is not None:
        headers["Authorization"] = f"SSWS {token}"
    return httpx.Client(base_url=server.url, headers=headers, timeout=TIMEOUT_S)


def links(response: httpx.Response) -> dict[str, str]:
    """rel -> URL from the response's Link headers (one header per relation, as Okta sends them)."""
    found: dict[str, str] = {}
    for value in response.headers.get_list("link"):
        target, _, rel = value.partition(";")
        found[rel.strip().removeprefix('rel="').removesuffix('"')] = target.strip().strip("<>")
    return found


def oidc_app_body(label: str = "NordLayer portal", **oauth_settings: Any) -> dict[str, Any]:
    """An OIDC web app shaped like the one the okta plugin sends for our okta.app.OAuth."""
    body: dict[str, Any] = {
        "label": label,
        "name": "oidc_client",
        "signOnMode": "OPENID_CONNECT",
        "accessibility": {"selfService": False},
        "visibility": {"autoSubmitToolbar": False, "hide": {"iOS": True, "web": True}},
        "credentials": {
            "oauthClient": {
                "autoKeyRotation": True,
                "token_endpoint_auth_method": "client_secret_basic",
                "pkce_required": False,
            },
            "userNameTemplate": {"template": "${source.login}", "type": "BUILT_IN"},
        },
        "settings": {
            "implicitAssignment": False,
            "notes": {},
            "oauthClient": {
                "application_type": "web",
                "grant_types": ["authorization_code"],
                "response_types": ["code"],
                "redirect_uris": ["https://portal.example.com/sso/callback"],
                "consent_method": "TRUSTED",
                "issuer_mode": "ORG_URL",
                "wildcard_redirect": "DISABLED",
            },
        },
    }
    body["settings"]["oauthClient"].update(copy.deepcopy(oauth_settings))
    return body


def raw_http(host: str, port: int, request_line: str, headers: dict[str, str], body: bytes = b"") -> str:
    """Send one request exactly as written (e.g. an absolute-form request line) and read the answer."""
    lines = [
        request_line,
        *(f"{name}: {value}" for name, value in headers.items()),
        f"Content-Length: {len(body)}",
        "Connection: close",
        "",
        "",
    ]
    with socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall("\r\n".join(lines).encode("latin-1") + body)
        chunks = []
        while chunk := sock.recv(RECV_CHUNK):
            chunks.append(chunk)
    return b"".join(chunks).decode("latin-1")
