"""Resolve what the config names in Okta (groups, authorization servers, the org host) into ids.

Lookups are Pulumi invokes (data sources), memoised per run so fifty organizations that share a group
cost one call, and failures are re-raised naming the organization and the value from the config.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import pulumi
import pulumi_okta as okta

from components.config import OrganizationConfig, StackConfig
from components.errors import OktaLookupError
from components.sso_values import host_from_org_settings, host_from_url

__all__ = ["OktaDirectory", "resolve_okta_host"]

T = TypeVar("T")


@dataclass
class OktaDirectory:
    """Memoised group and authorization-server lookups for one program run."""

    _group_ids: dict[str, str] = field(default_factory=dict)
    _server_ids: dict[str, str] = field(default_factory=dict)

    def group_ids(self, org: OrganizationConfig) -> dict[str, str]:
        """Group name -> Okta group id, for every group the organization lists."""
        return {name: self._group_id(name, org) for name in org.groups}

    def server_id(self, org: OrganizationConfig) -> str | None:
        """None for the org authorization server, else the id of ``default`` or the custom server."""
        if org.uses_org_server:
            return None
        name = org.authorization_server
        if name not in self._server_ids:
            result = _invoke(
                lambda: okta.auth.get_server(name=name),
                f"organization {org.partner_identifier!r}: could not find Okta authorization server {name!r} "
                "(authorizationServer)",
            )
            self._server_ids[name] = str(result.id)
        return self._server_ids[name]

    def _group_id(self, name: str, org: OrganizationConfig) -> str:
        if name not in self._group_ids:
            result = _invoke(
                lambda: okta.group.get_group(name=name),
                f"organization {org.partner_identifier!r}: could not find Okta group {name!r} (groups)",
            )
            self._group_ids[name] = str(result.id)
        return self._group_ids[name]


def _invoke(call: Callable[[], T], context: str) -> T:
    # Pulumi raises a plain ``Exception("invoke of <token> failed: ...")`` for a data source that
    # failed; catching it here, around one call, is the only way to add which config entry caused it.
    try:
        return call()
    except Exception as exc:
        raise OktaLookupError(f"{context} ({exc})") from exc


def resolve_okta_host(config: StackConfig) -> str:
    """The Okta host for issuer and base URL: ``oktaDomain``, else the provider's org settings, else Okta."""
    if config.okta_domain:
        return config.okta_domain
    okta_config = pulumi.Config("okta")
    host = host_from_org_settings(
        okta_config.get("orgName") or os.environ.get("OKTA_ORG_NAME"),
        okta_config.get("baseUrl") or os.environ.get("OKTA_BASE_URL"),
    )
    if host:
        return host
    metadata: Any = _invoke(
        okta.get_org_metadata, "oktaDomain: not set and the Okta org metadata could not be read"
    )
    domains = metadata.domains
    if domains is None or not domains.organization:
        raise OktaLookupError("oktaDomain: not set and the Okta org metadata names no organization URL")
    return host_from_url(str(domains.organization))
