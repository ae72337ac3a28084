"""Okta's cursor pagination: ``limit`` and ``after`` in, ``Link: <...>; rel="self"|"next"`` out.

Okta sends one ``Link`` header per relation, never one comma-joined header: the Go SDKs split each
header value on ``;`` and would follow the wrong URL from a joined one. The ``after`` cursor here is
the id of the last object on the previous page; an unknown cursor yields an empty page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import JSONResponse

from emulators.okta.errors import validation_failed

__all__ = ["Limits", "Page", "paginate"]

T = TypeVar("T")


@dataclass(frozen=True)
class Limits:
    default: int
    maximum: int


@dataclass(frozen=True)
class Page:
    items: list[object]
    links: list[str]

    def response(self) -> JSONResponse:
        response = JSONResponse(self.items)
        for link in self.links:
            response.headers.append("Link", link)
        return response


def _limit(request: Request, limits: Limits) -> int:
    raw = request.query_params.get("limit")
    if raw is None or raw == "":
        return limits.default
    try:
        value = int(raw)
    except ValueError:
        raise validation_failed("limit", [f"limit: {raw!r} is not an integer"]) from None
    if value < 1:
        return limits.default
    return min(value, limits.maximum)


def paginate(
    request: Request,
    items: Sequence[T],
    *,
    base: str,
    key: Callable[[T], str],
    limits: Limits,
    present: Callable[[T], object],
) -> Page:
    """One page of ``items`` (already filtered and ordered) plus its Link headers."""
    limit = _limit(request, limits)
    after = request.query_params.get("after")
    start = 0
    if after:
        keys = [key(item) for item in items]
        start = keys.index(after) + 1 if after in keys else len(items)
    chunk = list(items[start : start + limit])
    kept = [(k, v) for k, v in request.query_params.multi_items() if k not in ("after", "limit")]
    path = f"{base}{request.url.path}"
    self_query = [*kept, *([("after", after)] if after else []), ("limit", str(limit))]
    links = [f'<{path}?{urlencode(self_query)}>; rel="self"']
    if start + limit < len(items) and chunk:
        next_query = [*kept, ("after", key(chunk[-1])), ("limit", str(limit))]
        links.append(f'<{path}?{urlencode(next_query)}>; rel="next"')
    return Page([present(item) for item in chunk], links)
