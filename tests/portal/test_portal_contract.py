"""The contract module, the committed OpenAPI document and the emulator agree; public surfaces are pinned."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from components.portal.contract import (
    BASE_PATH,
    ENDPOINTS,
    OKTA_METHOD_PATH,
    Endpoint,
    OktaSettingsInput,
    format_path,
    organization_identifier_problem,
    secret_sha256,
)
from emulators.portal.openapi import OPENAPI_PATH, render_openapi

from .support import SECRET, settings_input

REPO = Path(__file__).resolve().parents[2]


def test_the_committed_openapi_document_is_what_the_emulator_generates() -> None:
    assert OPENAPI_PATH == REPO / "docs" / "portal-openapi.json"
    committed = OPENAPI_PATH.read_text(encoding="utf-8")
    assert committed == render_openapi(), (
        "docs/portal-openapi.json is stale: run `python -m emulators.portal --dump-openapi "
        "docs/portal-openapi.json`"
    )


def test_the_cli_dumps_the_same_document() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "emulators.portal", "--dump-openapi"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert result.stdout == render_openapi()


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: f"{e.method} {e.path}")
def test_every_endpoint_the_client_uses_is_in_the_openapi_document(endpoint: Endpoint) -> None:
    document = json.loads(OPENAPI_PATH.read_text(encoding="utf-8"))
    operations = document["paths"].get(BASE_PATH + endpoint.path, {})
    assert endpoint.method.lower() in operations


def test_secrets_are_write_only_in_the_document() -> None:
    document = json.loads(OPENAPI_PATH.read_text(encoding="utf-8"))
    schemas = document["components"]["schemas"]
    assert schemas["OktaSettingsInput"]["properties"]["client_secret"]["writeOnly"] is True
    assert "client_secret" not in schemas["OktaSettings"]["properties"]
    assert "client_secret_sha256" in schemas["OktaSettings"]["required"]


@pytest.mark.parametrize(
    ("identifier", "ok"),
    [
        ("acme-corp", True),
        ("a.b_c~d-1", True),
        ("x" * 128, True),
        ("", False),
        ("x" * 129, False),
        ("..", False),
        (".", False),
        ("a/b", False),
        ("a b", False),
        ("%2e%2e", False),
        ("ü", False),
        ("a?b", False),
    ],
)
def test_organization_identifiers_must_be_one_safe_path_segment(identifier: str, ok: bool) -> None:
    assert (organization_identifier_problem(identifier) is None) is ok
    if ok:
        assert format_path(OKTA_METHOD_PATH, identifier).count("/") == OKTA_METHOD_PATH.count("/")
    else:
        with pytest.raises(ValueError, match="organization identifier"):
            format_path(OKTA_METHOD_PATH, identifier)


def test_the_put_body_hides_its_secret_except_on_the_wire() -> None:
    body = settings_input()
    assert SECRET not in repr(body)
    assert SECRET not in str(body)
    assert body.to_wire()["client_secret"] == SECRET
    assert secret_sha256(SECRET) == secret_sha256(body.client_secret.get_secret_value())


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("base_url", "http://acme.okta.com", "https"),
        ("issuer", "https://user:pw@acme.okta.com", "credentials"),
        ("issuer", "https:///nohost", "https"),
        ("client_id", "   ", "blank"),
        ("audience", "", "blank"),
    ],
)
def test_put_body_rules(field: str, value: str, reason: str) -> None:
    data = settings_input().to_wire() | {field: value}
    with pytest.raises(ValueError, match=reason) as info:
        OktaSettingsInput.model_validate(data)
    assert SECRET not in str(info.value)


MODULES = [
    "components.portal",
    "components.portal.client",
    "components.portal.contract",
    "components.portal.errors",
    "components.portal.okta_settings",
    "components.portal.provider",
    "components.portal.retry",
    "components.portal.values",
    "components.portal.wire",
    "emulators.portal",
    "emulators.portal.api",
    "emulators.portal.app",
    "emulators.portal.control",
    "emulators.portal.faults",
    "emulators.portal.openapi",
    "emulators.portal.remote",
    "emulators.portal.state",
    "emulators.portal.__main__",
]


@pytest.mark.parametrize("name", MODULES)
def test_every_module_declares_a_resolvable_public_surface_and_stays_small(name: str) -> None:
    module = importlib.import_module(name)
    for symbol in module.__all__:
        assert hasattr(module, symbol), f"{name}.__all__ names missing {symbol}"
    assert module.__file__ is not None
    assert len(Path(module.__file__).read_text(encoding="utf-8").splitlines()) < 300


def test_the_package_surface() -> None:
    from components import portal

    assert {
        "PortalClient",
        "PortalOktaSettings",
        "PortalOktaSettingsArgs",
        "PortalOktaSettingsProvider",
        "PortalError",
        "OktaSettings",
        "OktaSettingsInput",
        "RetryPolicy",
    } <= set(portal.__all__)
