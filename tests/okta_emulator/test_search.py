"""The filter/search expression language, without a server."""

from __future__ import annotations

from typing import Any

import pytest

from emulators.okta.errors import OktaError
from emulators.okta.search import compile_expression, starts_with

GROUP: dict[str, Any] = {
    "type": "OKTA_GROUP",
    "profile": {"name": "Engineering", "description": None},
    "active": True,
}


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ('profile.name eq "engineering"', True),
        ('profile.name ne "Engineering"', False),
        ('profile.name sw "Eng"', True),
        ('profile.name co "neer"', True),
        ("profile.description pr", False),
        ("profile.name pr", True),
        ("active eq true", True),
        ('type eq "APP_GROUP" or profile.name eq "Engineering"', True),
        ('type eq "APP_GROUP" or profile.name eq "Engineering" and type eq "BUILT_IN"', False),
        ('(type eq "APP_GROUP" or profile.name eq "Engineering") and type eq "OKTA_GROUP"', True),
        ('profile.name eq "Eng \\"x\\""', False),
        ('missing.attribute eq "x"', False),
    ],
)
def test_expressions(expression: str, expected: bool) -> None:
    assert compile_expression(expression)(GROUP) is expected


@pytest.mark.parametrize(
    "expression",
    [
        'profile.name gt "a"',
        "profile.name eq",
        'profile.name eq "a" and',
        '(type eq "x"',
        'type eq "x")',
        "type eq unquoted",
        '"value" eq type',
    ],
)
def test_bad_expressions_raise_okta_400(expression: str) -> None:
    with pytest.raises(OktaError) as raised:
        compile_expression(expression)
    assert (raised.value.status, raised.value.code) == (400, "E0000031")


def test_starts_with_is_case_insensitive() -> None:
    assert starts_with("Engineering", "eNg")
    assert not starts_with(None, "x")
