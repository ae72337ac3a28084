"""Drift, config changes, removal and destroy: each must touch exactly what it should in the portal."""

from __future__ import annotations

import secrets

import pytest

from components.portal.contract import secret_sha256
from emulators.portal import EmulatorControl
from scripts.sandbox.okta_apps import OktaAdmin
from tests.e2e.harness import NS, E2EStack, okta_path, steps_by_name, writes
from tests.e2e.values import ORGS

pytestmark = pytest.mark.e2e

A, B = ORGS
REPLACING_OPS = {"replace", "create-replacement", "delete-replaced", "discard", "delete"}


def test_refresh_finds_hand_edits_and_the_next_up_repairs_them(
    deployed: E2EStack, portal: EmulatorControl
) -> None:
    wanted = {org: portal.methods_of(org)["okta"] for org in ORGS}
    portal.edit_method(A, "okta", issuer="https://login.attacker.example")
    portal.edit_method(B, "okta", client_secret="typed-in-by-hand")  # the portal keeps only its hash

    # Without a refresh the engine trusts its state: the hand edits are invisible to it.
    deployed.preview("--expect-no-changes")
    refreshed = deployed.refresh()
    for org in ORGS:
        assert f"{org}-portal updated" in refreshed.stdout, refreshed
    assert portal.requests()["by_method"] == {"GET": len(ORGS)}, "a refresh only reads the portal"

    plan = steps_by_name(deployed.preview_json())
    assert plan[f"{A}-portal"] == "update", plan
    assert plan[f"{B}-portal"] == "update", plan
    portal.clear_requests()
    deployed.up()

    assert sorted(writes(portal)) == sorted(f"PUT {okta_path(org)}" for org in ORGS)
    for org in ORGS:
        live = portal.methods_of(org)["okta"]
        fields = ("client_id", "issuer", "base_url", "audience", "client_secret_sha256")
        assert {f: live[f] for f in fields} == {f: wanted[org][f] for f in fields}, org
    deployed.preview("--expect-no-changes")


def test_rotating_a_secret_and_changing_the_domain_update_in_place(
    deployed: E2EStack, portal: EmulatorControl, okta: OktaAdmin
) -> None:
    rotated = okta.rotate_secret(deployed.apps[B], f"rotated-{secrets.token_urlsafe(24)}")
    deployed.secrets["rotated client secret"] = rotated.client_secret
    deployed.configure({}, {f"{NS}:organizations[1].existingApp.clientSecret": rotated.client_secret})

    plan = steps_by_name(deployed.preview_json())
    assert plan[f"{B}-portal"] == "update", plan
    assert f"{A}-portal" not in plan, plan  # `--json` lists only resources with a change
    assert not REPLACING_OPS & set(plan.values()), plan
    result = deployed.up()
    assert "~ 1 updated" in result.stdout, result
    assert writes(portal) == [f"PUT {okta_path(B)}"], "exactly one PUT, to the rotated organization"
    assert portal.methods_of(B)["okta"]["client_secret_sha256"] == secret_sha256(rotated.client_secret)

    portal.clear_requests()
    deployed.configure({f"{NS}:oktaDomain": "login.e2e.example"})
    plan = steps_by_name(deployed.preview_json())
    assert {plan[f"{org}-portal"] for org in ORGS} == {"update"}, plan
    assert not REPLACING_OPS & set(plan.values()), plan
    result = deployed.up()
    assert "~ 2 updated" in result.stdout, result
    assert sorted(writes(portal)) == sorted(f"PUT {okta_path(org)}" for org in ORGS), "one PUT each"
    for org in ORGS:
        live = portal.methods_of(org)["okta"]
        assert (live["issuer"], live["base_url"]) == (
            "https://login.e2e.example",
            "https://login.e2e.example/oauth2",
        )
    assert set(deployed.portal_resources()) == set(ORGS)


def test_removing_an_organization_deletes_only_its_settings(
    deployed: E2EStack, portal: EmulatorControl
) -> None:
    kept = portal.methods_of(A)

    deployed.remove_config(f"{NS}:organizations[1]")
    result = deployed.up()

    assert "- 2 deleted" in result.stdout, result  # B's component and its portal settings
    assert writes(portal) == [f"DELETE {okta_path(B)}"]
    assert portal.methods_of(B) == {}
    assert portal.methods_of(A) == kept, "the remaining organization must not be written"
    assert set(deployed.portal_resources()) == {A}
    assert set(deployed.outputs()["organizations"]) == {A}


def test_destroy_removes_okta_sso_and_leaves_google_sso_alone(
    stack: E2EStack, portal: EmulatorControl
) -> None:
    google = portal.set_method(
        A, "google", client_id="1234-e2e.apps.googleusercontent.com", hosted_domain="acme.example"
    )
    stack.up()
    assert portal.methods_of(A)["google"] == google, "deploying Okta SSO must not touch Google SSO"
    portal.clear_requests()

    stack.destroy()

    assert sorted(writes(portal)) == sorted(f"DELETE {okta_path(org)}" for org in ORGS)
    assert portal.methods_of(A) == {"google": google}
    assert portal.methods_of(B) == {}
    assert not stack.export()["deployment"].get("resources"), "the stack must be empty after destroy"
