"""Put into the emulators what exists before anyone runs the stack: organizations, Google SSO, Okta apps.

Idempotent: only what is missing is added (the emulators keep their state in ``.sandbox/*.json``), and
each function reports what it added, so a second run can tell "nothing to seed" from "fresh start".
"""

from __future__ import annotations

from components.portal.contract import secret_sha256
from emulators.portal import EmulatorControl
from scripts.sandbox.okta_apps import OktaAdmin
from scripts.sandbox.settings import GOOGLE_METHOD, ORG_TITLES
from scripts.sandbox.stack_config import SandboxOrganization

__all__ = ["seed_okta", "seed_portal"]


def seed_portal(control: EmulatorControl, organizations: tuple[SandboxOrganization, ...]) -> list[str]:
    """Each organization (with a title), and Google SSO on the first; returns what was added."""
    existing = control.state()["organizations"]
    added: list[str] = []
    for org in organizations:
        identifier = org.partner_identifier
        if identifier not in existing:
            control.seed_org(identifier, title=ORG_TITLES.get(identifier, identifier))
            added.append(f"portal organization {identifier}")
    first = organizations[0].partner_identifier
    if "google" not in existing.get(first, {}).get("sso_methods", {}):
        control.set_method(first, "google", **GOOGLE_METHOD)
        added.append(f"Google SSO on {first}")
    return added


def seed_okta(admin: OktaAdmin, organizations: tuple[SandboxOrganization, ...]) -> list[str]:
    """The OIDC app of each organization, with the client id and secret of the stack config."""
    added: list[str] = []
    for org in organizations:
        before = admin.find_app(org.client_id)
        app = admin.ensure_oidc_app(
            org.partner_identifier, client_id=org.client_id, client_secret=org.client_secret
        )
        if before is None:
            added.append(f"Okta app {app.label!r}")
        elif before.client_secret != app.client_secret:
            added.append(f"client secret of Okta app {app.label!r} (it had been changed)")
        print(
            f"    Okta app {app.label!r}: id {app.app_id}, client id {app.client_id}, "
            f"client secret sha256 {secret_sha256(app.client_secret)[:16]}..."
        )
    return added
