"""A typed handle on a running emulator's control API, for tests and the benchmark.

It talks HTTP like any other process would, so the same calls work against a fixture in a thread and
against ``python -m emulators.portal`` in another process.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any

import httpx

from components.portal.contract import BASE_PATH
from emulators.portal.control import CONTROL_PREFIX
from emulators.portal.faults import FaultKind, FaultSpec
from emulators.portal.state import DEFAULT_PARTNER, OTHER_PARTNER

__all__ = ["EmulatorControl"]


class EmulatorControl:
    """``control = EmulatorControl("http://127.0.0.1:PORT")``; ``control.api_url`` is the client's base."""

    def __init__(self, server_url: str, timeout: float = 10.0) -> None:
        self.server_url = server_url.rstrip("/")
        self.api_url = self.server_url + BASE_PATH
        self._http = httpx.Client(base_url=self.server_url + CONTROL_PREFIX, timeout=timeout, trust_env=False)

    def __enter__(self) -> EmulatorControl:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def _json(self, method: str, path: str, body: Any = None) -> Any:
        response = self._http.request(method, path, json=body)
        response.raise_for_status()
        return response.json()

    def reset(self) -> None:
        self._json("POST", "/reset")

    def seed_org(
        self, identifier: str, *, title: str | None = None, plan: str = "business", foreign: bool = False
    ) -> None:
        """Add an organization; ``foreign=True`` makes it another partner's (contract answers 403)."""
        self._json(
            "POST",
            "/organizations",
            {
                "identifier": identifier,
                "title": title or identifier.title(),
                "plan_identifier": plan,
                "partner": OTHER_PARTNER if foreign else DEFAULT_PARTNER,
            },
        )

    def set_method(self, identifier: str, method_type: str, **fields: Any) -> dict[str, Any]:
        """Store a method as given (no validation); a ``client_secret`` is kept only as its hash."""
        result: dict[str, Any] = self._json(
            "PUT", f"/organizations/{identifier}/sso-methods/{method_type}", fields
        )
        return result

    def edit_method(self, identifier: str, method_type: str, **fields: Any) -> dict[str, Any]:
        """Change some fields of a method, as someone editing the portal by hand would."""
        result: dict[str, Any] = self._json(
            "PATCH", f"/organizations/{identifier}/sso-methods/{method_type}", fields
        )
        return result

    def delete_method(self, identifier: str, method_type: str) -> None:
        self._json("DELETE", f"/organizations/{identifier}/sso-methods/{method_type}")

    def fault(
        self, kind: FaultKind | str, *, method: str = "*", path: str = "*", count: int = 1, **options: Any
    ) -> None:
        """Queue ``count`` faults for requests matching ``method`` and the ``fnmatch`` pattern ``path``."""
        spec = FaultSpec(kind=FaultKind(kind), method=method, path=path, count=count, **options)
        self._json("POST", "/faults", spec.model_dump(mode="json"))

    def pending_faults(self) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = self._json("GET", "/faults")
        return result

    def requests(self) -> dict[str, Any]:
        """``{"total", "by_method", "by_route", "log"}`` of contract requests since the last reset."""
        result: dict[str, Any] = self._json("GET", "/requests")
        return result

    def clear_requests(self) -> None:
        self._json("DELETE", "/requests")

    def count(self, method: str, path_suffix: str = "") -> int:
        """How many ``method`` requests whose path ends with ``path_suffix`` the emulator has seen."""
        return sum(
            1 for e in self.requests()["log"] if e["method"] == method and e["path"].endswith(path_suffix)
        )

    def state(self) -> dict[str, Any]:
        result: dict[str, Any] = self._json("GET", "/state")
        return result

    def methods_of(self, identifier: str) -> dict[str, dict[str, Any]]:
        """The stored SSO methods of one organization, straight from the state."""
        methods: dict[str, dict[str, Any]] = self.state()["organizations"][identifier]["sso_methods"]
        return methods
