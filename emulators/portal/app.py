"""App factory for the portal emulator: contract routes, control routes, error envelope, faults.

:class:`PortalEmulatorApp` is FastAPI with one addition in ``__call__``: before routing, it logs every
contract request and plays a queued fault if one matches. Doing that outside FastAPI's middleware stack
is deliberate - only there can the app return without answering, which uvicorn turns into a closed
socket (the "dropped connection" fault); inside Starlette it would become a 500.
"""

from __future__ import annotations

from typing import Any, Final

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.types import Receive, Scope, Send

from components.portal.contract import BASE_PATH, DEFAULT_BASE_URL, RETRY_AFTER_HEADER
from emulators.portal.api import ApiError, build_router
from emulators.portal.control import CONTROL_PREFIX, build_control_router
from emulators.portal.faults import DROP, Played, held_back, play
from emulators.portal.state import PortalState

__all__ = ["PortalEmulatorApp", "create_app"]

TITLE: Final = "NordLayer partner portal API (the subset this project uses)"
VERSION: Final = "v1"
DESCRIPTION: Final = (
    'Emulated by emulators.portal. Errors are `{"error": {"code", "message"}}`; 422 adds `fields`; '
    f"429 carries `{RETRY_AFTER_HEADER}` (seconds). Control routes under `{CONTROL_PREFIX}` are not "
    "part of the contract."
)


class PortalEmulatorApp(FastAPI):
    """FastAPI plus request logging and fault injection ahead of routing."""

    def __init__(self, state: PortalState, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.portal_state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not path.startswith(BASE_PATH):
            await super().__call__(scope, receive, send)
            return
        method = scope["method"]
        self.portal_state.log.record(method, path, scope.get("query_string", b"").decode("latin-1"))
        fault = self.portal_state.faults.take(method, path)
        played = Played.CONTINUE if fault is None else await play(fault, send)
        if played is Played.DROPPED:
            # uvicorn closes the transport, without writing anything, when an ASGI app returns non-None.
            return DROP  # type: ignore[return-value]
        if played is Played.CONTINUE:
            await super().__call__(scope, receive, send)
        elif played is Played.LATE:
            assert fault is not None
            await super().__call__(scope, receive, held_back(send, fault.delay_s))


def _field_name(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in {"body", "query", "path", "header"}]
    return ".".join(parts) or "body"


async def _api_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return JSONResponse(exc.envelope(), status_code=exc.status)


async def _validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    fields: dict[str, str] = {}
    for error in exc.errors():
        fields.setdefault(
            _field_name(tuple(error.get("loc", ()))),
            str(error.get("msg", "invalid")).removeprefix("Value error, "),
        )
    body = ApiError(422, "validation_failed", "the request is invalid", fields).envelope()
    return JSONResponse(body, status_code=422)


def create_app(state: PortalState | None = None) -> PortalEmulatorApp:
    """A fresh emulator around ``state`` (a new empty one if omitted)."""
    state = state if state is not None else PortalState()
    app = PortalEmulatorApp(
        state,
        title=TITLE,
        version=VERSION,
        openapi_url="/openapi.json",
        docs_url=None,
        redoc_url=None,
        servers=[{"url": DEFAULT_BASE_URL.removesuffix(BASE_PATH)}],
        description=DESCRIPTION,
    )
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.include_router(build_router(state))
    app.include_router(build_control_router(state))
    return app
