"""The program entry (config -> validation -> components -> export) under mocks, as ``pulumi up`` runs it."""

from __future__ import annotations

import json
from typing import Any

import pulumi
import pytest
from pulumi.runtime import rpc

from components.okta_portal_sso import COMPONENT_TYPE
from components.program import main
from tests.program.conftest import API_KEY
from tests.support.pulumi_mocks import (
    APP_TYPE,
    DYNAMIC_TYPE,
    RecordingMonitor,
    resolve,
    wait_for_registrations,
)

NS = "nordlayer-okta-sso"


def set_stack_config(values: dict[str, Any], secret: tuple[str, ...] = ()) -> None:
    """What the language host hands the program: JSON text for structured values, secret key names."""
    config = {
        key if ":" in key else f"{NS}:{key}": value if isinstance(value, str) else json.dumps(value)
        for key, value in values.items()
    }
    pulumi.runtime.set_all_config(config, [k if ":" in k else f"{NS}:{k}" for k in secret])


def exported(name: str) -> Any:
    root: Any = pulumi.runtime.settings.get_root_resource()  # the Stack; its outputs are not typed
    return resolve(pulumi.Output.from_input(root.outputs[name]))


def test_bad_config_registers_nothing_and_lists_every_problem(monitor: RecordingMonitor) -> None:
    set_stack_config(
        {
            "organizations": [
                {"partnerIdentifier": "a/b"},
                {"partnerIdentifier": "ok", "adoptExsting": True},
            ],
            "portalApiUrl": "http://portal.example.com",
        }
    )
    with pytest.raises(pulumi.RunError) as caught:
        main()
    message = str(caught.value)
    assert "invalid stack configuration (3 problems)" in message
    assert "organizations[0].partnerIdentifier" in message
    assert "organizations[1].adoptExsting: unknown key" in message
    assert "portalApiUrl: must use https://" in message
    assert monitor.registrations == []


def test_a_plaintext_api_key_in_the_stack_file_is_refused(monitor: RecordingMonitor) -> None:
    set_stack_config({"organizations": [{"partnerIdentifier": "acme"}], "portalApiKey": API_KEY})
    with pytest.raises(pulumi.RunError, match="portalApiKey: is stored in plain text"):
        main()
    assert monitor.registrations == []


def test_a_plaintext_existing_app_secret_is_refused(monitor: RecordingMonitor) -> None:
    org = {"partnerIdentifier": "acme", "existingApp": {"clientId": "0oa1", "clientSecret": "s3cr3t-value"}}
    set_stack_config({"organizations": [org], "oktaDomain": "acme.okta.com"})
    with pytest.raises(pulumi.RunError) as caught:
        main()
    assert "organizations[0].existingApp.clientSecret: is stored in plain text" in str(caught.value)
    assert "s3cr3t-value" not in str(caught.value)


def test_the_stack_output_maps_each_organization_to_its_values(monitor: RecordingMonitor) -> None:
    set_stack_config(
        {
            "organizations": [
                {"partnerIdentifier": "acme", "groups": ["Engineering"]},
                {"partnerIdentifier": "globex", "authorizationServer": "default"},
            ],
            "okta:orgName": "acme",
            "okta:baseUrl": "okta.com",
            "portalApiKey": API_KEY,
        },
        secret=("portalApiKey",),
    )
    main()
    organizations, is_secret = exported("organizations")
    assert not is_secret
    assert set(organizations) == {"acme", "globex"}
    acme = organizations["acme"]
    assert set(acme) == {"appId", "clientId", "issuer", "baseUrl", "audience", "redirectUri"}
    assert acme["clientId"].startswith("0oa")
    assert acme["appId"] == acme["clientId"] == acme["audience"]
    assert acme["issuer"] == "https://acme.okta.com"
    assert acme["baseUrl"] == "https://acme.okta.com/oauth2"
    assert acme["redirectUri"] == "https://partner-api.nordlayer.com/v1/tokens/oauth/acme/resolution"
    assert organizations["globex"]["baseUrl"] == "https://acme.okta.com/oauth2/default"
    assert "secret-" not in json.dumps(organizations)
    assert API_KEY not in json.dumps(organizations)
    assert len(monitor.by_type(COMPONENT_TYPE)) == 2


def test_existing_app_manages_only_the_portal_half(monitor: RecordingMonitor) -> None:
    org = {
        "partnerIdentifier": "acme",
        "existingApp": {"clientId": "0oaEXISTING1", "clientSecret": "byo-secret"},
    }
    set_stack_config(
        {"organizations": [org], "oktaDomain": "login.acme.com", "portalApiKey": API_KEY},
        secret=("organizations", "portalApiKey"),
    )
    main()
    organizations, _ = exported("organizations")
    assert organizations["acme"]["clientId"] == "0oaEXISTING1"
    assert organizations["acme"]["audience"] == "0oaEXISTING1"
    wait_for_registrations()
    assert monitor.by_type(APP_TYPE) == []
    (portal,) = monitor.by_type(DYNAMIC_TYPE)
    assert portal.inputs["client_id"] == "0oaEXISTING1"
    # The secret reaches the engine wrapped as a secret, never as a bare string.
    assert portal.inputs["client_secret"] == {
        rpc._special_sig_key: rpc._special_secret_sig,
        "value": "byo-secret",
    }
    assert "client_secret" in portal.secret_outputs
    assert portal.dependencies == ()


def test_existing_app_rejects_groups() -> None:
    from components.config import load_stack_config
    from components.errors import ConfigError

    org = {
        "partnerIdentifier": "a",
        "groups": ["G"],
        "existingApp": {"clientId": "0oa1", "clientSecret": "s"},
    }
    with pytest.raises(
        ConfigError, match=r"organizations\[0\]: groups: cannot be assigned to an existingApp"
    ):
        load_stack_config({"organizations": [org]}, {})
