"""The emulator's control API under ``/_emulator``: not part of the contract, hidden from OpenAPI.

Tests and the benchmark drive the emulator through it over HTTP (see ``emulators.portal.remote``):
reset, seed organizations and SSO methods (also "hand edits"), queue faults, read the request log and
the full state. No API key is needed: the emulator only ever listens on loopback.
"""

from __future__ import annotations

from typing import Any, Final

from fastapi import APIRouter, HTTPException

from emulators.portal.faults import FaultSpec
from emulators.portal.state import PortalState, StoredOrganization

__all__ = ["CONTROL_PREFIX", "build_control_router"]

CONTROL_PREFIX: Final = "/_emulator"


def build_control_router(state: PortalState) -> APIRouter:
    """Routes declared as a table of ``(method, path, handler)``; each handler closes over ``state``."""

    def _require(identifier: str) -> None:
        if state.organization(identifier) is None:
            raise HTTPException(404, f"no organization {identifier!r}")

    def reset() -> dict[str, str]:
        state.reset()
        return {"status": "reset"}

    def add_organization(org: StoredOrganization) -> StoredOrganization:
        state.add_organization(org)
        return org

    def set_method(identifier: str, method_type: str, fields: dict[str, Any]) -> dict[str, Any]:
        _require(identifier)
        return state.set_method(identifier, method_type, fields)

    def patch_method(identifier: str, method_type: str, fields: dict[str, Any]) -> dict[str, Any]:
        _require(identifier)
        return state.patch_method(identifier, method_type, fields)

    def delete_method(identifier: str, method_type: str) -> dict[str, bool]:
        _require(identifier)
        return {"deleted": state.delete_method(identifier, method_type)}

    def add_fault(spec: FaultSpec) -> dict[str, int]:
        state.faults.add(spec)
        return {"pending": len(state.faults.pending())}

    def list_faults() -> list[FaultSpec]:
        return state.faults.pending()

    def clear_faults() -> dict[str, int]:
        state.faults.clear()
        return {"pending": 0}

    def requests() -> dict[str, Any]:
        return state.log.summary()

    def clear_requests() -> dict[str, int]:
        state.log.entries.clear()
        return {"total": 0}

    def full_state() -> dict[str, Any]:
        with state.lock:
            return state.data.model_dump(mode="json")

    table = (
        ("POST", "/reset", reset),
        ("POST", "/organizations", add_organization),
        ("PUT", "/organizations/{identifier}/sso-methods/{method_type}", set_method),
        ("PATCH", "/organizations/{identifier}/sso-methods/{method_type}", patch_method),
        ("DELETE", "/organizations/{identifier}/sso-methods/{method_type}", delete_method),
        ("POST", "/faults", add_fault),
        ("GET", "/faults", list_faults),
        ("DELETE", "/faults", clear_faults),
        ("GET", "/requests", requests),
        ("DELETE", "/requests", clear_requests),
        ("GET", "/state", full_state),
    )
    router = APIRouter(prefix=CONTROL_PREFIX, include_in_schema=False)
    for method, path, handler in table:
        router.add_api_route(path, handler, methods=[method])
    return router
