"""OIDC applications (``signOnMode: OPENID_CONNECT``): validation, create/replace, presentation.

The emulator stores what the client sent and echoes it back, adding only what Okta owns (ids,
status, timestamps, client credentials) and the few defaults Okta fills in. Adding keys the client
never sent is how a provider ends up with a perpetual diff, so defaults stay minimal.
"""

from __future__ import annotations

import copy
from typing import Any
from urllib.parse import urlparse

from emulators.okta.errors import OktaError, validation_failed
from emulators.okta.ids import new_client_secret, timestamp
from emulators.okta.shapes import Json

__all__ = ["APP_TYPES", "AUTH_METHODS", "new_oidc_app", "present_app", "replace_oidc_app"]

SIGN_ON_MODE = "OPENID_CONNECT"
APP_NAME = "oidc_client"
APP_TYPES = ("web", "native", "browser", "service")
AUTH_METHODS = ("client_secret_basic", "client_secret_post", "client_secret_jwt", "private_key_jwt", "none")
SECRET_METHODS = ("client_secret_basic", "client_secret_post", "client_secret_jwt")
REDIRECT_GRANTS = ("authorization_code", "implicit")
RESPONSE_TYPES = ("code", "token", "id_token")
DEFAULT_LOGO = "https://ok12static.oktacdn.com/assets/img/logos/default.6770228fb0dab49a1695ef440a5279bb.png"


def _strings(value: Any) -> list[str] | None:
    if value is None:
        return []
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return value
    return None


def _oauth_settings(body: Json) -> Json:
    settings = body.get("settings")
    oauth = settings.get("oauthClient") if isinstance(settings, dict) else None
    if not isinstance(oauth, dict):
        raise validation_failed("settings", ["settings.oauthClient: The field cannot be left blank"])
    return oauth


def _oauth_credentials(body: Json) -> Json:
    credentials = body.setdefault("credentials", {})
    if not isinstance(credentials, dict):
        raise validation_failed("credentials", ["credentials: must be an object"])
    oauth = credentials.setdefault("oauthClient", {})
    if not isinstance(oauth, dict):
        raise validation_failed("credentials", ["credentials.oauthClient: must be an object"])
    return oauth


def _validate(body: Json) -> None:
    """Okta's checks on an OIDC app that a provider bug could trip; each becomes an errorCause."""
    label = body.get("label")
    if not isinstance(label, str) or not label.strip():
        raise validation_failed("label", ["label: The field cannot be left blank"])
    mode = body.get("signOnMode")
    if mode != SIGN_ON_MODE:
        raise validation_failed("signOnMode", [f"signOnMode: the emulator supports only {SIGN_ON_MODE}"])
    if body.get("name", APP_NAME) != APP_NAME:
        raise validation_failed("name", [f"name: OpenID Connect apps must be named {APP_NAME}"])
    oauth = _oauth_settings(body)
    causes: list[str] = []
    app_type = oauth.get("application_type", "web")
    if app_type not in APP_TYPES:
        causes.append(f"application_type: must be one of {', '.join(APP_TYPES)}")
    grants = _strings(oauth.get("grant_types"))
    responses = _strings(oauth.get("response_types"))
    redirects = _strings(oauth.get("redirect_uris"))
    if grants is None or responses is None or redirects is None:
        raise validation_failed("settings", ["grant_types, response_types, redirect_uris: must list strings"])
    if app_type == "web" and grants and "authorization_code" not in grants:
        causes.append("grant_types: Web applications must include the authorization_code grant type")
    if "authorization_code" in grants and responses and "code" not in responses:
        causes.append("response_types: The code response type is required by the authorization_code grant")
    causes += [
        f"response_types: {value} is not a valid response type"
        for value in responses
        if value not in RESPONSE_TYPES
    ]
    redirect_flow = any(g in REDIRECT_GRANTS for g in grants or ["authorization_code"])
    if app_type != "service" and redirect_flow and not redirects:
        causes.append("redirect_uris: Must contain at least one URI when using a redirect-based flow")
    causes += [
        f"redirect_uris: {uri} is not an absolute URI" for uri in redirects if not urlparse(uri).scheme
    ]
    credentials = body.get("credentials") or {}
    method = (credentials.get("oauthClient") or {}).get("token_endpoint_auth_method", "client_secret_basic")
    if method not in AUTH_METHODS:
        causes.append(f"token_endpoint_auth_method: {method} is not a valid method")
    elif method == "none" and app_type in ("web", "service"):
        causes.append(f"token_endpoint_auth_method: none is not allowed for {app_type} applications")
    if causes:
        raise validation_failed("settings.oauthClient", causes)


def _apply_defaults(app: Json, app_type: str) -> None:
    oauth = app["settings"]["oauthClient"]
    oauth.setdefault("application_type", app_type)
    oauth.setdefault("grant_types", ["authorization_code"])
    oauth.setdefault("response_types", ["code"])
    oauth.setdefault("consent_method", "TRUSTED")
    oauth.setdefault("issuer_mode", "ORG_URL")
    oauth.setdefault("wildcard_redirect", "DISABLED")
    app["settings"].setdefault("implicitAssignment", False)
    credentials = app["credentials"]
    credentials.setdefault("userNameTemplate", {"template": "${source.login}", "type": "BUILT_IN"})
    client = credentials["oauthClient"]
    client.setdefault("autoKeyRotation", True)
    client.setdefault("token_endpoint_auth_method", "client_secret_basic")
    client.setdefault("pkce_required", client["token_endpoint_auth_method"] == "none")
    app.setdefault("accessibility", {"selfService": False})
    visibility = app.setdefault("visibility", {})
    visibility.setdefault("autoLaunch", False)
    visibility.setdefault("autoSubmitToolbar", False)
    visibility.setdefault("hide", {"iOS": False, "web": False})
    # Okta also adds visibility.appLinks {"oidc_client_link": true}; providers that map appLinks to
    # app_links_json would then diff forever against a config without it, so it is left out.
    app.setdefault("features", [])


def _settle_secret(client: Json, previous: str | None) -> None:
    """Secret-based methods always have a secret: the one sent, else the one kept, else a new one."""
    if client["token_endpoint_auth_method"] in SECRET_METHODS:
        client["client_secret"] = client.get("client_secret") or previous or new_client_secret()
    else:
        client.pop("client_secret", None)


def new_oidc_app(body: Json, app_id: str, *, active: bool, taken_client_ids: set[str]) -> Json:
    """The stored form of a newly created app (POST /api/v1/apps)."""
    _validate(body)
    app = copy.deepcopy(body)
    client = _oauth_credentials(app)
    client_id = client.get("client_id") or app_id
    if client_id in taken_client_ids:
        raise OktaError(
            400,
            "E0000001",
            "Api validation failed: client_id",
            ["client_id: An object with this field already exists in the current organization"],
        )
    now = timestamp()
    app.update(
        id=app_id,
        name=APP_NAME,
        signOnMode=SIGN_ON_MODE,
        status="ACTIVE" if active else "INACTIVE",
        created=now,
        lastUpdated=now,
    )
    app.pop("_links", None)
    client["client_id"] = client_id
    _apply_defaults(app, _oauth_settings(app).get("application_type", "web"))
    _settle_secret(client, None)
    return app


def replace_oidc_app(current: Json, body: Json) -> Json:
    """The stored form after PUT /api/v1/apps/{id}: the body replaces, Okta-owned fields persist."""
    _validate(body)
    app = copy.deepcopy(body)
    client = _oauth_credentials(app)
    old_client = current["credentials"]["oauthClient"]
    app.update(
        id=current["id"],
        name=APP_NAME,
        signOnMode=SIGN_ON_MODE,
        status=current["status"],
        created=current["created"],
        lastUpdated=timestamp(),
    )
    app.pop("_links", None)
    client["client_id"] = old_client["client_id"]
    _apply_defaults(app, _oauth_settings(app).get("application_type", "web"))
    _settle_secret(client, old_client.get("client_secret"))
    return app


def present_app(app: Json, base: str, *, with_secret: bool, policy_id: str | None) -> Json:
    """The API form: ``_links`` added; the secret only on create/replace responses, as Okta does."""
    out = copy.deepcopy(app)
    if not with_secret:
        out["credentials"]["oauthClient"].pop("client_secret", None)
    href = f"{base}/api/v1/apps/{app['id']}"
    toggle = "deactivate" if app["status"] == "ACTIVE" else "activate"
    links: Json = {
        "appLinks": [
            {
                "name": "oidc_client_link",
                "type": "text/html",
                "href": f"{base}/home/{APP_NAME}/{app['id']}/aln177a159h7Zf52X0g8",
            }
        ],
        "groups": {"href": f"{href}/groups"},
        "logo": [{"name": "medium", "href": DEFAULT_LOGO, "type": "image/png"}],
        "users": {"href": f"{href}/users"},
        toggle: {"href": f"{href}/lifecycle/{toggle}"},
    }
    if policy_id is not None:
        links["accessPolicy"] = {"href": f"{base}/api/v1/policies/{policy_id}"}
    out["_links"] = links
    return out
