"""The per-organization component under Pulumi's mocks: every input, output and child, and isolation."""

from __future__ import annotations

from typing import Any

import pulumi
import pytest
from pulumi.runtime import rpc

from components.config import load_stack_config
from components.errors import OktaLookupError
from components.okta_portal_sso import COMPONENT_TYPE, OktaPortalSso
from components.program import declare_organizations
from tests.support.pulumi_mocks import APP_TYPE, DYNAMIC_TYPE, FakeOkta, RecordingMonitor, resolve

AUTHORITATIVE_TYPE = "okta:index/appGroupAssignments:AppGroupAssignments"
ADDITIVE_TYPE = "okta:app/groupAssignment:GroupAssignment"
REDIRECT = "https://partner-api.nordlayer.com/v1/tokens/oauth/{}/resolution"


def declare(*orgs: dict[str, Any], **top: Any) -> dict[str, OktaPortalSso]:
    config = load_stack_config({"organizations": list(orgs), "oktaDomain": "acme.okta.com", **top}, {})
    components = declare_organizations(config)
    settle(components)
    return components


def settle(components: dict[str, OktaPortalSso]) -> None:
    """Wait for every child registration, as the engine would before the program exits."""
    for sso in components.values():
        resolve(sso.portal_settings.id)
        for assignment in sso.group_assignments:
            resolve(assignment.id)


def test_the_app_is_a_locked_down_web_client_for_the_portal(monitor: RecordingMonitor) -> None:
    declare({"partnerIdentifier": "acme-corp"})
    (component,) = monitor.by_type(COMPONENT_TYPE)
    assert component.name == "acme-corp"
    app = monitor.named("acme-corp-app")
    assert app.type == APP_TYPE
    assert app.parent.endswith("::acme-corp")
    assert app.inputs["label"] == "NordLayer"
    assert app.inputs["type"] == "web"
    assert app.inputs["grantTypes"] == ["authorization_code"]
    assert app.inputs["responseTypes"] == ["code"]
    assert app.inputs["redirectUris"] == [REDIRECT.format("acme-corp")]
    assert app.inputs["tokenEndpointAuthMethod"] == "client_secret_basic"
    assert app.inputs["implicitAssignment"] is False
    assert app.inputs["consentMethod"] == "TRUSTED"
    assert app.inputs["wildcardRedirect"] == "DISABLED"
    assert app.inputs["pkceRequired"] is False
    assert app.inputs["loginMode"] == "DISABLED"
    assert app.inputs["issuerMode"] == "DYNAMIC"  # oktaDomain is a custom domain
    assert monitor.by_type(AUTHORITATIVE_TYPE) == []  # no groups listed, nothing assigned


def test_outputs_are_the_five_portal_values_and_the_secret_stays_secret(monitor: RecordingMonitor) -> None:
    sso = declare({"partnerIdentifier": "acme-corp"})["acme-corp"]
    client_id, client_id_secret = resolve(sso.client_id)
    assert client_id.startswith("0oa")
    assert not client_id_secret
    secret, is_secret = resolve(sso.client_secret)
    assert secret.startswith("secret-")
    assert is_secret
    assert resolve(sso.app_id)[0] == client_id
    assert resolve(sso.audience)[0] == client_id
    assert resolve(sso.issuer)[0] == "https://acme.okta.com"
    assert resolve(sso.base_url)[0] == "https://acme.okta.com/oauth2"
    assert resolve(sso.redirect_uri)[0] == REDIRECT.format("acme-corp")


def test_the_portal_resource_gets_the_five_values_after_the_app(monitor: RecordingMonitor) -> None:
    declare({"partnerIdentifier": "acme-corp", "adoptExisting": True})
    portal = monitor.named("acme-corp-portal")
    assert portal.type == DYNAMIC_TYPE
    assert portal.parent.endswith("::acme-corp")
    assert "client_secret" in portal.secret_outputs
    assert any(dep.endswith("::acme-corp-app") for dep in portal.dependencies)
    inputs = portal.inputs
    app_id = resolve_app_id_for(monitor, "acme-corp")
    assert inputs["partner_identifier"] == "acme-corp"
    assert inputs["client_id"] == app_id
    assert inputs["audience"] == app_id
    assert inputs["issuer"] == "https://acme.okta.com"
    assert inputs["base_url"] == "https://acme.okta.com/oauth2"
    assert inputs["adopt_existing"] is True
    secret = inputs["client_secret"]
    assert secret[rpc._special_sig_key] == rpc._special_secret_sig
    assert secret["value"].startswith("secret-")
    assert isinstance(inputs["__provider"], str)


def test_the_serialized_provider_never_carries_the_api_key(monitor: RecordingMonitor) -> None:
    from tests.program.conftest import API_KEY

    declare({"partnerIdentifier": "acme-corp"}, portalApiKey=API_KEY)
    portal = monitor.named("acme-corp-portal")
    assert API_KEY not in portal.inputs["__provider"]
    assert API_KEY not in repr(portal.inputs)


def test_authoritative_assignments_list_every_group_in_order(monitor: RecordingMonitor) -> None:
    declare({"partnerIdentifier": "acme", "groups": ["Support", "Engineering"]})
    (assignments,) = monitor.by_type(AUTHORITATIVE_TYPE)
    assert assignments.name == "acme-groups"
    assert assignments.parent.endswith("::acme")
    assert [g["id"] for g in assignments.inputs["groups"]] == ["00g2sup", "00g1eng"]
    assert assignments.inputs["appId"] == resolve_app_id_for(monitor, "acme")


def resolve_app_id_for(monitor: RecordingMonitor, org: str) -> str:
    (app,) = [r for urn, r in monitor.resources.items() if urn.endswith(f"::{org}-app")]
    return str(app.id)


def test_additive_assignments_are_one_resource_per_group(monitor: RecordingMonitor) -> None:
    declare(
        {"partnerIdentifier": "acme", "groups": ["Support", "Engineering"], "groupAssignmentMode": "additive"}
    )
    assert monitor.by_type(AUTHORITATIVE_TYPE) == []
    assignments = monitor.by_type(ADDITIVE_TYPE)
    assert sorted(a.inputs["groupId"] for a in assignments) == ["00g1eng", "00g2sup"]
    assert all(a.name.startswith("acme-group-") for a in assignments)
    assert all(a.inputs["appId"] == resolve_app_id_for(monitor, "acme") for a in assignments)


@pytest.mark.parametrize(
    ("server", "issuer"),
    [
        ("default", "https://acme.okta.com/oauth2/default"),
        ("partners", "https://acme.okta.com/oauth2/aus1partners"),
    ],
)
def test_named_authorization_servers_set_issuer_and_base_url(
    monitor: RecordingMonitor, server: str, issuer: str
) -> None:
    sso = declare({"partnerIdentifier": "acme", "authorizationServer": server})["acme"]
    assert resolve(sso.issuer)[0] == issuer
    assert resolve(sso.base_url)[0] == issuer


def test_host_comes_from_okta_org_settings_without_okta_domain(monitor: RecordingMonitor) -> None:
    pulumi.runtime.set_config("okta:orgName", "globex")
    pulumi.runtime.set_config("okta:baseUrl", "oktapreview.com")
    config = load_stack_config({"organizations": [{"partnerIdentifier": "g"}]}, {})
    sso = declare_organizations(config)["g"]
    settle({"g": sso})
    assert resolve(sso.issuer)[0] == "https://globex.oktapreview.com"
    assert monitor.named("g-app").inputs["issuerMode"] == "ORG_URL"


def test_host_falls_back_to_the_org_metadata(monitor: RecordingMonitor, okta: FakeOkta) -> None:
    okta.org_url = "https://initech.okta-emea.com"
    config = load_stack_config({"organizations": [{"partnerIdentifier": "i"}]}, {})
    sso = declare_organizations(config)["i"]
    settle({"i": sso})
    assert resolve(sso.base_url)[0] == "https://initech.okta-emea.com/oauth2"


def test_a_missing_group_names_group_and_organization_and_registers_nothing(
    monitor: RecordingMonitor,
) -> None:
    config = load_stack_config(
        {
            "organizations": [
                {"partnerIdentifier": "first", "groups": ["Engineering"]},
                {"partnerIdentifier": "second", "groups": ["Engineering", "Ghosts"]},
            ],
            "oktaDomain": "acme.okta.com",
        },
        {},
    )
    with pytest.raises(OktaLookupError) as caught:
        declare_organizations(config)
    message = str(caught.value)
    assert "organization 'second'" in message
    assert "could not find Okta group 'Ghosts'" in message
    assert "does not exist" in message  # the data source's own words are kept
    assert monitor.registrations == []


def test_a_missing_authorization_server_is_reported(monitor: RecordingMonitor) -> None:
    with pytest.raises(
        OktaLookupError, match="organization 'x': could not find Okta authorization server 'nope'"
    ):
        declare({"partnerIdentifier": "x", "authorizationServer": "nope"})


def test_shared_groups_and_servers_are_looked_up_once(monitor: RecordingMonitor, okta: FakeOkta) -> None:
    orgs = [
        {"partnerIdentifier": f"o{i}", "groups": ["Engineering"], "authorizationServer": "partners"}
        for i in range(5)
    ]
    declare(*orgs)
    assert okta.calls.count("okta:group/getGroup:getGroup") == 1
    assert okta.calls.count("okta:auth/getServer:getServer") == 1


def graph(monitor: RecordingMonitor) -> dict[str, tuple[str, str, str]]:
    """Name -> (type, parent, inputs without the serialized provider): what a diff would compare."""
    return {
        r.name: (r.type, r.parent, repr(sorted((k, v) for k, v in r.inputs.items() if k != "__provider")))
        for r in monitor.registrations
    }


ORG_A = {"partnerIdentifier": "alpha", "groups": ["Engineering"]}
ORG_B = {"partnerIdentifier": "beta", "groups": ["Support"], "authorizationServer": "default"}
ORG_C = {"partnerIdentifier": "gamma", "appLabel": "NordLayer (Gamma)"}


def test_organizations_are_independent_of_order_and_of_each_other(
    okta: FakeOkta, monitor: RecordingMonitor
) -> None:
    from tests.support.pulumi_mocks import install_mocks

    first = install_mocks(okta)
    declare(ORG_A, ORG_B, ORG_C)
    reordered = install_mocks(okta)
    declare(ORG_C, ORG_A, ORG_B)
    without_b = install_mocks(okta)
    declare(ORG_A, ORG_C)
    assert graph(first) == graph(reordered)
    full = graph(first)
    assert {k: v for k, v in full.items() if not k.startswith("beta")} == graph(without_b)
    assert {name for name in full if name.startswith("beta")} == {
        "beta",
        "beta-app",
        "beta-groups",
        "beta-portal",
    }
