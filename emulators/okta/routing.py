"""What every route module shares: the route-table row, and a base class for handlers.

Each API module is a class whose ``routes()`` returns its table of ``Route(method, path, endpoint)``
rows; the app factory registers every row, so one glance at a module shows everything it serves.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from fastapi import Request, Response

from emulators.okta.errors import malformed_body
from emulators.okta.shapes import Json
from emulators.okta.state import OktaState

__all__ = ["ApiBase", "Route"]

Endpoint = Callable[..., Awaitable[Response]]


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    endpoint: Endpoint


class ApiBase:
    """Holds the state; subclasses add handlers and a ``routes()`` table."""

    def __init__(self, state: OktaState) -> None:
        self.state = state

    def routes(self) -> list[Route]:
        raise NotImplementedError

    def base(self, request: Request) -> str:
        """The org URL: ``--org-url``, else ``http://<address:port the emulator listens on>``."""
        server = request.scope.get("server")
        return self.state.base_url(server if isinstance(server, tuple) else None)

    @staticmethod
    async def json_body(request: Request, *, optional: bool = False) -> Json:
        """The request's JSON object; a missing body is ``{}`` when ``optional``, else Okta's 400."""
        raw = await request.body()
        if not raw.strip():
            if optional:
                return {}
            raise malformed_body()
        try:
            value: Any = json.loads(raw)
        except ValueError:
            raise malformed_body() from None
        if not isinstance(value, dict):
            raise malformed_body()
        return value
