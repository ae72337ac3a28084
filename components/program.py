"""The Pulumi program: stack config -> validation -> Okta lookups -> one component per organization.

Kept out of ``__main__`` so tests and the benchmark run the exact program under Pulumi's mocks.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pulumi

from components.config import StackConfig, load_stack_config, read_pulumi_config
from components.errors import ConfigError, OktaLookupError
from components.okta_lookups import OktaDirectory, resolve_okta_host
from components.okta_portal_sso import OktaPortalSso, OktaPortalSsoArgs

__all__ = ["declare_organizations", "export_organizations", "main"]


def declare_organizations(
    config: StackConfig, directory: OktaDirectory | None = None
) -> dict[str, OktaPortalSso]:
    """One component per organization, named by its partner identifier so names never shift.

    All lookups finish before the first resource is registered: a missing group in the tenth
    organization stops the run before the first nine are touched.
    """
    directory = directory or OktaDirectory()
    host = resolve_okta_host(config)
    resolved = [
        OktaPortalSsoArgs(
            organization=org,
            okta_host=host,
            group_ids=directory.group_ids(org),
            server_id=directory.server_id(org),
            custom_domain=config.okta_domain is not None,
        )
        for org in config.organizations
    ]
    return {
        args.organization.partner_identifier: OktaPortalSso(args.organization.partner_identifier, args)
        for args in resolved
    }


def export_organizations(components: Mapping[str, OktaPortalSso]) -> None:
    """The ``organizations`` stack output: what a reviewer needs, and nothing secret."""
    outputs: dict[str, Any] = {
        identifier: {
            "appId": sso.app_id,
            "clientId": sso.client_id,
            "issuer": sso.issuer,
            "baseUrl": sso.base_url,
            "audience": sso.audience,
            "redirectUri": sso.redirect_uri,
        }
        for identifier, sso in components.items()
    }
    pulumi.export("organizations", outputs)


def main() -> None:
    """Entry point of ``__main__``: our own errors end the run with their message, not a traceback."""
    try:
        raw, secret_keys = read_pulumi_config()
        config = load_stack_config(raw, require_api_key=True, secret_keys=secret_keys)
        export_organizations(declare_organizations(config))
    except (ConfigError, OktaLookupError) as err:
        raise pulumi.RunError(str(err)) from err
