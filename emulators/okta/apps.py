"""``/api/v1/apps``: OIDC app CRUD, lifecycle, access-policy mapping, secrets, the groups claim.

Lifecycle follows Okta: ``POST /api/v1/apps?activate=false`` creates an INACTIVE app, PUT never
changes status, and DELETE of an ACTIVE app is refused (403 E0000056) until it is deactivated.
"""

from __future__ import annotations

import base64
import copy
import hashlib

from fastapi import Request, Response
from fastapi.responses import JSONResponse

from emulators.okta.errors import forbidden_delete_active_app, not_found, validation_failed
from emulators.okta.ids import APP_PREFIX, SECRET_PREFIX, new_id
from emulators.okta.oidc import new_oidc_app, present_app, replace_oidc_app
from emulators.okta.pagination import Limits, paginate
from emulators.okta.routing import ApiBase, Route
from emulators.okta.search import compile_expression, starts_with
from emulators.okta.shapes import Json
from emulators.okta.state import OrgData

__all__ = ["AppsApi"]

APP_LIMITS = Limits(default=20, maximum=200)
APP_KIND = "AppInstance"


def _flag(raw: str | None, default: bool) -> bool:
    if raw is None:
        return default
    if raw.lower() in ("true", "false"):
        return raw.lower() == "true"
    raise validation_failed("activate", [f"activate: {raw!r} is not a boolean"])


def _app(data: OrgData, app_id: str) -> Json:
    app = data.apps.get(app_id)
    if app is None:
        raise not_found(app_id, APP_KIND)
    return app


class AppsApi(ApiBase):
    def routes(self) -> list[Route]:
        apps = "/api/v1/apps"
        one = apps + "/{app_id}"
        return [
            Route("GET", apps, self.list_apps),
            Route("POST", apps, self.create_app),
            Route("GET", one, self.get_app),
            Route("PUT", one, self.replace_app),
            Route("DELETE", one, self.delete_app),
            Route("POST", one + "/lifecycle/activate", self.activate),
            Route("POST", one + "/lifecycle/deactivate", self.deactivate),
            Route("PUT", one + "/policies/{policy_id}", self.assign_policy),
            Route("GET", one + "/credentials/secrets", self.list_secrets),
            Route("GET", "/api/v1/internal/apps/{app_id}/settings/oauth/idToken", self.get_groups_claim),
            Route("POST", "/api/v1/internal/apps/{app_id}/settings/oauth/idToken", self.set_groups_claim),
        ]

    def _present(self, request: Request, data: OrgData, app: Json, *, with_secret: bool = False) -> Json:
        policy_id = data.app_policies.get(app["id"]) if self.state.settings.pipeline == "idx" else None
        return present_app(app, self.base(request), with_secret=with_secret, policy_id=policy_id)

    async def list_apps(self, request: Request) -> Response:
        params = request.query_params
        with self.state.read() as data:
            apps = list(data.apps.values())
            if q := params.get("q"):
                apps = [a for a in apps if starts_with(a.get("label"), q) or starts_with(a.get("name"), q)]
            if expression := params.get("filter"):
                predicate = compile_expression(expression)
                apps = [a for a in apps if predicate(a)]
            page = paginate(
                request,
                apps,
                base=self.base(request),
                key=lambda a: str(a["id"]),
                limits=APP_LIMITS,
                present=lambda a: self._present(request, data, a),
            )
        return page.response()

    async def create_app(self, request: Request) -> Response:
        body = await self.json_body(request)
        active = _flag(request.query_params.get("activate"), default=True)
        with self.state.write() as data:
            taken = {a["credentials"]["oauthClient"]["client_id"] for a in data.apps.values()}
            app = new_oidc_app(body, new_id(APP_PREFIX), active=active, taken_client_ids=taken)
            data.apps[app["id"]] = app
            default_policy = self._default_policy(data)
            if default_policy is not None:  # Identity Engine maps every new app to the default policy.
                data.app_policies[app["id"]] = default_policy
            return JSONResponse(self._present(request, data, app, with_secret=True))

    async def get_app(self, request: Request, app_id: str) -> Response:
        with self.state.read() as data:
            return JSONResponse(self._present(request, data, _app(data, app_id)))

    async def replace_app(self, request: Request, app_id: str) -> Response:
        body = await self.json_body(request)
        with self.state.write() as data:
            app = replace_oidc_app(_app(data, app_id), body)
            data.apps[app_id] = app
            return JSONResponse(self._present(request, data, app, with_secret=True))

    async def delete_app(self, request: Request, app_id: str) -> Response:
        with self.state.write() as data:
            if _app(data, app_id)["status"] == "ACTIVE":
                raise forbidden_delete_active_app()
            del data.apps[app_id]
            data.assignments.pop(app_id, None)
            data.app_policies.pop(app_id, None)
            data.id_token_claims.pop(app_id, None)
        return Response(status_code=204)

    async def activate(self, request: Request, app_id: str) -> Response:
        return self._set_status(app_id, "ACTIVE")

    async def deactivate(self, request: Request, app_id: str) -> Response:
        return self._set_status(app_id, "INACTIVE")

    def _set_status(self, app_id: str, status: str) -> Response:
        with self.state.write() as data:
            app = _app(data, app_id)
            if app["status"] != status:
                app["status"] = status
        return JSONResponse({})

    async def assign_policy(self, request: Request, app_id: str, policy_id: str) -> Response:
        with self.state.write() as data:
            _app(data, app_id)
            policy = data.policies.get(policy_id)
            if policy is None:
                raise not_found(policy_id, "Policy")
            if policy["type"] != "ACCESS_POLICY":
                raise validation_failed("policyId", [f"policyId: {policy_id} is not an ACCESS_POLICY"])
            data.app_policies[app_id] = policy_id
        return Response(status_code=204)

    async def list_secrets(self, request: Request, app_id: str) -> Response:
        with self.state.read() as data:
            app = _app(data, app_id)
            secret = app["credentials"]["oauthClient"].get("client_secret")
            if not secret:
                return JSONResponse([])
            digest = hashlib.sha256(secret.encode()).digest()
            secret_id = SECRET_PREFIX + base64.b32encode(digest).decode().lower()[:17]
            href = f"{self.base(request)}/api/v1/apps/{app_id}/credentials/secrets/{secret_id}"
            return JSONResponse(
                [
                    {
                        "id": secret_id,
                        "status": "ACTIVE",
                        "client_secret": secret,
                        "secret_hash": base64.urlsafe_b64encode(digest).decode().rstrip("="),
                        "created": app["created"],
                        "lastUpdated": app["lastUpdated"],
                        "_links": {"deactivate": {"href": f"{href}/lifecycle/deactivate"}},
                    }
                ]
            )

    async def get_groups_claim(self, request: Request, app_id: str) -> Response:
        with self.state.read() as data:
            app = _app(data, app_id)
            return JSONResponse(self._claim(request, app, data.id_token_claims.get(app_id, {})))

    async def set_groups_claim(self, request: Request, app_id: str) -> Response:
        body = await self.json_body(request)
        allowed = ("valueType", "groupFilterType", "issuerMode", "name", "value")
        with self.state.write() as data:
            app = _app(data, app_id)
            claim = {key: body[key] for key in allowed if isinstance(body.get(key), str) and body[key]}
            data.id_token_claims[app_id] = claim
            return JSONResponse(self._claim(request, app, claim))

    def _claim(self, request: Request, app: Json, claim: Json) -> Json:
        base = self.base(request)
        issuer_mode = app["settings"]["oauthClient"].get("issuer_mode", "ORG_URL")
        return {
            "issuerMode": issuer_mode,
            "issuer": base,
            "orgUrl": base,
            "audience": app["credentials"]["oauthClient"]["client_id"],
            **copy.deepcopy(claim),
        }

    def _default_policy(self, data: OrgData) -> str | None:
        if self.state.settings.pipeline != "idx":
            return None
        return next(
            (p["id"] for p in data.policies.values() if p["type"] == "ACCESS_POLICY" and p["system"]), None
        )
