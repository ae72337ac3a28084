"""One portal request on the wire, and the only place httpx's exceptions become ours.

:func:`send_once` sends one request and returns either a :class:`RawResponse` (any status) or a
:class:`TransportFailure`; it never lets an httpx exception out. Bodies are streamed and capped at
``max_body`` bytes (after decompression), so a hostile or broken server cannot make us buffer 10 MB.
:func:`http_error` and :func:`parse_body` turn a response into our typed errors or a contract model.
Server-provided text is redacted of the secrets we sent and shortened before it enters a message.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final, TypeVar

import httpx
from pydantic import TypeAdapter, ValidationError

from components.portal.contract import RETRY_AFTER_HEADER, ErrorEnvelope
from components.portal.errors import (
    MalformedResponseError,
    PortalError,
    PortalHTTPError,
    PortalTimeoutError,
    PortalTransportError,
    error_class_for_status,
)
from components.portal.retry import RETRYABLE_STATUSES, parse_retry_after

__all__ = [
    "MAX_API_TEXT",
    "RawResponse",
    "TransportFailure",
    "capped_timeout",
    "describe",
    "error_code",
    "final_error",
    "http_error",
    "parse_body",
    "redact",
    "send_once",
]

MAX_API_TEXT: Final = 300
"""Longest server-provided message we repeat in an error; the rest is cut."""
_REDACTED: Final = "[redacted]"
_MIN_SECRET_LENGTH: Final = 4

T = TypeVar("T")


@dataclass(frozen=True)
class RawResponse:
    """A complete HTTP answer: status, the one header we use, and the (capped) body bytes."""

    status: int
    retry_after: float | None
    body: bytes


@dataclass(frozen=True)
class TransportFailure:
    """No usable answer; ``reason`` names the httpx error type and says what went wrong.

    The httpx exception itself is not kept: it holds the request, whose headers carry the API key and
    whose body may carry the client secret, and an error tracker walking ``__cause__`` would find them.
    """

    reason: str
    retryable: bool
    timed_out: bool


def _classify(exc: httpx.HTTPError) -> TransportFailure:
    """Map one httpx exception to retryability; the only httpx-exception switch in the project."""
    text = str(exc) or type(exc).__name__
    if isinstance(exc, httpx.TimeoutException):
        return TransportFailure(f"timed out ({type(exc).__name__})", True, True)
    if isinstance(exc, httpx.NetworkError | httpx.RemoteProtocolError):
        return TransportFailure(f"{type(exc).__name__}: {text}", True, False)
    return TransportFailure(f"{type(exc).__name__}: {text}", False, False)


def _read_capped(response: httpx.Response, max_body: int, method: str, path: str) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_body:
        raise MalformedResponseError(
            method=method,
            path=path,
            status=response.status_code,
            reason=f"body of {declared} bytes exceeds the {max_body}-byte cap",
        )
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_body:
            raise MalformedResponseError(
                method=method,
                path=path,
                status=response.status_code,
                reason=f"body exceeds the {max_body}-byte cap",
            )
        chunks.append(chunk)
    return b"".join(chunks)


def send_once(
    client: httpx.Client,
    method: str,
    path: str,
    *,
    params: dict[str, int] | None,
    body: dict[str, str] | None,
    timeout: httpx.Timeout,
    max_body: int,
) -> RawResponse | TransportFailure:
    """Send one request; raises only :class:`MalformedResponseError` (oversized or undecodable body)."""
    try:
        request = client.build_request(method, path, params=params, json=body, timeout=timeout)
        response = client.send(request, stream=True)
    except httpx.HTTPError as exc:
        return _classify(exc)
    except httpx.InvalidURL as exc:
        return TransportFailure(f"invalid URL: {exc}", False, False)
    try:
        content = _read_capped(response, max_body, method, path)
    except httpx.DecodingError as exc:
        raise MalformedResponseError(
            method=method,
            path=path,
            status=response.status_code,
            reason=f"undecodable body ({type(exc).__name__})",
        ) from exc
    except httpx.HTTPError as exc:
        return _classify(exc)
    finally:
        response.close()
    retry_after = parse_retry_after(response.headers.get(RETRY_AFTER_HEADER))
    return RawResponse(response.status_code, retry_after, content)


def redact(text: str, secrets: Iterable[str]) -> str:
    """``text`` without any of ``secrets`` and cut to :data:`MAX_API_TEXT` characters."""
    for secret in secrets:
        if len(secret) >= _MIN_SECRET_LENGTH:
            text = text.replace(secret, _REDACTED)
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    return text if len(text) <= MAX_API_TEXT else text[:MAX_API_TEXT] + "..."


def http_error(
    raw: RawResponse, *, method: str, path: str, attempts: int, secrets: Iterable[str]
) -> PortalHTTPError:
    """The typed error for a non-2xx answer; a body that is not the error envelope gives code ``unknown``."""
    secrets = tuple(secrets)
    try:
        envelope: ErrorEnvelope | None = ErrorEnvelope.model_validate_json(raw.body)
    except ValidationError:
        envelope = None
    if envelope is None:
        code, message, fields = "unknown", "no error details in the response body", None
    else:
        error = envelope.error
        code, message = redact(error.code, secrets), redact(error.message, secrets)
        fields = {redact(k, secrets): redact(v, secrets) for k, v in (error.fields or {}).items()}
    cls = error_class_for_status(raw.status)
    return cls(
        method=method,
        path=path,
        status=raw.status,
        code=code,
        api_message=message,
        attempts=attempts,
        fields=fields,
        retry_after=raw.retry_after,
    )


def error_code(raw: RawResponse) -> str | None:
    """The API error code of a non-2xx answer, or ``None`` when the body is not the envelope."""
    try:
        return ErrorEnvelope.model_validate_json(raw.body).error.code
    except ValidationError:
        return None


def parse_body(raw: RawResponse, adapter: TypeAdapter[T], *, method: str, path: str) -> T:
    """Validate a 2xx body against a contract model; anything else is :class:`MalformedResponseError`."""
    try:
        document: Any = json.loads(raw.body)
    except (ValueError, RecursionError):
        raise MalformedResponseError(
            method=method, path=path, status=raw.status, reason="body is not JSON"
        ) from None
    try:
        return adapter.validate_python(document)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '<root>'}: {err['msg']}"
            for err in exc.errors(include_input=False, include_url=False)[:5]
        )
        raise MalformedResponseError(
            method=method,
            path=path,
            status=raw.status,
            reason=f"body does not match the contract ({problems})",
        ) from None


def capped_timeout(timeout: httpx.Timeout, remaining: float) -> httpx.Timeout:
    """Per-attempt timeouts, never longer than what is left of the call's total budget."""

    def cap(value: float | None) -> float:
        return remaining if value is None else min(value, remaining)

    return httpx.Timeout(
        connect=cap(timeout.connect), read=cap(timeout.read), write=cap(timeout.write), pool=cap(timeout.pool)
    )


def describe(outcome: RawResponse | TransportFailure) -> tuple[bool, float | None, str]:
    """``(retryable, retry_after, reason)`` of a failed attempt, for the retry decision and the log."""
    if isinstance(outcome, TransportFailure):
        return outcome.retryable, None, outcome.reason
    return outcome.status in RETRYABLE_STATUSES, outcome.retry_after, f"HTTP {outcome.status}"


def final_error(
    outcome: RawResponse | TransportFailure, *, method: str, path: str, attempts: int, secrets: Iterable[str]
) -> PortalError:
    """The error to raise once retrying is over; nothing of httpx's request object travels with it."""
    if isinstance(outcome, RawResponse):
        return http_error(outcome, method=method, path=path, attempts=attempts, secrets=secrets)
    cls = PortalTimeoutError if outcome.timed_out else PortalTransportError
    return cls(
        method=method, path=path, reason=outcome.reason, retryable=outcome.retryable, attempts=attempts
    )
