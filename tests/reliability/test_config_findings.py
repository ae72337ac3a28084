"""Minimal cases the config property found, one test each, so every finding has its own name.

The property (``test_config_properties.py``) reports only the first failure it shrinks; these pin each
distinct one as a regression test. They state the rule, not one implementation's output: an empty key
may be written ``''`` or left empty, a snake_case key may be refused or accepted as a duplicate.
"""

from __future__ import annotations

from typing import Any

import pytest

from components.config import load_stack_config
from components.errors import ConfigError
from components.portal.client import PortalClient
from components.portal.errors import PortalConfigurationError

ORG = {"partnerIdentifier": "acme"}


def _problems(raw: dict[str, Any]) -> list[str]:
    with pytest.raises(ConfigError) as info:
        load_stack_config(raw, {})
    return info.value.problems


def test_an_empty_top_level_key_is_one_problem_with_a_path() -> None:
    problems = _problems({"organizations": [ORG], "": 1})
    assert len(problems) == 1, problems
    assert problems[0].split(": ", 1)[0] in {"", "''", '""'}, problems
    assert "unknown key" in problems[0]


def test_a_snake_case_duplicate_is_reported_with_the_other_problems() -> None:
    problems = _problems(
        {"organizations": [{"partnerIdentifier": "acme"}, {"partner_identifier": "acme"}], "oktaDomain": "x"}
    )
    assert any(p.startswith("oktaDomain: ") for p in problems), problems
    assert any(
        p.startswith(
            ("organizations[1].partnerIdentifier: duplicate", "organizations[1].partner_identifier: ")
        )
        for p in problems
    ), problems


def test_a_group_named_duplicate_does_not_hide_a_duplicate_identifier() -> None:
    problems = _problems(
        {"organizations": [{**ORG, "groups": ["duplicate", "duplicate"]}, {"partnerIdentifier": "acme"}]}
    )
    assert any(p.startswith("organizations[1].partnerIdentifier: duplicate") for p in problems), problems


def _accepted_or_named(raw: dict[str, Any], path: str) -> Any:
    try:
        return load_stack_config(raw, {})
    except ConfigError as exc:
        problems = exc.problems
    assert all(p.startswith(f"{path}: ") for p in problems), problems
    return None


@pytest.mark.parametrize(
    "url",
    [
        "https://partner-api.nordlayer.com/msp/v1\n",
        "https://partner-api.nordlayer.com/msp/v1\r",
        "https://partner-api.nord\x00layer.com/msp/v1",
        "https://partner-api.nordlayer.com/msp\x1f/v1",
        "https://1.2.3.999/msp/v1",
    ],
    ids=["trailing-newline", "trailing-cr", "nul-in-host", "control-in-path", "bad-ipv4"],
)
def test_a_portal_url_the_config_accepts_is_one_the_client_accepts(url: str) -> None:
    config = _accepted_or_named({"organizations": [ORG], "portalApiUrl": url}, "portalApiUrl")
    if config is not None:
        try:
            PortalClient("key", config.portal_api_url).close()
        except PortalConfigurationError as exc:
            pytest.fail(f"accepted by the config, refused by the client: {exc}")


@pytest.mark.parametrize(
    "key",
    ["\x00nlk-key-123", "nlk-key-123\x7f", "nlk-ключ-123", "nlk-key-\u00a0"],
    ids=["nul", "del", "non-ascii", "nbsp"],
)
def test_an_api_key_the_config_accepts_is_one_the_client_accepts(key: str) -> None:
    config = _accepted_or_named({"organizations": [ORG], "portalApiKey": key}, "portalApiKey")
    if config is not None:
        assert config.portal_api_key is not None
        try:
            PortalClient(config.portal_api_key.get_secret_value(), "https://portal.invalid/msp/v1").close()
        except PortalConfigurationError as exc:
            pytest.fail(f"accepted by the config, refused by the client: {exc}")
