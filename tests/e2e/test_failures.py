"""Failures a user meets: a bad stack config, a portal outage, a rejected API key.

Each must fail with a message that names what broke, leave state and portal consistent with each
other, and let the next ``pulumi up`` converge without duplicating anything.
"""

from __future__ import annotations

import re

import pytest

from components.portal.contract import secret_sha256
from components.portal.retry import DEFAULT_RETRY_POLICY
from emulators.portal import EmulatorControl
from tests.e2e.harness import NS, E2EStack, okta_path, writes
from tests.e2e.values import OKTA_HOST, ORGS

pytestmark = pytest.mark.e2e

A, B = ORGS
CONTRACT_OKTA_PATH = "/organizations/{}/sso-methods/okta"


def assert_state_matches_portal(stack: E2EStack, portal: EmulatorControl) -> None:
    """What state records for each organization is what the portal holds, and nothing is pending."""
    deployment = stack.export()["deployment"]
    assert not deployment.get("pending_operations"), deployment.get("pending_operations")
    in_state = stack.portal_resources()
    on_portal = {org: portal.methods_of(org).get("okta") for org in ORGS}
    assert set(in_state) == {org for org, okta in on_portal.items() if okta}, (set(in_state), on_portal)
    for org, resource in in_state.items():
        live = on_portal[org]
        assert live is not None
        for name in ("client_id", "issuer", "base_url", "audience", "client_secret_sha256"):
            assert resource["outputs"][name] == live[name], (org, name)


def test_bad_config_fails_with_every_problem_and_its_path_and_creates_nothing(
    stack: E2EStack, portal: EmulatorControl
) -> None:
    stack.configure(
        {
            f"{NS}:organizations[1].partnerIdentifier": "globex/../eu",
            f"{NS}:organizations[0].groupz": "Admins",
            f"{NS}:portalApiKye": "typo-of-a-key-name",
        }
    )

    for result in (stack.preview(ok=False), stack.up(ok=False)):
        assert "invalid stack configuration (3 problems):" in result.output, result
        assert "- organizations[0].groupz: unknown key" in result.output, result
        assert "- organizations[1].partnerIdentifier: must not be '.' or contain '..'" in result.output, (
            result
        )
        assert "- portalApiKye: unknown key" in result.output, result
        assert "Traceback" not in result.output, result

    assert portal.requests()["total"] == 0, "nothing may reach the portal"
    resources = stack.export()["deployment"].get("resources") or []
    assert {r["type"] for r in resources} <= {"pulumi:pulumi:Stack"}, resources


def test_portal_outage_fails_clearly_and_the_next_up_converges(
    stack: E2EStack, portal: EmulatorControl
) -> None:
    attempts = DEFAULT_RETRY_POLICY.max_attempts
    # Every attempt of the create for B answers 503; Retry-After: 0 keeps the retries instant.
    portal.fault("status", method="PUT", path=f"*{okta_path(B)}", count=attempts, status=503, retry_after="0")

    failed = stack.up(ok=False)

    path = CONTRACT_OKTA_PATH.format(B)
    assert f"create of the portal Okta SSO settings for organization '{B}' failed" in failed.output, failed
    assert f"PUT {path} failed with HTTP 503 service_unavailable" in failed.output, failed
    assert f"(after {attempts} attempts)" in failed.output, failed
    assert portal.count("PUT", okta_path(B)) == attempts
    assert portal.pending_faults() == []
    assert B not in stack.portal_resources()
    assert_state_matches_portal(stack, portal)
    missing = [org for org in ORGS if "okta" not in portal.methods_of(org)]

    portal.clear_requests()
    stack.up()

    assert sorted(writes(portal)) == sorted(f"PUT {okta_path(org)}" for org in missing)
    for org in ORGS:
        okta = portal.methods_of(org)["okta"]
        assert okta["issuer"] == f"https://{OKTA_HOST}"
        assert okta["client_secret_sha256"] == secret_sha256(stack.apps[org].client_secret)
    assert set(stack.portal_resources()) == set(ORGS)
    assert_state_matches_portal(stack, portal)
    stack.preview("--expect-no-changes")


def test_rejected_api_key_mid_update_fails_clearly_and_the_next_up_converges(
    deployed: E2EStack, portal: EmulatorControl
) -> None:
    deployed.configure({f"{NS}:oktaDomain": "login.e2e.example"})
    portal.fault("status", method="PUT", path="*/sso-methods/okta", count=1, status=401)

    failed = deployed.up(ok=False)

    match = re.search(
        r"PUT /organizations/([\w.~-]+)/sso-methods/okta failed with HTTP 401 unauthorized", failed.output
    )
    assert match, failed
    rejected = match.group(1)
    assert f"update of the portal Okta SSO settings for organization '{rejected}' failed" in failed.output, (
        failed
    )
    assert portal.count("PUT", okta_path(rejected)) == 1, "a 401 is not retried"
    assert_state_matches_portal(deployed, portal)

    portal.clear_requests()
    deployed.up()

    assert f"PUT {okta_path(rejected)}" in writes(portal)
    for org in ORGS:
        assert portal.methods_of(org)["okta"]["issuer"] == "https://login.e2e.example"
    assert_state_matches_portal(deployed, portal)
    deployed.preview("--expect-no-changes")
