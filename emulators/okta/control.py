"""``/_emulator``: the test-only control API (no token needed, never logged, never faulted).

=======  =====================================  ==================================================
POST     /_emulator/reset                       fresh org with the configured seeds; log, faults cleared
GET      /_emulator/state                       the whole org as JSON (secrets included)
GET      /_emulator/groups                      groups
POST     /_emulator/groups                      ``{name, description?, type?}``: 201 new, 200 existing
GET      /_emulator/authorization-servers       authorization servers
POST     /_emulator/authorization-servers       ``{name, description?, audiences?, id?}``: 201/200
GET      /_emulator/faults                      queued fault rules
POST     /_emulator/faults                      queue a rule (see ``FaultSpec``): 201
DELETE   /_emulator/faults                      drop every rule: 204
GET      /_emulator/requests                    ``{total, counts, requests}`` of Okta API calls
DELETE   /_emulator/requests                    clear the log: 204
=======  =====================================  ==================================================
"""

from __future__ import annotations

from fastapi import Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from emulators.okta.routing import ApiBase, Route

__all__ = ["CONTROL_PREFIX", "AuthServerSeed", "ControlApi", "FaultSpec", "GroupSeed"]

CONTROL_PREFIX = "/_emulator"


class GroupSeed(BaseModel):
    name: str = Field(min_length=1)
    description: str = ""
    type: str = Field(default="OKTA_GROUP", pattern="^(OKTA_GROUP|APP_GROUP|BUILT_IN)$")


class AuthServerSeed(BaseModel):
    name: str = Field(min_length=1)
    description: str = ""
    audiences: list[str] | None = None
    id: str | None = Field(default=None, min_length=1)


class FaultSpec(BaseModel):
    """Answer ``count`` matching requests with ``status``, after letting ``skip`` of them through.

    ``path`` is a shell-style glob on the request path without query (``/api/v1/apps*``). A 429
    carries ``X-Rate-Limit-Reset`` ``reset_seconds`` from now, plus ``Retry-After`` if given.
    """

    method: str = "*"
    path: str = Field(min_length=1)
    status: int = Field(ge=400, le=599)
    count: int = Field(default=1, ge=1)
    skip: int = Field(default=0, ge=0)
    error_code: str | None = None
    error_summary: str | None = None
    reset_seconds: int = Field(default=1, ge=0)
    retry_after: int | None = Field(default=None, ge=0)


class ControlApi(ApiBase):
    def routes(self) -> list[Route]:
        p = CONTROL_PREFIX
        return [
            Route("POST", p + "/reset", self.reset),
            Route("GET", p + "/state", self.get_state),
            Route("GET", p + "/groups", self.list_groups),
            Route("POST", p + "/groups", self.seed_group),
            Route("GET", p + "/authorization-servers", self.list_servers),
            Route("POST", p + "/authorization-servers", self.seed_server),
            Route("GET", p + "/faults", self.list_faults),
            Route("POST", p + "/faults", self.add_fault),
            Route("DELETE", p + "/faults", self.clear_faults),
            Route("GET", p + "/requests", self.list_requests),
            Route("DELETE", p + "/requests", self.clear_requests),
        ]

    async def reset(self, request: Request) -> Response:
        self.state.reset()
        return JSONResponse({"status": "reset"})

    async def get_state(self, request: Request) -> Response:
        return JSONResponse({"pipeline": self.state.settings.pipeline, "org": self.state.snapshot()})

    async def list_groups(self, request: Request) -> Response:
        with self.state.read() as data:
            return JSONResponse(list(data.groups.values()))

    async def seed_group(self, request: Request, seed: GroupSeed) -> Response:
        group, created = self.state.add_group(seed.name, seed.description, seed.type)
        return JSONResponse(group, status_code=201 if created else 200)

    async def list_servers(self, request: Request) -> Response:
        with self.state.read() as data:
            return JSONResponse(list(data.auth_servers.values()))

    async def seed_server(self, request: Request, seed: AuthServerSeed) -> Response:
        try:
            server, created = self.state.add_auth_server(seed.name, seed.description, seed.audiences, seed.id)
        except ValueError as exc:
            return JSONResponse({"detail": str(exc)}, status_code=409)
        return JSONResponse(server, status_code=201 if created else 200)

    async def list_faults(self, request: Request) -> Response:
        return JSONResponse(self.state.faults.pending())

    async def add_fault(self, request: Request, spec: FaultSpec) -> Response:
        rule = self.state.faults.add(**spec.model_dump())
        return JSONResponse(rule.as_json(), status_code=201)

    async def clear_faults(self, request: Request) -> Response:
        self.state.faults.clear()
        return Response(status_code=204)

    async def list_requests(self, request: Request) -> Response:
        return JSONResponse(self.state.log.as_json())

    async def clear_requests(self, request: Request) -> Response:
        self.state.log.clear()
        return Response(status_code=204)
