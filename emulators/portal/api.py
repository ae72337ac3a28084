"""The contract routes of the portal emulator, declared as one table over ``components.portal.contract``.

Paths, bodies and answers come from the contract module, so the OpenAPI document FastAPI generates
from this router is the contract as code; ``docs/portal-openapi.json`` is that document, committed.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Final

from fastapi import APIRouter, Depends, Query, Response, Security
from fastapi.security import APIKeyHeader

from components.portal.contract import (
    API_KEY_SCHEME,
    AUTH_HEADER,
    BASE_PATH,
    MAX_PAGE_LIMIT,
    OKTA_METHOD_PATH,
    OKTA_TYPE,
    ORGANIZATIONS_PATH,
    SSO_METHODS_PATH,
    ErrorEnvelope,
    OktaSettings,
    OktaSettingsInput,
    Organization,
    SsoMethod,
    organization_identifier_problem,
)
from emulators.portal.state import PortalState, StoredOrganization

__all__ = ["ApiError", "build_router"]

DEFAULT_PAGE_LIMIT: Final = 50
_api_key_header = APIKeyHeader(
    name=AUTH_HEADER, auto_error=False, description=f"`{API_KEY_SCHEME} <partner API key>`"
)


class ApiError(Exception):
    """Raised by handlers; rendered as the contract's ``{"error": {...}}`` envelope."""

    def __init__(self, status: int, code: str, message: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields

    def envelope(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.fields is not None:
            body["fields"] = self.fields
        return {"error": body}


def _errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {status: {"model": ErrorEnvelope} for status in (401, 422, 429, *statuses)}


class PortalApi:
    """Handlers bound to one :class:`PortalState`."""

    def __init__(self, state: PortalState) -> None:
        self.state = state

    def authenticate(self, authorization: Annotated[str | None, Security(_api_key_header)] = None) -> None:
        expected = f"{API_KEY_SCHEME} {self.state.api_key}"
        if authorization is None or not hmac.compare_digest(authorization.encode(), expected.encode()):
            raise ApiError(401, "unauthorized", "missing or invalid API key")

    def _managed(self, identifier: str) -> StoredOrganization:
        org = None if organization_identifier_problem(identifier) else self.state.organization(identifier)
        if org is None:
            raise ApiError(404, "organization_not_found", f"organization {identifier!r} does not exist")
        if org.partner != self.state.data.partner:
            raise ApiError(
                403, "organization_not_managed", f"organization {identifier!r} is not managed by this partner"
            )
        return org

    def list_organizations(
        self,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE_LIMIT)] = DEFAULT_PAGE_LIMIT,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> list[Organization]:
        orgs = self.state.managed_organizations()[offset : offset + limit]
        return [
            Organization(identifier=o.identifier, title=o.title, plan_identifier=o.plan_identifier)
            for o in orgs
        ]

    def list_methods(self, identifier: str) -> list[SsoMethod]:
        org = self._managed(identifier)
        return [SsoMethod.model_validate(m) for _, m in sorted(org.sso_methods.items())]

    def get_okta(self, identifier: str) -> OktaSettings:
        method = self._managed(identifier).sso_methods.get(OKTA_TYPE)
        if method is None:
            raise ApiError(404, "not_found", f"Okta SSO is not configured for {identifier!r}")
        return OktaSettings.model_validate(method)

    def put_okta(self, identifier: str, settings: OktaSettingsInput) -> OktaSettings:
        self._managed(identifier)
        stored = self.state.set_method(identifier, OKTA_TYPE, settings.to_wire())
        return OktaSettings.model_validate(stored)

    def delete_okta(self, identifier: str) -> Response:
        self._managed(identifier)
        if not self.state.delete_method(identifier, OKTA_TYPE):
            raise ApiError(404, "not_found", f"Okta SSO is not configured for {identifier!r}")
        return Response(status_code=204)


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    handler: Callable[..., Any]
    status: int
    errors: tuple[int, ...]
    operation_id: str
    summary: str


def _routes(api: PortalApi) -> tuple[Route, ...]:
    return (
        Route(
            "GET",
            ORGANIZATIONS_PATH,
            api.list_organizations,
            200,
            (),
            "listOrganizations",
            "Organizations managed by this partner (plain array, paged by limit/offset)",
        ),
        Route(
            "GET",
            SSO_METHODS_PATH,
            api.list_methods,
            200,
            (403, 404),
            "listSsoMethods",
            "Every configured SSO method of an organization (secrets are never returned)",
        ),
        Route(
            "GET",
            OKTA_METHOD_PATH,
            api.get_okta,
            200,
            (403, 404),
            "getOktaSsoMethod",
            "The Okta SSO method, with the client secret only as its SHA-256",
        ),
        Route(
            "PUT",
            OKTA_METHOD_PATH,
            api.put_okta,
            200,
            (403, 404),
            "putOktaSsoMethod",
            "Create or replace the Okta SSO method (other methods are untouched)",
        ),
        Route(
            "DELETE",
            OKTA_METHOD_PATH,
            api.delete_okta,
            204,
            (403, 404),
            "deleteOktaSsoMethod",
            "Remove the Okta SSO method; 404 when it is not configured",
        ),
    )


def build_router(state: PortalState) -> APIRouter:
    """The contract routes under :data:`BASE_PATH`, all behind the API-key check."""
    api = PortalApi(state)
    router = APIRouter(prefix=BASE_PATH, dependencies=[Depends(api.authenticate)])
    for route in _routes(api):
        router.add_api_route(
            route.path,
            route.handler,
            methods=[route.method],
            status_code=route.status,
            responses=_errors(*route.errors),
            summary=route.summary,
            operation_id=route.operation_id,
        )
    return router
