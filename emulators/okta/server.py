"""The app factory: every module's route table, Okta-shaped errors, and the ASGI layers in front."""

from __future__ import annotations

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from emulators.okta.apps import AppsApi
from emulators.okta.assignments import AssignmentsApi
from emulators.okta.authz import AuthzApi
from emulators.okta.control import CONTROL_PREFIX, ControlApi
from emulators.okta.directory import DirectoryApi
from emulators.okta.errors import OktaError, method_not_allowed
from emulators.okta.middleware import AbsoluteFormMiddleware, OktaGateMiddleware
from emulators.okta.routing import ApiBase
from emulators.okta.state import OktaState

__all__ = ["create_app"]

HTTP_NOT_FOUND = 404
HTTP_METHOD_NOT_ALLOWED = 405


async def _okta_error(request: Request, exc: Exception) -> Response:
    if not isinstance(exc, OktaError):  # pragma: no cover - registered for OktaError only
        raise exc
    return JSONResponse(exc.body(), status_code=exc.status)


async def _http_error(request: Request, exc: Exception) -> Response:
    """Unknown Okta paths and methods answer like Okta; the control API keeps FastAPI's shape."""
    if not isinstance(exc, StarletteHTTPException):  # pragma: no cover - registered for it only
        raise exc
    if request.url.path.startswith(CONTROL_PREFIX) or exc.status_code not in (
        HTTP_NOT_FOUND,
        HTTP_METHOD_NOT_ALLOWED,
    ):
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
    error = (
        method_not_allowed()
        if exc.status_code == HTTP_METHOD_NOT_ALLOWED
        else OktaError(
            HTTP_NOT_FOUND, "E0000007", f"Not found: Resource not found: {request.url.path} (Endpoint)"
        )
    )
    return JSONResponse(error.body(), status_code=error.status)


def create_app(state: OktaState | None = None) -> FastAPI:
    """An ASGI app serving ``state`` (a fresh default org if None); run it with ``emulators.serve``."""
    okta = state or OktaState()
    app = FastAPI(title="Okta management API emulator", openapi_url=None, docs_url=None, redoc_url=None)
    apis: list[ApiBase] = [
        AppsApi(okta),
        AssignmentsApi(okta),
        DirectoryApi(okta),
        AuthzApi(okta),
        ControlApi(okta),
    ]
    for api in apis:
        for route in api.routes():
            app.add_api_route(route.path, route.endpoint, methods=[route.method])
    app.add_exception_handler(OktaError, _okta_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_middleware(OktaGateMiddleware, state=okta)
    app.add_middleware(AbsoluteFormMiddleware)  # added last, so it runs first
    app.state.okta = okta
    return app
