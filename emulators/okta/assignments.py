"""``/api/v1/apps/{appId}/groups``: which groups an app is assigned to, with priority and profile.

``PUT .../groups/{groupId}`` creates or replaces an assignment (the okta plugin uses it for both);
without a ``priority`` Okta appends the group after the existing ones. Lists are ordered by priority.
"""

from __future__ import annotations

from fastapi import Request, Response
from fastapi.responses import JSONResponse

from emulators.okta.errors import not_found, validation_failed
from emulators.okta.ids import timestamp
from emulators.okta.pagination import Limits, paginate
from emulators.okta.routing import ApiBase, Route
from emulators.okta.shapes import Json, present_assignment
from emulators.okta.state import OrgData

__all__ = ["AssignmentsApi"]

ASSIGNMENT_LIMITS = Limits(default=20, maximum=200)
APP_USER_LIMITS = Limits(default=50, maximum=500)


def _require_app(data: OrgData, app_id: str) -> None:
    if app_id not in data.apps:
        raise not_found(app_id, "AppInstance")


def _ordered(assignments: dict[str, Json]) -> list[Json]:
    return sorted(assignments.values(), key=lambda a: a.get("priority", 0))


class AssignmentsApi(ApiBase):
    def routes(self) -> list[Route]:
        groups = "/api/v1/apps/{app_id}/groups"
        return [
            Route("GET", groups, self.list_assignments),
            Route("GET", groups + "/{group_id}", self.get_assignment),
            Route("PUT", groups + "/{group_id}", self.put_assignment),
            Route("DELETE", groups + "/{group_id}", self.delete_assignment),
            Route("GET", "/api/v1/apps/{app_id}/users", self.list_app_users),
        ]

    async def list_assignments(self, request: Request, app_id: str) -> Response:
        base = self.base(request)
        with self.state.read() as data:
            _require_app(data, app_id)
            ordered = _ordered(data.assignments.get(app_id, {}))
            page = paginate(
                request,
                ordered,
                base=base,
                key=lambda a: str(a["id"]),
                limits=ASSIGNMENT_LIMITS,
                present=lambda a: present_assignment(app_id, a, base),
            )
        return page.response()

    async def get_assignment(self, request: Request, app_id: str, group_id: str) -> Response:
        with self.state.read() as data:
            _require_app(data, app_id)
            assignment = data.assignments.get(app_id, {}).get(group_id)
            if assignment is None:
                raise not_found(group_id, "ApplicationGroupAssignment")
            return JSONResponse(present_assignment(app_id, assignment, self.base(request)))

    async def put_assignment(self, request: Request, app_id: str, group_id: str) -> Response:
        body = await self.json_body(request, optional=True)
        priority = body.get("priority")
        valid_priority = isinstance(priority, int) and not isinstance(priority, bool) and priority >= 0
        if priority is not None and not valid_priority:
            raise validation_failed("priority", ["priority: must be a non-negative integer"])
        profile = body.get("profile")
        if profile is not None and not isinstance(profile, dict):
            raise validation_failed("profile", ["profile: must be an object"])
        with self.state.write() as data:
            _require_app(data, app_id)
            if group_id not in data.groups:
                raise not_found(group_id, "UserGroup")
            current = data.assignments.setdefault(app_id, {})
            previous = current.get(group_id)
            if priority is None:
                priority = previous["priority"] if previous else len(current)
            assignment = {
                "id": group_id,
                "lastUpdated": timestamp(),
                "priority": priority,
                "profile": dict(profile or {}),
            }
            current[group_id] = assignment
            return JSONResponse(present_assignment(app_id, assignment, self.base(request)))

    async def delete_assignment(self, request: Request, app_id: str, group_id: str) -> Response:
        with self.state.write() as data:
            _require_app(data, app_id)
            current = data.assignments.get(app_id, {})
            if group_id not in current:
                raise not_found(group_id, "ApplicationGroupAssignment")
            del current[group_id]
        return Response(status_code=204)

    async def list_app_users(self, request: Request, app_id: str) -> Response:
        """Individual user assignments are not modelled: every app has none."""
        with self.state.read() as data:
            _require_app(data, app_id)
        return paginate(
            request, [], base=self.base(request), key=str, limits=APP_USER_LIMITS, present=str
        ).response()
