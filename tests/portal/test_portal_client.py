"""The portal client against the emulator over real HTTP: calls, typed errors, and no leaked secrets."""

from __future__ import annotations

import logging
import pickle
import re
import traceback
from typing import Any

import pytest

from components.errors import PortalError
from components.portal.client import PortalClient
from components.portal.contract import BASE_PATH, ENDPOINTS, OktaSettingsInput, secret_sha256
from components.portal.errors import (
    AuthenticationError,
    MalformedResponseError,
    NotFoundError,
    PermissionDeniedError,
    PortalConfigurationError,
    PortalHTTPError,
    PortalTransportError,
    ValidationFailedError,
)
from emulators.portal import EmulatorControl
from emulators.serve import free_port

from .support import API_KEY, CLIENT_ID, FAST_RETRY, ORG, SECRET, settings_input


def leaks(text: str) -> bool:
    return SECRET in text or API_KEY in text


def test_okta_settings_lifecycle(client: PortalClient, control: EmulatorControl) -> None:
    assert client.get_okta(ORG) is None
    written = client.put_okta(ORG, settings_input())
    assert written.client_id == CLIENT_ID
    assert written.client_secret_sha256 == secret_sha256(SECRET)
    assert client.get_okta(ORG) == written
    assert [m.type for m in client.list_methods(ORG)] == ["okta"]
    assert client.delete_okta(ORG) is True
    assert client.delete_okta(ORG) is False
    assert control.requests()["by_method"] == {"GET": 3, "PUT": 1, "DELETE": 2}


def test_list_organizations_follows_pages(client: PortalClient, control: EmulatorControl) -> None:
    for n in range(6):
        control.seed_org(f"org-{n}")
    orgs = client.list_organizations(page_size=3)
    assert [o.identifier for o in orgs] == sorted([ORG, *(f"org-{n}" for n in range(6))])
    assert control.count("GET", "/organizations") == 3  # 3 + 3 + 1
    with pytest.raises(ValueError, match="page_size"):
        client.list_organizations(page_size=201)


def test_list_methods_shows_every_type_without_secrets(
    client: PortalClient, control: EmulatorControl
) -> None:
    control.set_method(ORG, "google", domain="acme.example")
    control.set_method(ORG, "entra", tenant_id="t-1", client_secret="entra-secret")
    methods = {m.type: m for m in client.list_methods(ORG)}
    assert set(methods) == {"google", "entra"}
    assert "entra-secret" not in repr(methods)


@pytest.mark.parametrize(
    ("org", "error", "code"),
    [
        ("foreign-org", PermissionDeniedError, "organization_not_managed"),
        ("nobody", NotFoundError, "organization_not_found"),
    ],
)
def test_organization_errors_are_typed_and_never_mistaken_for_not_configured(
    client: PortalClient, org: str, error: type[PortalHTTPError], code: str
) -> None:
    for call in (client.get_okta, client.delete_okta, client.list_methods):
        with pytest.raises(error) as info:
            call(org)
        assert info.value.code == code
        assert info.value.attempts == 1
        assert f"/organizations/{org}/" in str(info.value)


def test_a_wrong_key_fails_at_once_with_401(control: EmulatorControl, sleeps: list[float]) -> None:
    with (
        PortalClient("nlk-wrong-key", control.api_url, retry=FAST_RETRY, sleep=sleeps.append) as bad,
        pytest.raises(AuthenticationError) as info,
    ):
        bad.get_okta(ORG)
    assert str(info.value) == (
        "GET /organizations/acme-corp/sso-methods/okta failed with HTTP 401 "
        "unauthorized: missing or invalid API key"
    )
    assert sleeps == []
    assert control.requests()["total"] == 1


def test_422_fails_at_once_naming_fields_but_not_the_secret(
    client: PortalClient, control: EmulatorControl, sleeps: list[float]
) -> None:
    invalid = OktaSettingsInput.model_construct(**(settings_input().model_dump() | {"issuer": "http://x"}))
    with pytest.raises(ValidationFailedError) as info:
        client.put_okta(ORG, invalid)
    assert info.value.status == 422
    assert info.value.fields == {"issuer": "must be an absolute https:// URL"}
    assert "PUT /organizations/acme-corp/sso-methods/okta failed with HTTP 422 validation_failed" in str(
        info.value
    )
    assert sleeps == []
    assert control.count("PUT") == 1
    assert not leaks(str(info.value))


def test_secrets_echoed_by_the_server_are_redacted(client: PortalClient, control: EmulatorControl) -> None:
    body = (
        f'{{"error": {{"code": "validation_failed", "message": "bad {SECRET} / {API_KEY}", '
        f'"fields": {{"client_secret": "{SECRET} is weak"}}}}}}'
    )
    control.fault("status", method="PUT", path="*/okta", status=422, body=body)
    with pytest.raises(ValidationFailedError) as info:
        client.put_okta(ORG, settings_input())
    assert "[redacted]" in str(info.value)
    assert not leaks(str(info.value))
    assert not leaks(repr(info.value.fields))


@pytest.mark.parametrize(
    ("kind", "options", "reason"),
    [
        ("malformed", {}, "not JSON"),
        ("non_json", {}, "not JSON"),
        ("wrong_shape", {}, "does not match the contract"),
        ("wrong_shape", {"body": '{"type": "okta"}'}, "does not match the contract"),
        ("oversized", {}, "exceeds the 1048576-byte cap"),
        ("oversized", {"declare_length": True}, "exceeds the 1048576-byte cap"),
    ],
)
def test_unusable_bodies_are_malformed_response_errors_and_not_retried(
    client: PortalClient, control: EmulatorControl, kind: str, options: dict[str, Any], reason: str
) -> None:
    control.fault(kind, path="*/okta", **options)
    with pytest.raises(MalformedResponseError, match=reason):
        client.get_okta(ORG)
    assert control.count("GET") == 1


def test_error_bodies_that_are_not_the_envelope_still_give_typed_errors(
    client: PortalClient, control: EmulatorControl
) -> None:
    control.fault("non_json", path="*/okta", status=403)
    with pytest.raises(PermissionDeniedError, match="HTTP 403 unknown: no error details"):
        client.get_okta(ORG)


def test_connection_refused_is_a_transport_error_after_bounded_retries(sleeps: list[float]) -> None:
    url = f"http://127.0.0.1:{free_port()}/msp/v1"
    with (
        PortalClient(API_KEY, url, retry=FAST_RETRY, sleep=sleeps.append) as dead,
        pytest.raises(PortalTransportError) as info,
    ):
        dead.get_okta(ORG)
    assert info.value.attempts == FAST_RETRY.max_attempts
    assert len(sleeps) == FAST_RETRY.max_attempts - 1
    assert "ConnectError" in str(info.value)


def test_errors_logs_and_reprs_never_carry_the_key_or_secret(
    client: PortalClient, control: EmulatorControl, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    control.fault("status", path="*/okta", status=503, count=2)
    control.fault("drop", method="PUT", path="*/okta")
    client.put_okta(ORG, settings_input())
    control.fault("status", path="*/okta", status=500, count=10)
    with pytest.raises(PortalError) as info:
        client.put_okta(ORG, settings_input())
    rendered = "".join(traceback.format_exception(info.value))
    assert "after 4 attempts" in rendered
    assert "retry" in caplog.text
    for text in (rendered, repr(info.value), caplog.text, repr(client), str(vars(info.value))):
        assert not leaks(text), text
    clone = pickle.loads(pickle.dumps(info.value))  # noqa: S301 - our own object
    assert str(clone) == str(info.value)


def test_configuration_is_checked_without_echoing_the_key() -> None:
    with pytest.raises(PortalConfigurationError) as info:
        PortalClient(f"{API_KEY} with spaces")
    assert API_KEY not in str(info.value)
    with pytest.raises(PortalConfigurationError, match="must be an absolute https:// URL"):
        PortalClient(API_KEY, "ftp://portal.example")
    with pytest.raises(PortalConfigurationError, match=r"plain http:// is allowed only for loopback"):
        PortalClient(API_KEY, "http://portal.example/msp/v1")
    with pytest.raises(PortalConfigurationError):
        PortalClient("")


def test_every_request_the_client_sends_is_a_listed_endpoint(
    client: PortalClient, control: EmulatorControl
) -> None:
    """Exercise every client method, then match what reached the wire against ``contract.ENDPOINTS``."""
    client.list_organizations()
    client.list_methods(ORG)
    client.get_okta(ORG)
    client.put_okta(ORG, settings_input())
    client.delete_okta(ORG)
    patterns = {
        (e.method, re.compile(re.escape(BASE_PATH + e.path).replace(re.escape("{identifier}"), "[^/]+")))
        for e in ENDPOINTS
    }
    seen = {(entry["method"], entry["path"]) for entry in control.requests()["log"]}
    assert len(seen) == len(ENDPOINTS)
    for method, path in seen:
        assert any(m == method and p.fullmatch(path) for m, p in patterns), (method, path)
