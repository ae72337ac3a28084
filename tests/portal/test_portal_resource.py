"""``PortalOktaSettings`` under Pulumi's mocks: input names, secrecy, options, and the pickled provider."""

from __future__ import annotations

from typing import Any

import pulumi
import pytest
from pulumi.dynamic.dynamic import serialize_provider
from pulumi.runtime.sync_await import _sync_await

from components.portal.okta_settings import PortalOktaSettings, PortalOktaSettingsArgs
from components.portal.provider import PortalOktaSettingsProvider

from .resource_capture import declare
from .support import API_KEY, CLIENT_ID, ORG, SECRET, desired_props

INPUT_NAMES = [
    "adopt_existing",
    "audience",
    "base_url",
    "client_id",
    "client_secret",
    "issuer",
    "partner_identifier",
]


def args(**overrides: Any) -> PortalOktaSettingsArgs:
    return PortalOktaSettingsArgs(**desired_props(**overrides))


def resolved(output: pulumi.Output[Any]) -> tuple[Any, bool]:
    return _sync_await(output.future()), _sync_await(output.is_secret())


@pytest.fixture(autouse=True)
def key_in_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The program process has the key in its environment; it must still not reach the resource."""
    monkeypatch.setenv("NORDLAYER_API_KEY", API_KEY)


def test_inputs_are_exactly_the_args_fields_plus_the_provider() -> None:
    _, registration = declare(args())
    assert registration.type == "pulumi-python:dynamic/nordlayer:PortalOktaSettings"
    assert sorted(registration.inputs) == sorted([*INPUT_NAMES, "__provider"])
    assert registration.inputs["partner_identifier"] == ORG
    assert registration.inputs["adopt_existing"] is False


def test_the_client_secret_is_secret_as_input_and_output() -> None:
    resource, registration = declare(args())
    assert pulumi.runtime.rpc.is_rpc_secret(registration.inputs["client_secret"])
    assert registration.secret_outputs == ("client_secret",)
    assert resolved(resource.client_secret) == (SECRET, True)
    assert resolved(resource.client_id) == (CLIENT_ID, False)


def test_user_options_are_kept_and_the_secret_output_still_listed() -> None:
    opts = pulumi.ResourceOptions(additional_secret_outputs=["audience"], protect=True)
    _, registration = declare(args(), opts)
    assert set(registration.secret_outputs) == {"audience", "client_secret"}


def test_declared_outputs_resolve() -> None:
    resource, _ = declare(args(adopt_existing=True))
    assert resolved(resource.id)[0] == f"{ORG}/okta"
    assert resolved(resource.adopt_existing)[0] is True
    assert resolved(resource.type)[0] == "okta"
    assert resolved(resource.client_secret_sha256)[0] == "0" * 64
    assert resolved(resource.updated_at)[0]
    assert isinstance(resource, PortalOktaSettings)


def test_the_serialized_provider_is_plain_small_and_key_free() -> None:
    _, registration = declare(args())
    serialized = registration.inputs["__provider"]
    assert isinstance(serialized, str)  # not a secret: nothing secret is captured
    assert serialized == serialize_provider(PortalOktaSettingsProvider())
    assert API_KEY not in serialized
    assert API_KEY not in repr(registration.inputs)
