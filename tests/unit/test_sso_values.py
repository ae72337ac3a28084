"""Redirect URI and issuer/base URL derivation: the values admins used to copy by hand."""

from __future__ import annotations

import pytest

from components.sso_values import (
    OidcEndpoints,
    host_from_org_settings,
    host_from_url,
    oidc_endpoints,
    redirect_uri,
)


def test_redirect_uri_is_the_portal_resolution_endpoint() -> None:
    assert (
        redirect_uri("acme-corp") == "https://partner-api.nordlayer.com/v1/tokens/oauth/acme-corp/resolution"
    )
    assert redirect_uri("a.b_c~d") == "https://partner-api.nordlayer.com/v1/tokens/oauth/a.b_c~d/resolution"


@pytest.mark.parametrize("bad", ["", "a/b", "..", "a b", "x" * 129])
def test_redirect_uri_refuses_an_unsafe_identifier(bad: str) -> None:
    with pytest.raises(ValueError, match=r"partner|must|at most"):
        redirect_uri(bad)


def test_org_server_issuer_is_the_org_and_base_url_is_oauth2() -> None:
    assert oidc_endpoints("acme.okta.com", None) == OidcEndpoints(
        issuer="https://acme.okta.com", base_url="https://acme.okta.com/oauth2"
    )


@pytest.mark.parametrize("server_id", ["default", "aus1partners"])
def test_named_servers_use_their_issuer_as_base_url(server_id: str) -> None:
    issuer = f"https://login.acme.com/oauth2/{server_id}"
    assert oidc_endpoints("login.acme.com", server_id) == OidcEndpoints(issuer=issuer, base_url=issuer)


@pytest.mark.parametrize("server_id", ["", "a/b"])
def test_bad_server_ids_are_refused(server_id: str) -> None:
    with pytest.raises(ValueError, match="authorization server id"):
        oidc_endpoints("acme.okta.com", server_id)


def test_hosts_from_org_settings_and_urls() -> None:
    assert host_from_org_settings("acme", "okta.com") == "acme.okta.com"
    assert host_from_org_settings("acme", None) is None
    assert host_from_org_settings(None, "okta.com") is None
    assert host_from_url("https://acme.oktapreview.com") == "acme.oktapreview.com"
    assert host_from_url("https://acme.okta.com:443/") == "acme.okta.com"
