"""The provider's ``check`` and ``diff``: input rules, unknowns, and which changes replace or update."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi.output import UNKNOWN as UNKNOWN_VALUE
from pulumi.runtime import rpc

from components.portal.provider import PortalOktaSettingsProvider
from emulators.portal import EmulatorControl

from .support import SECRET, created, desired_props

# -- check --------------------------------------------------------------------------------------------


def test_check_accepts_good_inputs_defaults_adopt_and_does_no_io(
    provider: PortalOktaSettingsProvider, control: EmulatorControl
) -> None:
    props = desired_props()
    del props["adopt_existing"]
    result = provider.check({}, props)
    assert result.failures == []
    assert result.inputs["adopt_existing"] is False
    assert control.requests()["total"] == 0


def test_check_names_every_bad_field_without_echoing_values(provider: PortalOktaSettingsProvider) -> None:
    bad = desired_props(
        partner_identifier="../admin",
        client_id="",
        client_secret=" ",
        base_url="http://acme.okta.com",
        issuer="ftp://x",
        audience=7,
        adopt_existing="yes",
    )
    failures = {f.property: f.reason for f in provider.check({}, bad).failures}
    assert set(failures) == {
        "partner_identifier",
        "client_id",
        "client_secret",
        "base_url",
        "issuer",
        "audience",
        "adopt_existing",
    }
    assert "https" in failures["base_url"]
    missing = provider.check({}, {"partner_identifier": "x" * 129})
    assert {f.property for f in missing.failures} == {
        "partner_identifier",
        "client_id",
        "client_secret",
        "base_url",
        "audience",
        "issuer",
    }
    assert all(f.reason == "is required" for f in missing.failures if f.property != "partner_identifier")


def test_check_does_not_echo_a_bad_secret(provider: PortalOktaSettingsProvider) -> None:
    failures = provider.check({}, desired_props(client_secret=SECRET * 100)).failures
    assert [f.property for f in failures] == ["client_secret"]
    assert SECRET not in failures[0].reason


@pytest.mark.parametrize("unknown", [UNKNOWN_VALUE, rpc.UNKNOWN], ids=["Unknown", "sentinel"])
def test_check_tolerates_unknowns_during_preview(provider: PortalOktaSettingsProvider, unknown: Any) -> None:
    props = desired_props(
        client_id=unknown,
        client_secret=unknown,
        audience=unknown,
        issuer=unknown,
        partner_identifier=unknown,
        adopt_existing=unknown,
    )
    assert provider.check({}, props).failures == []


def test_check_sees_through_secret_envelopes(provider: PortalOktaSettingsProvider) -> None:
    props = desired_props(client_secret=rpc.wrap_rpc_secret(SECRET))
    result = provider.check({}, props)
    assert result.failures == []
    assert rpc.is_rpc_secret(result.inputs["client_secret"])


# -- diff ---------------------------------------------------------------------------------------------


def test_diff_of_identical_settings_is_no_change(provider: PortalOktaSettingsProvider) -> None:
    id_, outs = created(provider)
    result = provider.diff(id_, outs, desired_props())
    assert result.changes is False
    assert result.replaces == []


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("client_id", "0oa-other"),
        ("base_url", "https://other.okta.com"),
        ("audience", "api://x"),
        ("issuer", "https://other.okta.com"),
        ("client_secret", "rotated-secret-value"),
    ],
)
def test_diff_updates_in_place_for_settings(
    provider: PortalOktaSettingsProvider, field: str, value: str
) -> None:
    id_, outs = created(provider)
    result = provider.diff(id_, outs, desired_props(**{field: value}))
    assert result.changes is True
    assert result.replaces == []
    assert not result.delete_before_replace
    assert "rotated-secret-value" not in repr(vars(result))
    assert SECRET not in repr(vars(result))


def test_diff_replaces_delete_first_for_a_new_organization(provider: PortalOktaSettingsProvider) -> None:
    id_, outs = created(provider)
    result = provider.diff(id_, outs, desired_props(partner_identifier="beta"))
    assert result.changes is True
    assert result.replaces == ["partner_identifier"]
    assert result.delete_before_replace is True


def test_diff_ignores_adopt_existing_after_create(provider: PortalOktaSettingsProvider) -> None:
    id_, outs = created(provider)
    assert provider.diff(id_, outs, desired_props(adopt_existing=True)).changes is False


def test_diff_with_unknowns_plans_a_change(provider: PortalOktaSettingsProvider) -> None:
    id_, outs = created(provider)
    assert provider.diff(id_, outs, desired_props(client_secret=UNKNOWN_VALUE)).changes is True
    unknown_org = provider.diff(id_, outs, desired_props(partner_identifier=rpc.UNKNOWN))
    assert unknown_org.replaces == ["partner_identifier"]
