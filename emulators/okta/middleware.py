"""ASGI layers in front of the routes: proxy-style request lines, faults, the SSWS check, headers, log.

With ``okta:httpProxy`` set, the okta plugin's SDK clients treat the emulator as a forward proxy and
send absolute-form request lines (``GET http://127.0.0.1:PORT/api/v1/users/me HTTP/1.1``); uvicorn
then puts the whole URL in ``path``. ``AbsoluteFormMiddleware`` cuts it back to the origin form.

``OktaGateMiddleware`` then, for every request outside ``/_emulator``: fires a queued fault if one
matches, else demands ``Authorization: SSWS <token>`` under ``/api/``, else runs the route; it adds
Okta's ``X-Okta-Request-Id`` and ``X-Rate-Limit-*`` headers and records the call in the log.
"""

from __future__ import annotations

import time

from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from emulators.okta.control import CONTROL_PREFIX
from emulators.okta.errors import DEFAULT_ERRORS, error_body, invalid_token
from emulators.okta.faults import FaultRule, LoggedRequest
from emulators.okta.ids import new_request_id
from emulators.okta.state import OktaState

__all__ = ["ABSOLUTE_FORM_KEY", "AbsoluteFormMiddleware", "OktaGateMiddleware"]

ABSOLUTE_FORM_KEY = "okta_emulator.absolute_form"
RATE_LIMIT_PER_MINUTE = 600
WINDOW_SECONDS = 60


def _origin_form(target: str) -> str:
    after_scheme = target.split("://", 1)[1]
    slash = after_scheme.find("/")
    return after_scheme[slash:] if slash >= 0 else "/"


class AbsoluteFormMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(("http://", "https://")):
            scope = dict(scope)
            scope["path"] = _origin_form(scope["path"])
            raw: bytes = scope.get("raw_path") or b""
            if raw.startswith((b"http://", b"https://")):
                scope["raw_path"] = _origin_form(raw.decode("latin-1")).encode("latin-1")
            scope[ABSOLUTE_FORM_KEY] = True
        await self.app(scope, receive, send)


class _RateWindow:
    """Okta-style per-minute accounting, reported in headers; never enforced (faults do that)."""

    def __init__(self) -> None:
        self.start = 0
        self.used = 0

    def headers(self) -> list[tuple[str, str]]:
        now = int(time.time())
        if now - self.start >= WINDOW_SECONDS:
            self.start, self.used = now - now % WINDOW_SECONDS, 0
        self.used += 1
        remaining = max(0, RATE_LIMIT_PER_MINUTE - self.used)
        return [
            ("X-Rate-Limit-Limit", str(RATE_LIMIT_PER_MINUTE)),
            ("X-Rate-Limit-Remaining", str(remaining)),
            ("X-Rate-Limit-Reset", str(self.start + WINDOW_SECONDS)),
        ]


def _fault_response(rule: FaultRule) -> JSONResponse:
    code, summary = DEFAULT_ERRORS.get(rule.status, ("E0000009", "Internal Server Error"))
    response = JSONResponse(
        error_body(rule.error_code or code, rule.error_summary or summary), status_code=rule.status
    )
    if rule.status == 429:
        response.headers["X-Rate-Limit-Limit"] = str(RATE_LIMIT_PER_MINUTE)
        response.headers["X-Rate-Limit-Remaining"] = "0"
        response.headers["X-Rate-Limit-Reset"] = str(int(time.time()) + rule.reset_seconds)
    if rule.retry_after is not None:
        response.headers["Retry-After"] = str(rule.retry_after)
    return response


class OktaGateMiddleware:
    def __init__(self, app: ASGIApp, state: OktaState) -> None:
        self.app = app
        self.state = state
        self.window = _RateWindow()

    def _authorized(self, scope: Scope) -> bool:
        headers: dict[bytes, bytes] = dict(scope.get("headers") or [])
        scheme, _, token = headers.get(b"authorization", b"").decode("latin-1").partition(" ")
        if scheme != "SSWS" or not token.strip():
            return False
        expected = self.state.settings.api_token
        return expected is None or token.strip() == expected

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(CONTROL_PREFIX):
            await self.app(scope, receive, send)
            return
        method: str = scope["method"]
        path: str = scope["path"]
        extra = [("X-Okta-Request-Id", new_request_id()), *self.window.headers()]
        rule = self.state.faults.take(method, path)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                # Logged before the client can see the answer, so a test reading the log never races it.
                self._record(scope, message["status"], faulted=rule is not None)
                present = {name.lower() for name, _ in message.get("headers", [])}
                added = [
                    (k.encode("latin-1"), v.encode("latin-1"))
                    for k, v in extra
                    if k.lower().encode("latin-1") not in present
                ]
                message = {**message, "headers": [*message.get("headers", []), *added]}
            await send(message)

        if rule is not None:
            await _fault_response(rule)(scope, receive, send_with_headers)
        elif path.startswith("/api/") and not self._authorized(scope):
            error = invalid_token()
            await JSONResponse(error.body(), status_code=error.status)(scope, receive, send_with_headers)
        else:
            await self.app(scope, receive, send_with_headers)

    def _record(self, scope: Scope, status: int, *, faulted: bool) -> None:
        route = scope.get("route")
        query = scope.get("query_string", b"").decode("latin-1")
        self.state.log.record(
            LoggedRequest(
                method=scope["method"],
                path=scope["path"],
                query=query,
                status=status,
                route=getattr(route, "path", None),
                faulted=faulted,
                absolute_form=bool(scope.get(ABSOLUTE_FORM_KEY)),
            )
        )
