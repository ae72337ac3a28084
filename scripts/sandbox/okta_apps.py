"""Create (or find) an organization's OIDC web app in Okta over the management API, as an admin would.

The stack uses such an app through ``existingApp`` (the okta plugin cannot be built here), so the app
has to exist before ``pulumi up``. Okta lets the creator choose the client id and secret; the sandbox
does, so the app it seeds matches the credentials committed (encrypted) in its stack file, and
``ensure_oidc_app`` is idempotent: an app with that client id is reused, its secret put back if it
was changed. Without a client id and secret, Okta generates both (the end-to-end tests' usual path).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

import httpx

from components.sso_values import redirect_uri
from scripts.sandbox.errors import SandboxError

__all__ = ["OktaAdmin", "OktaApp"]

APPS_PATH: Final = "/api/v1/apps"
MAX_APPS_PAGE: Final = 200
TIMEOUT_S: Final = 10.0


@dataclass(frozen=True)
class OktaApp:
    """What an admin copies from the app's page into the stack config."""

    app_id: str
    label: str
    client_id: str
    client_secret: str


class OktaAdmin:
    """A small, synchronous client for the Okta app endpoints (``Authorization: SSWS <token>``)."""

    def __init__(self, org_url: str, api_token: str) -> None:
        self._http = httpx.Client(
            base_url=org_url.rstrip("/"),
            headers={"Authorization": f"SSWS {api_token}", "Accept": "application/json"},
            timeout=TIMEOUT_S,
            trust_env=False,
        )

    def __enter__(self) -> OktaAdmin:
        return self

    def __exit__(self, *_: object) -> None:
        self._http.close()

    def ensure_oidc_app(
        self,
        partner_identifier: str,
        *,
        label: str | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
    ) -> OktaApp:
        """The organization's portal app: found by ``client_id`` (secret restored), else created."""
        label = label or f"NordLayer ({partner_identifier})"
        existing = self._find(client_id) if client_id else None
        if existing is None:
            body = _app_body(partner_identifier, label, client_id, client_secret)
            return _app(self._request("POST", APPS_PATH, body))
        current = _app(existing, secret=self._secret(existing["id"]))
        if client_secret is None or current.client_secret == client_secret:
            return current
        return self._put_secret(existing, client_secret)

    def find_app(self, client_id: str) -> OktaApp | None:
        """The app with this client id (with its current secret), or ``None``."""
        existing = self._find(client_id)
        return None if existing is None else _app(existing, secret=self._secret(existing["id"]))

    def rotate_secret(self, app: OktaApp, new_secret: str) -> OktaApp:
        """Give the app a new client secret, as an admin rotating it would."""
        existing = self._find(app.client_id)
        if existing is None:
            raise SandboxError(f"no Okta app with client id {app.client_id!r}")
        return self._put_secret(existing, new_secret)

    def _put_secret(self, existing: dict[str, Any], client_secret: str) -> OktaApp:
        body = {key: value for key, value in existing.items() if key != "_links"}
        body["credentials"]["oauthClient"]["client_secret"] = client_secret
        return _app(self._request("PUT", f"{APPS_PATH}/{existing['id']}", body))

    def _find(self, client_id: str) -> dict[str, Any] | None:
        apps = self._request("GET", APPS_PATH, params={"limit": MAX_APPS_PAGE})
        assert isinstance(apps, list)
        return next((a for a in apps if a["credentials"]["oauthClient"]["client_id"] == client_id), None)

    def _secret(self, app_id: str) -> str:
        secrets = self._request("GET", f"{APPS_PATH}/{app_id}/credentials/secrets")
        active = [s["client_secret"] for s in secrets if s.get("status") == "ACTIVE"]
        if not active:
            raise SandboxError(f"Okta app {app_id} has no active client secret")
        return str(active[0])

    def _request(self, method: str, path: str, body: Any = None, params: dict[str, Any] | None = None) -> Any:
        response = self._http.request(method, path, json=body, params=params)
        if response.is_error:
            raise SandboxError(
                f"Okta {method} {path} failed with HTTP {response.status_code}: {response.text}"
            )
        return response.json()


def _app_body(
    partner_identifier: str, label: str, client_id: str | None, client_secret: str | None
) -> dict[str, Any]:
    """The same app the stack would create itself (see ``components.okta_portal_sso._oidc_app``)."""
    credentials: dict[str, Any] = {"token_endpoint_auth_method": "client_secret_basic"}
    if client_id:
        credentials["client_id"] = client_id
    if client_secret:
        credentials["client_secret"] = client_secret
    return {
        "label": label,
        "signOnMode": "OPENID_CONNECT",
        "credentials": {"oauthClient": credentials},
        "settings": {
            "implicitAssignment": False,
            "oauthClient": {
                "application_type": "web",
                "grant_types": ["authorization_code"],
                "response_types": ["code"],
                "redirect_uris": [redirect_uri(partner_identifier)],
                "consent_method": "TRUSTED",
                "issuer_mode": "ORG_URL",
                "wildcard_redirect": "DISABLED",
            },
        },
        "visibility": {"autoLaunch": False, "autoSubmitToolbar": False, "hide": {"iOS": True, "web": True}},
    }


def _app(raw: Any, secret: str | None = None) -> OktaApp:
    client = raw["credentials"]["oauthClient"]
    return OktaApp(
        app_id=str(raw["id"]),
        label=str(raw["label"]),
        client_id=str(client["client_id"]),
        client_secret=str(secret if secret is not None else client["client_secret"]),
    )
