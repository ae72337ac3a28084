"""The provider's credentials, error context and pickling: what it reads at run time, and never keeps."""

from __future__ import annotations

import base64

import dill
import pytest
from pulumi.dynamic import Config, ConfigureRequest
from pulumi.dynamic.dynamic import serialize_provider

from components.errors import PortalError
from components.portal.errors import OktaSettingsError, PermissionDeniedError
from components.portal.provider import PortalOktaSettingsProvider
from emulators.portal import EmulatorControl

from .support import API_KEY, ORG, PROJECT, configured, desired_props

# -- errors and credentials ---------------------------------------------------------------------------


def test_portal_failures_name_operation_and_organization(provider: PortalOktaSettingsProvider) -> None:
    with pytest.raises(OktaSettingsError) as info:
        provider.create(desired_props(partner_identifier="foreign-org"))
    assert str(info.value).startswith("create of the portal Okta SSO settings for organization 'foreign-org'")
    assert isinstance(info.value.__cause__, PermissionDeniedError)
    assert isinstance(info.value, PortalError)


def test_a_missing_key_names_both_the_config_key_and_the_env_var(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NORDLAYER_API_KEY", raising=False)
    provider = PortalOktaSettingsProvider()
    provider.configure(ConfigureRequest(Config({}, PROJECT)))
    with pytest.raises(OktaSettingsError) as info:
        provider.read(f"{ORG}/okta", desired_props())
    assert "nordlayer-okta-sso:portalApiKey" in str(info.value)
    assert "NORDLAYER_API_KEY" in str(info.value)


def test_the_environment_is_the_fallback(control: EmulatorControl, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NORDLAYER_API_KEY", API_KEY)
    monkeypatch.setenv("NORDLAYER_PORTAL_API_URL", control.api_url)
    provider = PortalOktaSettingsProvider()
    provider.configure(ConfigureRequest(Config({}, PROJECT)))
    assert provider.read(f"{ORG}/okta", {}).id is None


def test_unqualified_keys_resolve_in_the_current_project(control: EmulatorControl) -> None:
    """A renamed project still works: ``portalApiKey`` falls back to the project's own namespace."""
    provider = PortalOktaSettingsProvider()
    raw = {"renamed-sso:portalApiKey": API_KEY, "renamed-sso:portalApiUrl": control.api_url}
    provider.configure(ConfigureRequest(Config(raw, "renamed-sso")))
    assert provider.read(f"{ORG}/okta", {}).id is None


def test_the_provider_pickles_by_reference_and_never_with_credentials(control: EmulatorControl) -> None:
    provider = configured(control.api_url)
    assert all(value is None or isinstance(value, str) for value in vars(provider).values())
    serialized = serialize_provider(provider)
    assert serialized == serialize_provider(PortalOktaSettingsProvider())
    raw = base64.b64decode(serialized)
    assert b"components.portal.provider" in raw
    assert API_KEY.encode() not in raw
    assert len(raw) < 200  # a reference to the class, not its code
    clone = dill.loads(raw)  # noqa: S301 - bytes we just produced
    assert type(clone) is PortalOktaSettingsProvider
    assert vars(clone) == {"_api_key": None, "_api_url": None}


@pytest.mark.parametrize("id_", ["", "/okta", "a/b/okta", "../okta"])
def test_an_unusable_id_is_our_error_not_a_crash(provider: PortalOktaSettingsProvider, id_: str) -> None:
    with pytest.raises(OktaSettingsError, match="cannot tell the organization"):
        provider.read(id_, {})
    with pytest.raises(OktaSettingsError, match="cannot tell the organization"):
        provider.delete(id_, {})
