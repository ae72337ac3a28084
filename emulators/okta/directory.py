"""Groups, the calling admin, and the org itself.

``GET /api/v1/groups?q=`` is Okta's case-insensitive *starts with* match on the group name (the
okta_group data source relies on that, then picks the exact name), ``filter``/``search`` accept the
expressions in ``search.py``. ``GET /.well-known/okta-organization`` is public, as in Okta, and its
``pipeline`` (``idx`` or ``v1``) is how the plugin tells an Identity Engine org from a Classic one.
"""

from __future__ import annotations

from fastapi import Request, Response
from fastapi.responses import JSONResponse

from emulators.okta.errors import OktaError, not_found, validation_failed
from emulators.okta.ids import timestamp
from emulators.okta.pagination import Limits, paginate
from emulators.okta.routing import ApiBase, Route
from emulators.okta.search import compile_expression, starts_with
from emulators.okta.shapes import Json, new_group, org_info, present_group, present_user, wellknown_org
from emulators.okta.state import OrgData

__all__ = ["DirectoryApi"]

GROUP_LIMITS = Limits(default=10000, maximum=10000)
MEMBER_LIMITS = Limits(default=1000, maximum=10000)
GROUP_KIND = "UserGroup"
DUPLICATE = "An object with this field already exists in the current organization"


def _group(data: OrgData, group_id: str) -> Json:
    group = data.groups.get(group_id)
    if group is None:
        raise not_found(group_id, GROUP_KIND)
    return group


def _profile(body: Json) -> tuple[str, str]:
    profile = body.get("profile")
    name = profile.get("name") if isinstance(profile, dict) else None
    if not isinstance(name, str) or not name.strip():
        raise validation_failed("profile", ["name: The field cannot be left blank"])
    description = profile.get("description") if isinstance(profile, dict) else None
    return name, description if isinstance(description, str) else ""


def _name_taken(data: OrgData, name: str, except_id: str | None = None) -> None:
    existing = data.group_by_name(name)
    if existing is not None and existing["id"] != except_id and existing["type"] == "OKTA_GROUP":
        raise validation_failed("name", [f"name: {DUPLICATE}"])


class DirectoryApi(ApiBase):
    def routes(self) -> list[Route]:
        groups = "/api/v1/groups"
        return [
            Route("GET", groups, self.list_groups),
            Route("POST", groups, self.create_group),
            Route("GET", groups + "/{group_id}", self.get_group),
            Route("PUT", groups + "/{group_id}", self.replace_group),
            Route("DELETE", groups + "/{group_id}", self.delete_group),
            Route("GET", groups + "/{group_id}/users", self.list_members),
            Route("GET", "/api/v1/users/{user_id}", self.get_user),
            Route("GET", "/api/v1/org", self.get_org),
            Route("GET", "/.well-known/okta-organization", self.wellknown),
        ]

    async def list_groups(self, request: Request) -> Response:
        params = request.query_params
        base = self.base(request)
        with self.state.read() as data:
            groups = list(data.groups.values())
            if q := params.get("q"):
                groups = [g for g in groups if starts_with(g["profile"]["name"], q)]
            for expression in (params.get("filter"), params.get("search")):
                if expression:
                    predicate = compile_expression(expression)
                    groups = [g for g in groups if predicate(g)]
            page = paginate(
                request,
                groups,
                base=base,
                key=lambda g: str(g["id"]),
                limits=GROUP_LIMITS,
                present=lambda g: present_group(g, base),
            )
        return page.response()

    async def create_group(self, request: Request) -> Response:
        name, description = _profile(await self.json_body(request))
        with self.state.write() as data:
            _name_taken(data, name)
            group = new_group(name, description)
            data.groups[group["id"]] = group
            return JSONResponse(present_group(group, self.base(request)))

    async def get_group(self, request: Request, group_id: str) -> Response:
        with self.state.read() as data:
            return JSONResponse(present_group(_group(data, group_id), self.base(request)))

    async def replace_group(self, request: Request, group_id: str) -> Response:
        name, description = _profile(await self.json_body(request))
        with self.state.write() as data:
            group = _group(data, group_id)
            if group["type"] != "OKTA_GROUP":
                raise OktaError(403, "E0000006", "You do not have permission to perform the requested action")
            _name_taken(data, name, except_id=group_id)
            group["profile"] = {"name": name, "description": description or None}
            group["lastUpdated"] = timestamp()
            return JSONResponse(present_group(group, self.base(request)))

    async def delete_group(self, request: Request, group_id: str) -> Response:
        with self.state.write() as data:
            if _group(data, group_id)["type"] != "OKTA_GROUP":
                raise OktaError(403, "E0000006", "You do not have permission to perform the requested action")
            del data.groups[group_id]
            for assignments in data.assignments.values():
                assignments.pop(group_id, None)
        return Response(status_code=204)

    async def list_members(self, request: Request, group_id: str) -> Response:
        """Group membership is not modelled: every group is empty."""
        with self.state.read() as data:
            _group(data, group_id)
        return paginate(
            request, [], base=self.base(request), key=str, limits=MEMBER_LIMITS, present=str
        ).response()

    async def get_user(self, request: Request, user_id: str) -> Response:
        """Only the API token's own user exists: ``me``, its id, or its login."""
        with self.state.read() as data:
            admin = data.admin
            if user_id not in ("me", admin["id"], admin["profile"]["login"]):
                raise not_found(user_id, "User")
            return JSONResponse(present_user(admin, self.base(request)))

    async def get_org(self, request: Request) -> Response:
        with self.state.read() as data:
            return JSONResponse(org_info(data.org_id, data.created, self.base(request)))

    async def wellknown(self, request: Request) -> Response:
        with self.state.read() as data:
            return JSONResponse(wellknown_org(data.org_id, self.state.settings.pipeline, self.base(request)))
