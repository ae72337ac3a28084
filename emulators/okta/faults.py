"""Injected failures and the request log: the two things tests steer and read over ``/_emulator``.

A fault rule answers the next ``count`` requests that match ``method`` and the glob ``path`` (after
letting ``skip`` matching requests through) with ``status`` and an Okta error body. A 429 carries
Okta's rate-limit headers, whose reset the Go SDKs turn into their back-off.
"""

from __future__ import annotations

import fnmatch
import itertools
import threading
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["FaultBook", "FaultRule", "LoggedRequest", "RequestLog"]


@dataclass
class FaultRule:
    id: int
    method: str
    path: str
    status: int
    count: int
    skip: int = 0
    error_code: str | None = None
    error_summary: str | None = None
    reset_seconds: int = 1
    retry_after: int | None = None
    fired: int = 0

    def matches(self, method: str, path: str) -> bool:
        return (self.method in ("*", method)) and fnmatch.fnmatchcase(path, self.path)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


class FaultBook:
    """Queued fault rules, consumed in the order they were added."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rules: list[FaultRule] = []
        self._ids = itertools.count(1)

    def add(
        self,
        *,
        method: str,
        path: str,
        status: int,
        count: int,
        skip: int = 0,
        error_code: str | None = None,
        error_summary: str | None = None,
        reset_seconds: int = 1,
        retry_after: int | None = None,
    ) -> FaultRule:
        with self._lock:
            rule = FaultRule(
                id=next(self._ids),
                method=method.upper(),
                path=path,
                status=status,
                count=count,
                skip=skip,
                error_code=error_code,
                error_summary=error_summary,
                reset_seconds=reset_seconds,
                retry_after=retry_after,
            )
            self._rules.append(rule)
            return rule

    def take(self, method: str, path: str) -> FaultRule | None:
        """The rule that fires for this request, if any; spent rules are dropped."""
        with self._lock:
            for rule in self._rules:
                if not rule.matches(method, path):
                    continue
                if rule.skip > 0:
                    rule.skip -= 1
                    continue
                rule.count -= 1
                rule.fired += 1
                if rule.count <= 0:
                    self._rules.remove(rule)
                return rule
            return None

    def pending(self) -> list[dict[str, Any]]:
        with self._lock:
            return [rule.as_json() for rule in self._rules]

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()


@dataclass(frozen=True)
class LoggedRequest:
    method: str
    path: str
    query: str
    status: int
    route: str | None
    faulted: bool = False
    absolute_form: bool = False

    @property
    def key(self) -> str:
        return f"{self.method} {self.route or self.path}"


@dataclass
class RequestLog:
    """Every Okta API request the emulator answered, in order, with counts per route."""

    _entries: list[LoggedRequest] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, entry: LoggedRequest) -> None:
        with self._lock:
            self._entries.append(entry)

    def entries(self) -> list[LoggedRequest]:
        with self._lock:
            return list(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def as_json(self) -> dict[str, Any]:
        entries = self.entries()
        return {
            "total": len(entries),
            "counts": dict(Counter(entry.key for entry in entries)),
            "requests": [asdict(entry) for entry in entries],
        }
