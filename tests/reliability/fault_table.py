"""The fault matrix as data: which fault hits which portal request of which provider operation, and what
must then happen.

It is data, not test code, because two readers need it: ``test_fault_matrix.py`` parametrizes one test
per :data:`CELLS` entry and asserts its :class:`Outcome`, and ``scripts/fault_matrix.py`` renders the same
entries into ``docs/fault-matrix.md`` (a test fails while the committed document differs). The published
table therefore says exactly what the tests check.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any, Final

from components.errors import PortalError
from components.portal.errors import (
    AuthenticationError,
    MalformedResponseError,
    NotFoundError,
    PermissionDeniedError,
    PortalTimeoutError,
    PortalTransportError,
    RateLimitedError,
    ServerError,
    ValidationFailedError,
)
from tests.portal.support import FAST_RETRY

__all__ = [
    "CELLS",
    "CLIENT_TIMEOUT_S",
    "FAULTS",
    "OPERATIONS",
    "PERSISTENT_COUNT",
    "RETRY_AFTER_S",
    "SLOW_DELAY_S",
    "TIMING_FAULTS",
    "UNTIMED_CLIENT_TIMEOUT_S",
    "Cell",
    "Fault",
    "Operation",
    "Outcome",
    "Result",
    "Variant",
]

CLIENT_TIMEOUT_S: Final = 0.3
"""Per-attempt client timeout for the timing faults (slow, late); a healthy loopback answer takes ms."""
UNTIMED_CLIENT_TIMEOUT_S: Final = 5.0
"""Per-attempt timeout for every other fault: the outcome must not depend on a race with the timer
(a truncated answer under CPU load could otherwise end as a timeout rather than a closed peer)."""
TIMING_FAULTS: Final = frozenset({"delay", "late"})
SLOW_DELAY_S: Final = 0.6
"""How long the "slow" fault holds an answer: twice the client timeout, so every such attempt times out."""
RETRY_AFTER_S: Final = 1
PERSISTENT_COUNT: Final = FAST_RETRY.max_attempts + 2
"""A persistent fault is queued more often than the retry budget allows attempts."""

_VALIDATION_BODY: Final = (
    '{"error": {"code": "validation_failed", "message": "the request is invalid", '
    '"fields": {"issuer": "must be an absolute https:// URL"}}}'
)


@dataclass(frozen=True)
class Operation:
    """A provider operation and the one HTTP request of it that the fault is aimed at."""

    name: str
    method: str

    @property
    def key(self) -> str:
        return f"{self.name}.{self.method}"

    @property
    def label(self) -> str:
        return f"{self.name} ({self.method})"


OPERATIONS: Final = (
    Operation("read", "GET"),
    Operation("create", "GET"),
    Operation("create", "PUT"),
    Operation("update", "PUT"),
    Operation("delete", "DELETE"),
)


@dataclass(frozen=True)
class Fault:
    """One emulator fault (``kind`` + ``options`` as ``EmulatorControl.fault`` takes them)."""

    key: str
    label: str
    kind: str
    error: type[PortalError]
    fragment: str
    """Text the final error message must contain: status and API code, or the transport reason."""
    retryable: bool
    options: Mapping[str, Any] = field(default_factory=dict)


def _status(status: int, code: str, error: type[PortalError], *, retryable: bool, **extra: Any) -> Fault:
    key = f"{status}-{code.replace('_', '-')}" if status == 404 else str(status)
    label = f"{status} `{code}`"
    if "retry_after" in extra:
        key, label = f"{key}-retry-after", f"{label} with Retry-After: {extra['retry_after']}"
    options = {"status": status, "code": code, **extra}
    return Fault(key, label, "status", error, f"HTTP {status} {code}", retryable, options)


_MALFORMED: Final = "returned an unusable HTTP 200 response"

FAULTS: Final = (
    _status(429, "rate_limited", RateLimitedError, retryable=True, retry_after=str(RETRY_AFTER_S)),
    _status(429, "rate_limited", RateLimitedError, retryable=True),
    _status(500, "internal_error", ServerError, retryable=True),
    _status(502, "bad_gateway", ServerError, retryable=True),
    _status(503, "service_unavailable", ServerError, retryable=True),
    _status(504, "gateway_timeout", ServerError, retryable=True),
    Fault(
        "slow",
        f"slow: held {SLOW_DELAY_S} s, then handled (client timeout {CLIENT_TIMEOUT_S} s)",
        "delay",
        PortalTimeoutError,
        "timed out",
        True,
        {"delay_s": SLOW_DELAY_S},
    ),
    Fault(
        "late",
        f"late: handled (write committed), answer held {SLOW_DELAY_S} s",
        "late",
        PortalTimeoutError,
        "timed out",
        True,
        {"delay_s": SLOW_DELAY_S},
    ),
    Fault("drop", "connection dropped, no answer", "drop", PortalTransportError, "disconnected", True),
    Fault("truncated", "truncated body", "truncated", PortalTransportError, "peer closed connection", True),
    Fault(
        "non-json", "200 with an HTML (non-JSON) body", "non_json", MalformedResponseError, _MALFORMED, False
    ),
    Fault(
        "wrong-shape",
        "200 with JSON of the wrong shape",
        "wrong_shape",
        MalformedResponseError,
        _MALFORMED,
        False,
    ),
    Fault("oversized", "200 with a 10 MiB body", "oversized", MalformedResponseError, _MALFORMED, False),
    _status(401, "unauthorized", AuthenticationError, retryable=False),
    _status(403, "organization_not_managed", PermissionDeniedError, retryable=False),
    _status(404, "not_found", NotFoundError, retryable=False),
    _status(404, "organization_not_found", NotFoundError, retryable=False),
    replace(
        _status(422, "validation_failed", ValidationFailedError, retryable=False, body=_VALIDATION_BODY),
        fragment="HTTP 422 validation_failed: the request is invalid; "
        "issuer: must be an absolute https:// URL",
    ),
)


class Variant(StrEnum):
    TRANSIENT = "transient"  # queued once
    PERSISTENT = "persistent"  # queued PERSISTENT_COUNT times: more than the retry budget


class Result(StrEnum):
    CONVERGES = "converges"  # the operation succeeds; result and portal state are the intended ones
    FAILS = "fails clearly"  # OktaSettingsError naming method, path, status/code; portal unchanged
    ANSWERED = "contract answer"  # not a failure: the contract gives this answer a meaning


@dataclass(frozen=True)
class Outcome:
    result: Result
    retries: int = 0
    error: type[PortalError] | None = None
    may_land: bool = False
    """The server carried out the write whose answer timed out: the portal may show the intended state."""
    note: str = ""

    def describe(self) -> str:
        if self.result is Result.CONVERGES:
            text = f"converges after {self.retries} {'retry' if self.retries == 1 else 'retries'}"
            return f"{text} ({self.note})" if self.note else text
        if self.result is Result.ANSWERED:
            return f"contract answer: {self.note}"
        assert self.error is not None
        if self.may_land:
            return f"fails clearly: {self.error.__name__}; the timed-out write may have landed"
        return f"fails clearly: {self.error.__name__}, portal unchanged"


def expected(operation: Operation, fault: Fault, variant: Variant) -> Outcome:
    """What must happen; the rules are the retry policy and the contract's meaning of 404 ``not_found``."""
    if fault.retryable and variant is Variant.TRANSIENT:
        note = f"waits Retry-After {RETRY_AFTER_S} s" if "retry_after" in fault.options else ""
        return Outcome(Result.CONVERGES, retries=1, note=note)
    if fault.options.get("code") == "not_found":
        if operation.key == "read.GET":
            return Outcome(Result.ANSWERED, note="not configured → resource gone")
        if operation.key == "delete.DELETE":
            return Outcome(Result.ANSWERED, note="not configured → already deleted")
        if operation.key == "create.GET":
            return Outcome(Result.CONVERGES, note="not configured → PUT")
    landed = operation.method in {"PUT", "DELETE"} and (
        fault.kind == "late" or (fault.kind == "delay" and operation.method == "DELETE")
    )
    return Outcome(Result.FAILS, error=fault.error, may_land=landed)


@dataclass(frozen=True)
class Cell:
    operation: Operation
    fault: Fault
    variant: Variant
    outcome: Outcome

    @property
    def id(self) -> str:
        return f"{self.operation.key}-{self.fault.key}-{self.variant}"

    @property
    def count(self) -> int:
        return PERSISTENT_COUNT if self.variant is Variant.PERSISTENT else 1


def _variants(fault: Fault) -> tuple[Variant, ...]:
    return (Variant.TRANSIENT, Variant.PERSISTENT) if fault.retryable else (Variant.TRANSIENT,)


CELLS: Final = tuple(
    Cell(operation, fault, variant, expected(operation, fault, variant))
    for fault in FAULTS
    for variant in _variants(fault)
    for operation in OPERATIONS
)
