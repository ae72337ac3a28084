"""One organization's Okta single sign-on: the OIDC app, its group assignments, the portal settings.

The component takes values that are already validated and resolved (group ids, server id, host), so
it only declares resources and never talks to Okta itself; that keeps it testable under mocks.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass

import pulumi
import pulumi_okta as okta

from components.config import AssignmentMode, OrganizationConfig
from components.portal.okta_settings import PortalOktaSettings, PortalOktaSettingsArgs
from components.sso_values import oidc_endpoints, redirect_uri

__all__ = ["COMPONENT_TYPE", "OktaPortalSso", "OktaPortalSsoArgs"]

COMPONENT_TYPE = "nordlayer:sso:OktaPortalSso"


@dataclass(frozen=True)
class OktaPortalSsoArgs:
    organization: OrganizationConfig
    okta_host: str
    group_ids: Mapping[str, str]
    server_id: str | None
    custom_domain: bool = False


class OktaPortalSso(pulumi.ComponentResource):
    """Declares the Okta side for one organization and writes the five values into its portal."""

    app_id: pulumi.Output[str]
    client_id: pulumi.Output[str]
    client_secret: pulumi.Output[str]
    issuer: pulumi.Output[str]
    base_url: pulumi.Output[str]
    audience: pulumi.Output[str]
    redirect_uri: pulumi.Output[str]

    def __init__(self, name: str, args: OktaPortalSsoArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__(COMPONENT_TYPE, name, None, opts)
        org = args.organization
        endpoints = oidc_endpoints(args.okta_host, args.server_id)
        child = pulumi.ResourceOptions(parent=self)

        app = None if org.existing_app else _oidc_app(f"{name}-app", org, args.custom_domain, child)
        self.app = app
        self.group_assignments = _group_assignments(name, org, app, args.group_ids, child) if app else []
        if app is not None:
            self.client_id = app.client_id
            self.client_secret = pulumi.Output.secret(app.client_secret)
        else:
            # An app made outside this stack (existingApp): only the portal half is managed here.
            assert org.existing_app is not None
            self.client_id = pulumi.Output.from_input(org.existing_app.client_id)
            self.client_secret = pulumi.Output.secret(org.existing_app.client_secret.get_secret_value())
        # Okta gives an OIDC app the same id as its client id; for an existingApp we only know the latter.
        self.app_id = app.id if app is not None else self.client_id
        self.issuer = pulumi.Output.from_input(endpoints.issuer)
        self.base_url = pulumi.Output.from_input(endpoints.base_url)
        # The portal's "Audience" is the ID token's aud claim, which Okta sets to the client ID.
        self.audience = self.client_id
        self.redirect_uri = pulumi.Output.from_input(redirect_uri(org.partner_identifier))

        self.portal_settings = PortalOktaSettings(
            f"{name}-portal",
            PortalOktaSettingsArgs(
                partner_identifier=org.partner_identifier,
                client_id=self.client_id,
                client_secret=self.client_secret,
                base_url=self.base_url,
                audience=self.audience,
                issuer=self.issuer,
                adopt_existing=org.adopt_existing,
            ),
            pulumi.ResourceOptions(parent=self, depends_on=[app] if app else []),
        )
        self.register_outputs(
            {
                "app_id": self.app_id,
                "client_id": self.client_id,
                "client_secret": self.client_secret,
                "issuer": self.issuer,
                "base_url": self.base_url,
                "audience": self.audience,
                "redirect_uri": self.redirect_uri,
            }
        )


def _oidc_app(
    name: str, org: OrganizationConfig, custom_domain: bool, opts: pulumi.ResourceOptions
) -> okta.app.OAuth:
    """A confidential web client that can do nothing but the portal's authorization-code sign-in."""
    return okta.app.OAuth(
        name,
        label=org.app_label,
        type="web",
        grant_types=["authorization_code"],
        response_types=["code"],
        redirect_uris=[redirect_uri(org.partner_identifier)],
        token_endpoint_auth_method="client_secret_basic",  # noqa: S106 - a method name, not a secret
        # First-party app: no consent screen, and no dashboard tile that could not sign in anyway
        # (sign-in starts at the portal, which Okta cannot initiate).
        consent_method="TRUSTED",
        login_mode="DISABLED",
        hide_ios=True,
        hide_web=True,
        # Only the groups below get access; never everyone in the org.
        implicit_assignment=False,
        # Redirects are matched exactly; no wildcard can widen them.
        wildcard_redirect="DISABLED",
        # The portal does not send PKCE parameters; requiring them would break its sign-in.
        pkce_required=False,
        # With a custom domain the issuer follows the domain the user signed in on.
        issuer_mode="DYNAMIC" if custom_domain else "ORG_URL",
        opts=opts,
    )


def _group_assignments(
    name: str,
    org: OrganizationConfig,
    app: okta.app.OAuth,
    group_ids: Mapping[str, str],
    opts: pulumi.ResourceOptions,
) -> list[pulumi.CustomResource]:
    if not org.groups:
        return []
    ordered = [group_ids[group] for group in org.groups]
    if org.group_assignment_mode is AssignmentMode.AUTHORITATIVE:
        groups = [okta.AppGroupAssignmentsGroupArgs(id=gid, profile="{}") for gid in ordered]
        return [okta.AppGroupAssignments(f"{name}-groups", app_id=app.id, groups=groups, opts=opts)]
    return [
        okta.app.GroupAssignment(f"{name}-group-{_slug(group)}", app_id=app.id, group_id=gid, opts=opts)
        for group, gid in zip(org.groups, ordered, strict=True)
    ]


def _slug(group_name: str) -> str:
    """A URN-safe, readable, collision-free name part for a group (names may hold spaces or '::')."""
    readable = re.sub(r"[^A-Za-z0-9._-]+", "_", group_name).strip("_")[:40]
    digest = hashlib.sha256(group_name.encode()).hexdigest()[:6]
    return f"{readable}-{digest}" if readable else digest
