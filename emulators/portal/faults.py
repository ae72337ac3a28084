"""Injected failures: what tests queue over ``/_emulator/faults`` and how each is played on the wire.

A fault matches a method (or ``*``) and an ``fnmatch`` pattern on the request path, fires ``count``
times, then is gone. Faults are played as raw ASGI messages before FastAPI routing, which is what lets
the emulator answer with bytes no well-behaved framework would produce: a truncated body, 10 MB, or no
answer at all (see :data:`DROP`).
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import MutableMapping
from enum import StrEnum
from fnmatch import fnmatchcase
from typing import Any, Final

from pydantic import BaseModel, ConfigDict, Field
from starlette.types import Send

__all__ = ["DROP", "FaultBook", "FaultKind", "FaultSpec", "Played", "held_back", "play"]

OVERSIZED_BYTES: Final = 10 * 1024 * 1024
_CHUNK: Final = 64 * 1024
DROP: Final = "drop-connection"
"""Returned from the ASGI app instead of ``None``: uvicorn then closes the socket without a response."""


class FaultKind(StrEnum):
    STATUS = "status"  # an error answer with the contract's error envelope
    DELAY = "delay"  # sleep ``delay_s``, then answer normally
    LATE = "late"  # handle the request (a PUT commits), then hold the answer back for ``delay_s``
    DROP = "drop"  # close the connection without any response
    MALFORMED = "malformed"  # ``application/json`` that is not valid JSON
    TRUNCATED = "truncated"  # headers promise more bytes than are sent, then the socket closes
    NON_JSON = "non_json"  # an HTML page, as a proxy in front of the portal would send
    WRONG_SHAPE = "wrong_shape"  # valid JSON of the wrong shape
    OVERSIZED = "oversized"  # 10 MB of JSON


class Played(StrEnum):
    ANSWERED = "answered"
    DROPPED = "dropped"
    CONTINUE = "continue"
    LATE = "late"


_DEFAULT_CODES: Final = {
    401: "unauthorized",
    403: "organization_not_managed",
    404: "not_found",
    422: "validation_failed",
    429: "rate_limited",
    500: "internal_error",
    502: "bad_gateway",
    503: "service_unavailable",
    504: "gateway_timeout",
}


class FaultSpec(BaseModel):
    """One queued fault, as posted to the control API."""

    model_config = ConfigDict(extra="forbid")

    kind: FaultKind
    method: str = "*"
    path: str = "*"
    count: int = Field(default=1, ge=1)
    status: int | None = Field(default=None, ge=100, le=599)
    retry_after: str | None = None
    delay_s: float = Field(default=0.0, ge=0.0, le=30.0)
    code: str | None = None
    message: str | None = None
    body: str | None = None
    declare_length: bool = False

    def matches(self, method: str, path: str) -> bool:
        return self.method in {"*", method} and fnmatchcase(path, self.path)


class FaultBook:
    """The queue of pending faults; the first match fires and is used up after ``count`` times."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: list[FaultSpec] = []

    def add(self, spec: FaultSpec) -> None:
        with self._lock:
            self._pending.append(spec.model_copy())

    def clear(self) -> None:
        with self._lock:
            self._pending.clear()

    def pending(self) -> list[FaultSpec]:
        with self._lock:
            return [s.model_copy() for s in self._pending]

    def take(self, method: str, path: str) -> FaultSpec | None:
        with self._lock:
            for index, spec in enumerate(self._pending):
                if spec.matches(method, path):
                    if spec.count <= 1:
                        del self._pending[index]
                    else:
                        self._pending[index] = spec.model_copy(update={"count": spec.count - 1})
                    return spec
        return None


async def _answer(
    send: Send, status: int, body: bytes, content_type: str, extra: list[tuple[bytes, bytes]] | None = None
) -> None:
    headers = [
        (b"content-type", content_type.encode()),
        (b"content-length", str(len(body)).encode()),
        *(extra or []),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})


def _error_body(spec: FaultSpec, status: int) -> bytes:
    if spec.body is not None:
        return spec.body.encode()
    code = spec.code or _DEFAULT_CODES.get(status, "injected")
    message = spec.message or f"injected HTTP {status}"
    return json.dumps({"error": {"code": code, "message": message}}).encode()


async def _oversized(send: Send, spec: FaultSpec) -> None:
    element = b'"' + b"x" * (_CHUNK - 4) + b'",'
    chunks = OVERSIZED_BYTES // len(element) + 1
    total = 1 + chunks * len(element) + 3
    headers = [(b"content-type", b"application/json")]
    if spec.declare_length:
        headers.append((b"content-length", str(total).encode()))
    await send({"type": "http.response.start", "status": spec.status or 200, "headers": headers})
    await send({"type": "http.response.body", "body": b"[", "more_body": True})
    for _ in range(chunks):
        await send({"type": "http.response.body", "body": element, "more_body": True})
    await send({"type": "http.response.body", "body": b"0]\n", "more_body": False})


async def _truncated(send: Send, spec: FaultSpec) -> None:
    partial = (spec.body or '{"type": "okta", "client_id": "0oa').encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(partial) + 100).encode())]
    await send({"type": "http.response.start", "status": spec.status or 200, "headers": headers})
    await send({"type": "http.response.body", "body": partial, "more_body": True})


def held_back(send: Send, delay_s: float) -> Send:
    """``send`` that waits ``delay_s`` before the response starts: the work is done, the reply is late.

    This is how a process can die after the portal committed a write but before it heard about it.
    """

    async def late_send(message: MutableMapping[str, Any]) -> None:
        if message["type"] == "http.response.start":
            await asyncio.sleep(delay_s)
        await send(message)

    return late_send


async def play(spec: FaultSpec, send: Send) -> Played:
    """Act out one fault; ``CONTINUE`` means "now handle the request normally"."""
    status = spec.status or (503 if spec.kind is FaultKind.STATUS else 200)
    if spec.kind is FaultKind.DELAY:
        await asyncio.sleep(spec.delay_s)
        return Played.CONTINUE
    if spec.kind is FaultKind.LATE:
        return Played.LATE
    if spec.kind is FaultKind.DROP:
        return Played.DROPPED
    if spec.kind is FaultKind.STATUS:
        extra = [(b"retry-after", spec.retry_after.encode())] if spec.retry_after is not None else []
        await _answer(send, status, _error_body(spec, status), "application/json", extra)
    elif spec.kind is FaultKind.MALFORMED:
        broken = spec.body or '{"type": "okta", "client_id": '
        await _answer(send, status, broken.encode(), "application/json")
    elif spec.kind is FaultKind.NON_JSON:
        page = spec.body or "<html><body><h1>502 Bad Gateway</h1></body></html>"
        await _answer(send, status, page.encode(), "text/html")
    elif spec.kind is FaultKind.WRONG_SHAPE:
        await _answer(send, status, (spec.body or '{"unexpected": ["shape"]}').encode(), "application/json")
    elif spec.kind is FaultKind.OVERSIZED:
        await _oversized(send, spec)
    else:
        await _truncated(send, spec)
        return Played.DROPPED
    return Played.ANSWERED
