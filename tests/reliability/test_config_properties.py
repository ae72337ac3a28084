"""Property: any raw stack config either loads into a model whose derived values are safe, or fails with
one ``ConfigError`` whose every problem starts with the path of a field the generator broke - and names
every field it broke. Nothing else may escape ``load_stack_config``.

"Safe" is what the rest of the program relies on without checking again: each organization's redirect
URI is https with the identifier as exactly one path segment, the OIDC issuer and base URL are https on
the configured host, the portal URL is https (or http to loopback), and the portal client accepts the
URL and key as they are - a config that validates must not fail later at ``pulumi up``.
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings

from components.config import StackConfig, load_stack_config
from components.config.fields import is_loopback_host
from components.errors import ConfigError
from components.portal.client import PortalClient
from components.portal.errors import PortalConfigurationError
from components.sso_values import REDIRECT_URI_TEMPLATE, oidc_endpoints, redirect_uri

from .config_strategies import RawConfig, raw_configs

FALLBACK_OKTA_HOST = "acme.okta.com"
ECHO_MARK = "-\u2603-echo-probe"
EXAMPLES = 400


def _check_redirect_uri(identifier: str) -> None:
    template = urlsplit(REDIRECT_URI_TEMPLATE)
    expected_segments = template.path.split("/")
    slot = expected_segments.index("{partner_identifier}")
    parts = urlsplit(redirect_uri(identifier))
    segments = parts.path.split("/")
    assert (parts.scheme, parts.hostname, parts.query, parts.fragment) == ("https", template.hostname, "", "")
    assert len(segments) == len(expected_segments), segments
    assert unquote(segments[slot]) == identifier
    assert segments[:slot] + segments[slot + 1 :] == expected_segments[:slot] + expected_segments[slot + 1 :]


def _check_model(config: StackConfig) -> None:
    host = config.okta_domain or FALLBACK_OKTA_HOST
    for org in config.organizations:
        _check_redirect_uri(org.partner_identifier)
        endpoints = oidc_endpoints(host, None if org.uses_org_server else org.authorization_server)
        for url in (endpoints.issuer, endpoints.base_url):
            parts = urlsplit(url)
            assert (parts.scheme, parts.hostname) == ("https", host), url
            assert not any(ch.isspace() for ch in url), url
    portal = urlsplit(config.portal_api_url)
    assert portal.scheme == "https" or (portal.scheme == "http" and is_loopback_host(portal.hostname or ""))
    key = config.portal_api_key.get_secret_value() if config.portal_api_key is not None else "key"
    try:
        PortalClient(key, config.portal_api_url).close()
    except PortalConfigurationError as exc:
        pytest.fail(f"the config was accepted, but the portal client refuses it at run time: {exc}")


def _check_problems(problems: list[str], generated: RawConfig) -> None:
    assert problems
    candidates = {**generated.maybe, **generated.broken}
    named: set[str] = set()
    for problem in problems:
        paths = {p for p, forms in candidates.items() if any(problem.startswith(f"{f}: ") for f in forms)}
        assert paths, f"problem does not start with the path of a generated field: {problem!r}"
        named |= paths
    assert not set(generated.broken) - named, f"broken but not named: {set(generated.broken) - named}"
    assert not _echoes_api_key(generated), "a problem repeats the API key"


def _echoes_api_key(generated: RawConfig) -> bool:
    """Whether problems repeat the key: probed with a marked variant, since any text can occur by chance
    (hypothesis happily tries the key "must not be empty")."""
    key = generated.raw.get("portalApiKey")
    if not isinstance(key, str) or not key:
        return False
    probe = f"{key}{ECHO_MARK}"
    try:
        load_stack_config(
            {**generated.raw, "portalApiKey": probe},
            {},
            require_api_key=generated.require_api_key,
            secret_keys=generated.secret_keys,
        )
    except ConfigError as exc:
        return any(probe in problem for problem in exc.problems)
    return False


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw_configs())
def test_a_config_loads_safe_or_names_exactly_what_is_wrong(generated: RawConfig) -> None:
    try:
        config = load_stack_config(
            generated.raw, {}, require_api_key=generated.require_api_key, secret_keys=generated.secret_keys
        )
    except ConfigError as exc:
        _check_problems(exc.problems, generated)
        return
    assert not generated.broken, f"accepted although broken: {sorted(generated.broken)}"
    _check_model(config)
