"""Authorization servers and (Identity Engine) access policies, read-only.

``issuer`` is derived per request as ``<org URL>/oauth2/<id>``; the ``default`` server has the id
``default``, as in every Okta org. ``GET /api/v1/policies`` needs ``type``, as Okta's does.
"""

from __future__ import annotations

from fastapi import Request, Response
from fastapi.responses import JSONResponse

from emulators.okta.errors import not_found, validation_failed
from emulators.okta.pagination import Limits, paginate
from emulators.okta.routing import ApiBase, Route
from emulators.okta.search import starts_with
from emulators.okta.shapes import present_auth_server, present_policy

__all__ = ["AuthzApi"]

SERVER_LIMITS = Limits(default=200, maximum=200)
POLICY_LIMITS = Limits(default=200, maximum=200)
POLICY_TYPES = (
    "OKTA_SIGN_ON",
    "PASSWORD",
    "MFA_ENROLL",
    "IDP_DISCOVERY",
    "ACCESS_POLICY",
    "PROFILE_ENROLLMENT",
    "POST_AUTH_SESSION",
    "ENTITY_RISK",
    "DEVICE_SIGNAL_COLLECTION",
)


class AuthzApi(ApiBase):
    def routes(self) -> list[Route]:
        return [
            Route("GET", "/api/v1/authorizationServers", self.list_servers),
            Route("GET", "/api/v1/authorizationServers/{server_id}", self.get_server),
            Route("GET", "/api/v1/policies", self.list_policies),
            Route("GET", "/api/v1/policies/{policy_id}", self.get_policy),
        ]

    async def list_servers(self, request: Request) -> Response:
        base = self.base(request)
        q = request.query_params.get("q")
        with self.state.read() as data:
            servers = list(data.auth_servers.values())
            if q:  # Okta matches the start of the name or of any audience.
                servers = [
                    s
                    for s in servers
                    if starts_with(s["name"], q) or any(starts_with(a, q) for a in s["audiences"])
                ]
            page = paginate(
                request,
                servers,
                base=base,
                key=lambda s: str(s["id"]),
                limits=SERVER_LIMITS,
                present=lambda s: present_auth_server(s, base),
            )
        return page.response()

    async def get_server(self, request: Request, server_id: str) -> Response:
        with self.state.read() as data:
            server = data.auth_servers.get(server_id)
            if server is None:
                raise not_found(server_id, "AuthorizationServer")
            return JSONResponse(present_auth_server(server, self.base(request)))

    async def list_policies(self, request: Request) -> Response:
        policy_type = request.query_params.get("type")
        if not policy_type:
            raise validation_failed("type", ["type: The field cannot be left blank"])
        if policy_type not in POLICY_TYPES:
            raise validation_failed("type", [f"type: {policy_type} is not a valid policy type"])
        base = self.base(request)
        with self.state.read() as data:
            policies = [p for p in data.policies.values() if p["type"] == policy_type]
            page = paginate(
                request,
                policies,
                base=base,
                key=lambda p: str(p["id"]),
                limits=POLICY_LIMITS,
                present=lambda p: present_policy(p, base),
            )
        return page.response()

    async def get_policy(self, request: Request, policy_id: str) -> Response:
        with self.state.read() as data:
            policy = data.policies.get(policy_id)
            if policy is None:
                raise not_found(policy_id, "Policy")
            return JSONResponse(present_policy(policy, self.base(request)))
