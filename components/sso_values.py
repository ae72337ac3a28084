"""The values the portal's Okta form needs, derived from the organization and the Okta org.

Pure functions: the one place that knows the redirect URI template and how the issuer and base URL
follow from the authorization server, so they are unit-tested without Pulumi.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from components.config.fields import check_okta_domain, check_partner_identifier

__all__ = [
    "REDIRECT_URI_TEMPLATE",
    "OidcEndpoints",
    "host_from_org_settings",
    "host_from_url",
    "oidc_endpoints",
    "redirect_uri",
]

REDIRECT_URI_TEMPLATE = "https://partner-api.nordlayer.com/v1/tokens/oauth/{partner_identifier}/resolution"


@dataclass(frozen=True)
class OidcEndpoints:
    """What the portal calls Issuer and Base URL."""

    issuer: str
    base_url: str


def redirect_uri(partner_identifier: str) -> str:
    """The sign-in redirect URI the portal expects Okta to send users back to."""
    check_partner_identifier(partner_identifier)
    return REDIRECT_URI_TEMPLATE.format(partner_identifier=quote(partner_identifier, safe=""))


def oidc_endpoints(host: str, server_id: str | None) -> OidcEndpoints:
    """``server_id`` None means the org authorization server; otherwise ``default`` or a custom id.

    The org server issues tokens as ``https://{host}`` and the portal finds its endpoints below
    ``/oauth2``; any other server has one issuer, ``/oauth2/{id}``, which is also the base URL.
    """
    origin = f"https://{check_okta_domain(host)}"
    if server_id is None:
        return OidcEndpoints(issuer=origin, base_url=f"{origin}/oauth2")
    if not server_id or "/" in server_id:
        raise ValueError(f"authorization server id {server_id!r} is not a valid path segment")
    issuer = f"{origin}/oauth2/{quote(server_id, safe='')}"
    return OidcEndpoints(issuer=issuer, base_url=issuer)


def host_from_org_settings(org_name: str | None, base_url: str | None) -> str | None:
    """``okta:orgName`` + ``okta:baseUrl`` (``acme`` + ``okta.com``) as the provider itself combines them."""
    if not org_name or not base_url:
        return None
    return check_okta_domain(f"{org_name}.{base_url}")


def host_from_url(url: str) -> str:
    """The host of an org URL such as ``https://acme.okta.com`` (from the org metadata)."""
    host = url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return check_okta_domain(host)
