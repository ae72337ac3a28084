"""The stack configuration model: defaults, and one row per kind of bad input with its message."""

from __future__ import annotations

from typing import Any

import pytest

from components.config import AssignmentMode, load_stack_config
from components.config.loader import MISSING_KEY_PROBLEM
from components.errors import ConfigError, NordlayerSsoError

ORG = {"partnerIdentifier": "acme"}


def problems_of(raw: dict[str, Any], env: dict[str, str] | None = None, **kwargs: Any) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load_stack_config(raw, env or {}, **kwargs)
    return caught.value.problems


def test_defaults_for_a_minimal_organization() -> None:
    config = load_stack_config({"organizations": [ORG]}, {})
    (org,) = config.organizations
    assert org.partner_identifier == "acme"
    assert org.app_label == "NordLayer"
    assert org.groups == ()
    assert org.authorization_server == "org"
    assert org.uses_org_server
    assert org.adopt_existing is False
    assert org.group_assignment_mode is AssignmentMode.AUTHORITATIVE
    assert config.portal_api_url == "https://partner-api.nordlayer.com/msp/v1"
    assert config.portal_api_key is None
    assert config.okta_domain is None


def test_every_key_is_read_from_camel_case() -> None:
    config = load_stack_config(
        {
            "organizations": [
                {
                    "partnerIdentifier": "globex-eu",
                    "appLabel": "NordLayer (Globex)",
                    "groups": ["Engineering", "Support"],
                    "authorizationServer": "partners",
                    "adoptExisting": True,
                    "groupAssignmentMode": "additive",
                }
            ],
            "portalApiUrl": "https://partner-api.nordlayer.com/msp/v1/",
            "portalApiKey": "key-123",
            "oktaDomain": "Login.Globex.com",
        },
        {},
    )
    (org,) = config.organizations
    assert (org.app_label, org.groups, org.authorization_server) == (
        "NordLayer (Globex)",
        ("Engineering", "Support"),
        "partners",
    )
    assert org.adopt_existing is True
    assert org.group_assignment_mode is AssignmentMode.ADDITIVE
    assert config.portal_api_url == "https://partner-api.nordlayer.com/msp/v1"
    assert config.portal_api_key is not None
    assert config.portal_api_key.get_secret_value() == "key-123"
    assert config.okta_domain == "login.globex.com"


def test_api_key_falls_back_to_the_environment_and_config_wins() -> None:
    from_env = load_stack_config({"organizations": [ORG]}, {"NORDLAYER_API_KEY": "env-key"})
    assert from_env.portal_api_key is not None
    assert from_env.portal_api_key.get_secret_value() == "env-key"
    both = load_stack_config({"organizations": [ORG], "portalApiKey": "cfg"}, {"NORDLAYER_API_KEY": "env"})
    assert both.portal_api_key is not None
    assert both.portal_api_key.get_secret_value() == "cfg"


def test_empty_optional_strings_mean_unset_as_pulumi_yaml_defaults_them() -> None:
    config = load_stack_config(
        {"organizations": [ORG], "portalApiKey": "", "oktaDomain": ""}, {"NORDLAYER_API_KEY": "e"}
    )
    assert config.okta_domain is None
    assert config.portal_api_key is not None
    assert config.portal_api_key.get_secret_value() == "e"


def test_the_program_requires_an_api_key_from_somewhere() -> None:
    assert problems_of({"organizations": [ORG]}, require_api_key=True) == [MISSING_KEY_PROBLEM]
    load_stack_config({"organizations": [ORG]}, {"NORDLAYER_API_KEY": "k"}, require_api_key=True)


BAD_INPUT = [
    ({}, "organizations: is required"),
    ({"organizations": []}, "organizations: List should have at least 1 item"),
    ({"organizations": "acme"}, "organizations: Input should be a valid list"),
    ({"organizations": [{}]}, "organizations[0].partnerIdentifier: is required"),
    ({"organizations": [{"partnerIdentifier": ""}]}, "organizations[0].partnerIdentifier: must not be empty"),
    ({"organizations": [{"partnerIdentifier": "x" * 129}]}, "at most 128 characters (got 129)"),
    ({"organizations": [{"partnerIdentifier": "a/b"}]}, "(found '/')"),
    ({"organizations": [{"partnerIdentifier": "a\\b"}]}, "(found '\\')"),
    ({"organizations": [{"partnerIdentifier": "a b"}]}, "(found whitespace)"),
    ({"organizations": [{"partnerIdentifier": "a\tb"}]}, "(found whitespace)"),
    ({"organizations": [{"partnerIdentifier": "a..b"}]}, "must not be '.' or contain '..'"),
    ({"organizations": [{"partnerIdentifier": "a?b"}]}, "(found '?')"),
    ({"organizations": [{"partnerIdentifier": "a#b"}]}, "(found '#')"),
    ({"organizations": [{"partnerIdentifier": "a%2Fb"}]}, "(found '%')"),
    ({"organizations": [{"partnerIdentifier": "a\x00b"}]}, "(found a control character)"),
    ({"organizations": [{"partnerIdentifier": 42}]}, "organizations[0].partnerIdentifier: Input should be"),
    ({"organizations": [ORG, ORG]}, "organizations[1].partnerIdentifier: duplicate 'acme'"),
    ({"organizations": [{**ORG, "grups": ["x"]}]}, "organizations[0].grups: unknown key"),
    ({"organizations": [ORG], "portalApiUrll": "x"}, "portalApiUrll: unknown key"),
    (
        {"organizations": [{**ORG, "authorizationServer": ""}]},
        "organizations[0].authorizationServer: must not",
    ),
    (
        {"organizations": [{**ORG, "authorizationServer": "a/b"}]},
        "organizations[0].authorizationServer: must be",
    ),
    (
        {"organizations": [{**ORG, "authorizationServer": " x"}]},
        "organizations[0].authorizationServer: must be",
    ),
    ({"organizations": [{**ORG, "appLabel": ""}]}, "organizations[0].appLabel: must not be empty"),
    ({"organizations": [{**ORG, "groups": [""]}]}, "organizations[0].groups[0]: must not be empty"),
    (
        {"organizations": [{**ORG, "groups": ["A", "A"]}]},
        "organizations[0].groups: lists a group more than once",
    ),
    ({"organizations": [{**ORG, "groups": "A"}]}, "organizations[0].groups: Input should be a valid tuple"),
    ({"organizations": [{**ORG, "adoptExisting": "yes"}]}, "organizations[0].adoptExisting: Input should be"),
    ({"organizations": [{**ORG, "groupAssignmentMode": "x"}]}, "organizations[0].groupAssignmentMode: Input"),
    ({"organizations": [ORG], "portalApiUrl": "http://api.example.com"}, "portalApiUrl: must use https://"),
    ({"organizations": [ORG], "portalApiUrl": "ftp://x.example.com"}, "portalApiUrl: must be an absolute"),
    (
        {"organizations": [ORG], "portalApiUrl": "partner-api.nordlayer.com"},
        "portalApiUrl: must be an absolute",
    ),
    ({"organizations": [ORG], "portalApiUrl": "https://u:p@x.example.com"}, "portalApiUrl: must not carry"),
    (
        {"organizations": [ORG], "portalApiUrl": "https://x.example.com/?a=1"},
        "portalApiUrl: must not have a query",
    ),
    (
        {"organizations": [ORG], "oktaDomain": "https://acme.okta.com"},
        "oktaDomain: must be a host name without a",
    ),
    (
        {"organizations": [ORG], "oktaDomain": "acme.okta.com/oauth2"},
        "oktaDomain: must be a host name without a p",
    ),
    (
        {"organizations": [ORG], "oktaDomain": "acme.okta.com:443"},
        "oktaDomain: must be a host name without a port",
    ),
    ({"organizations": [ORG], "oktaDomain": "localhost"}, "oktaDomain: must be a DNS host name"),
    ({"organizations": [ORG], "portalApiKey": "   "}, "portalApiKey: must not be empty"),
    ({"organizations": [ORG], "portalApiKey": "abc\n"}, "portalApiKey: must not contain whitespace"),
]


@pytest.mark.parametrize(("raw", "expected"), BAD_INPUT)
def test_bad_input_is_rejected_with_its_path(raw: dict[str, Any], expected: str) -> None:
    problems = problems_of(raw)
    assert any(expected in p for p in problems), problems


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8080/msp/v1", "http://localhost:9/msp/v1", "http://[::1]:80"]
)
def test_plain_http_is_allowed_for_loopback_only(url: str) -> None:
    assert load_stack_config({"organizations": [ORG], "portalApiUrl": url}, {}).portal_api_url == url.rstrip(
        "/"
    )


def test_every_problem_is_listed_in_one_error() -> None:
    raw = {
        "organizations": [
            {"partnerIdentifier": "a/b", "grups": []},
            {"partnerIdentifier": "ok"},
            {"partnerIdentifier": "ok", "authorizationServer": ""},
        ],
        "portalApiUrl": "http://example.com",
        "oktaDomain": "acme.okta.com:8443",
    }
    with pytest.raises(ConfigError) as caught:
        load_stack_config(raw, {})
    message = str(caught.value)
    assert message.startswith("invalid stack configuration (6 problems):")
    for path in (
        "organizations[0].partnerIdentifier:",
        "organizations[0].grups:",
        "organizations[2].authorizationServer:",
        "organizations[2].partnerIdentifier: duplicate 'ok' (already used by organizations[1])",
        "portalApiUrl:",
        "oktaDomain:",
    ):
        assert path in message
    assert isinstance(caught.value, NordlayerSsoError)


def test_the_api_key_never_appears_in_an_error() -> None:
    key = "KEY-4f1c9 with space"
    message = str(problems_of({"organizations": [], "portalApiKey": key}))
    assert "KEY-4f1c9" not in message
    assert "portalApiKey: must not contain whitespace" in message
    config = load_stack_config({"organizations": [ORG], "portalApiKey": "KEY-4f1c9"}, {})
    assert "KEY-4f1c9" not in repr(config)
    assert "KEY-4f1c9" not in str(config.model_dump())
