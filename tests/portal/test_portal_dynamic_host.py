"""The provider through the real dynamic provider host, over gRPC, exactly as the engine drives it.

The serialized provider is the very ``__provider`` value ``PortalOktaSettings`` produced under mocks;
the host's environment holds no key, so the key can only come from the Configure call.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import grpc
import pytest
from pulumi.runtime import rpc
from pulumi.runtime.proto import provider_pb2

from components.portal.contract import BASE_PATH, secret_sha256
from components.portal.okta_settings import PortalOktaSettingsArgs
from emulators.portal import EmulatorControl
from emulators.serve import RunningServer

from .dynamic_host import PROVIDER_KEY, DynamicHost
from .resource_capture import declare
from .support import API_KEY, CLIENT_ID, ORG, SECRET, desired_props

NS = "nordlayer-okta-sso"


@pytest.fixture(scope="module")
def provider_string() -> str:
    _, registration = declare(PortalOktaSettingsArgs(**desired_props()))
    value = registration.inputs[PROVIDER_KEY]
    assert isinstance(value, str)
    return value


@pytest.fixture(scope="module")
def host(portal_server: RunningServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DynamicHost]:
    stderr = tmp_path_factory.mktemp("host") / "stderr.log"
    with DynamicHost(stderr) as running:
        running.configure(
            {f"{NS}:portalApiKey": API_KEY, f"{NS}:portalApiUrl": portal_server.url + BASE_PATH}
        )
        yield running


def props(provider_string: str, **overrides: Any) -> dict[str, Any]:
    return {**desired_props(**overrides), PROVIDER_KEY: provider_string}


def test_the_provider_string_carries_no_key(provider_string: str) -> None:
    assert API_KEY not in provider_string


def test_full_lifecycle_over_grpc_keeps_google_sso(
    host: DynamicHost, provider_string: str, control: EmulatorControl
) -> None:
    google = control.set_method(ORG, "google", domain="acme.example")
    inputs, failures = host.check({}, props(provider_string))
    assert failures == []
    assert inputs[PROVIDER_KEY] == provider_string

    id_, outs = host.create(inputs)
    assert id_ == f"{ORG}/okta"
    assert outs["client_secret_sha256"] == secret_sha256(SECRET)
    assert API_KEY not in repr(outs)
    assert control.requests()["by_method"] == {"GET": 1, "PUT": 1}

    assert host.diff(id_, outs, inputs).changes == provider_pb2.DiffResponse.DIFF_NONE
    read_id, read_outs = host.read(id_, outs)
    assert (read_id, read_outs) == (id_, outs)

    rotated = props(provider_string, client_secret="rotated-secret")
    assert host.diff(id_, outs, rotated).changes == provider_pb2.DiffResponse.DIFF_SOME
    control.clear_requests()
    updated = host.update(id_, outs, rotated)
    assert updated["client_secret_sha256"] == secret_sha256("rotated-secret")
    assert control.requests()["by_method"] == {"PUT": 1}
    assert control.methods_of(ORG)["google"] == google

    host.delete(id_, updated)
    assert control.methods_of(ORG) == {"google": google}


def test_check_over_grpc_tolerates_unknowns_and_names_bad_fields(
    host: DynamicHost, provider_string: str
) -> None:
    _, failures = host.check({}, props(provider_string, client_id=rpc.UNKNOWN, issuer=rpc.UNKNOWN))
    assert failures == []
    _, failures = host.check({}, props(provider_string, base_url="http://plain", partner_identifier="a/b"))
    assert sorted(failures) == [
        "base_url: must be an absolute https:// URL",
        "partner_identifier: must be safe in a URL path segment: only letters, digits and "
        "'-', '.', '_', '~' (found '/')",
    ]


def test_a_new_organization_is_a_delete_first_replacement(
    host: DynamicHost, provider_string: str, control: EmulatorControl
) -> None:
    id_, outs = host.create(props(provider_string))
    diff = host.diff(id_, outs, props(provider_string, partner_identifier="beta"))
    assert diff.changes == provider_pb2.DiffResponse.DIFF_SOME
    assert list(diff.replaces) == ["partner_identifier"]
    assert diff.deleteBeforeReplace is True


def test_refresh_sees_a_hand_edit_and_a_deletion(
    host: DynamicHost, provider_string: str, control: EmulatorControl
) -> None:
    id_, outs = host.create(props(provider_string))
    control.edit_method(ORG, "okta", client_secret="edited-in-the-portal")
    _, refreshed = host.read(id_, outs)
    assert refreshed["client_secret_sha256"] == secret_sha256("edited-in-the-portal")
    assert host.diff(id_, refreshed, props(provider_string)).changes == provider_pb2.DiffResponse.DIFF_SOME
    control.delete_method(ORG, "okta")
    gone_id, _ = host.read(id_, outs)
    assert gone_id == ""


def test_foreign_settings_fail_create_with_the_hint_and_no_secret(
    host: DynamicHost, provider_string: str, control: EmulatorControl
) -> None:
    control.set_method(
        ORG,
        "okta",
        client_id="0oa-foreign",
        client_secret="x",
        base_url="https://f.example",
        audience="f",
        issuer="https://f.example",
    )
    with pytest.raises(grpc.RpcError) as info:
        host.create(props(provider_string, client_secret=rpc.wrap_rpc_secret(SECRET)))
    failure = host.failure(info.value)
    assert "adoptExisting: true" in failure.details
    assert "OktaSettingsError" in failure.details
    assert SECRET not in failure.details
    assert API_KEY not in failure.details
    assert control.count("PUT") == 0
    _, outs = host.create(props(provider_string, adopt_existing=True))
    assert outs["client_id"] == CLIENT_ID


def test_without_configured_key_the_host_fails_clearly(
    provider_string: str, tmp_path: Path, control: EmulatorControl
) -> None:
    with DynamicHost(tmp_path / "stderr.log") as bare:
        bare.configure({f"{NS}:portalApiUrl": control.api_url})
        with pytest.raises(grpc.RpcError) as info:
            bare.create(props(provider_string))
    details = host_details(info.value)
    assert "nordlayer-okta-sso:portalApiKey" in details
    assert "NORDLAYER_API_KEY" in details
    assert control.requests()["total"] == 0


def host_details(error: grpc.RpcError) -> str:
    return DynamicHost.failure(error).details
