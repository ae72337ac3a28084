"""Preview, first deployment and a repeat deployment, on the real engine against the emulators."""

from __future__ import annotations

import re
from typing import Any

import pytest

from components.okta_portal_sso import COMPONENT_TYPE
from components.portal.contract import secret_sha256
from components.sso_values import redirect_uri
from emulators.portal import EmulatorControl
from tests.e2e.golden import assert_golden, normalize, sort_resource_blocks
from tests.e2e.harness import PORTAL_TYPE_MARKER, E2EStack, okta_path, writes
from tests.e2e.values import OKTA_HOST, ORGS

pytestmark = pytest.mark.e2e

OUTPUT_KEYS = {"appId", "clientId", "issuer", "baseUrl", "audience", "redirectUri"}


def test_preview_plans_the_component_and_portal_settings_and_matches_golden(
    stack: E2EStack, portal: EmulatorControl
) -> None:
    result = stack.preview("--diff")

    for org in ORGS:
        assert f"{COMPONENT_TYPE}: (create)" in result.stdout, result
        assert f"OktaPortalSso::{org}]" in result.stdout, result
        assert f"::{org}-portal]" in result.stdout, result
    assert PORTAL_TYPE_MARKER in result.stdout, result
    assert len(re.findall(r"client_secret\s+: \[secret\]", result.stdout)) == len(ORGS), result
    assert "+ 5 to create" in result.stdout, result
    assert portal.requests()["total"] == 0, "a preview must not call the portal"
    assert stack.portal_resources() == {}, "a preview must not write state"
    shown = sort_resource_blocks(normalize(result.stdout, {str(stack.project.parent): "<tmp>"}))
    assert_golden("preview.txt", shown)


def test_up_writes_the_five_values_and_exports_no_secret(stack: E2EStack, portal: EmulatorControl) -> None:
    stack.up()

    for org in ORGS:
        app = stack.apps[org]
        okta = portal.methods_of(org)["okta"]
        assert okta["client_id"] == app.client_id
        assert okta["audience"] == app.client_id
        assert okta["issuer"] == f"https://{OKTA_HOST}"
        assert okta["base_url"] == f"https://{OKTA_HOST}/oauth2"
        assert okta["client_secret_sha256"] == secret_sha256(app.client_secret)
    assert sorted(writes(portal)) == sorted(f"PUT {okta_path(org)}" for org in ORGS)

    outputs = stack.outputs()
    assert set(outputs) == {"organizations"}
    organizations: dict[str, Any] = outputs["organizations"]
    assert set(organizations) == set(ORGS)
    for org, shown in organizations.items():
        client_id = stack.apps[org].client_id
        assert set(shown) == OUTPUT_KEYS, shown
        assert shown == {
            "appId": client_id,
            "clientId": client_id,
            "audience": client_id,
            "issuer": f"https://{OKTA_HOST}",
            "baseUrl": f"https://{OKTA_HOST}/oauth2",
            "redirectUri": redirect_uri(org),
        }
    assert "[secret]" not in str(outputs)


def test_second_up_changes_nothing_and_writes_nothing(deployed: E2EStack, portal: EmulatorControl) -> None:
    result = deployed.up("--expect-no-changes")

    assert "5 unchanged" in result.stdout, result
    history = deployed.run("stack", "history", "--json").json()
    assert history[0]["resourceChanges"] == {"same": 5}, history[0]
    assert writes(portal) == [], "a repeat deployment must not write to the portal"
