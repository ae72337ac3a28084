"""Show what the portal holds after ``pulumi up``, read through its public API, and check it.

Read through the contract (``PortalClient``), not the emulator's state file, so the listing is what
the real portal would answer. The portal never returns a client secret, only its SHA-256, which is
compared with the SHA-256 of the Okta app's secret: a match proves the right secret was written.
"""

from __future__ import annotations

from typing import Any

from components.portal.client import PortalClient
from components.portal.contract import OKTA_TYPE, secret_sha256
from scripts.sandbox.errors import SandboxError
from scripts.sandbox.stack_config import SandboxConfig

__all__ = ["report_portal"]

_FIELD_ORDER = ("client_id", "issuer", "base_url", "audience", "client_secret_sha256", "updated_at")


def report_portal(config: SandboxConfig) -> None:
    """Print every organization's SSO methods; raise if an organization's Okta values are wrong."""
    expected = {org.partner_identifier: org for org in config.organizations}
    problems: list[str] = []
    with PortalClient(config.portal_api_key, config.portal_api_url) as portal:
        print(f"    portal {config.portal_api_url}")
        for organization in portal.list_organizations():
            print(f"    {organization.identifier} ({organization.title})")
            methods = {m.type: m.model_dump() for m in portal.list_methods(organization.identifier)}
            for method_type, fields in sorted(methods.items()):
                print(f"        {method_type}")
                for name, value in _ordered(fields):
                    print(f"            {name:<21} {value}")
            org = expected.get(organization.identifier)
            if org is not None:
                problems += _check(
                    organization.identifier, methods.get(OKTA_TYPE), org.client_id, org.client_secret
                )
    if problems:
        raise SandboxError("the portal does not hold what the stack declares:\n" + "\n".join(problems))
    print(f"    ok: the Okta settings of {len(expected)} organization(s) match their Okta apps")


def _ordered(fields: dict[str, Any]) -> list[tuple[str, Any]]:
    known = [(name, fields[name]) for name in _FIELD_ORDER if name in fields]
    rest = sorted(
        (name, value) for name, value in fields.items() if name not in _FIELD_ORDER and name != "type"
    )
    return known + rest


def _check(identifier: str, okta: dict[str, Any] | None, client_id: str, client_secret: str) -> list[str]:
    if okta is None:
        return [f"    - {identifier}: no Okta SSO method"]
    problems = []
    if okta.get("client_id") != client_id or okta.get("audience") != client_id:
        problems.append(
            f"    - {identifier}: client_id/audience are not the Okta app's client id {client_id}"
        )
    if okta.get("client_secret_sha256") != secret_sha256(client_secret):
        problems.append(
            f"    - {identifier}: client_secret_sha256 is not the SHA-256 of the Okta app's secret"
        )
    return problems
