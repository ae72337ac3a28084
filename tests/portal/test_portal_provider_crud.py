"""The provider's create/read/update/delete against the emulator: request counts, adoption, drift."""

from __future__ import annotations

import pytest

from components.portal.contract import secret_sha256
from components.portal.errors import OktaSettingsError
from components.portal.provider import PortalOktaSettingsProvider
from emulators.portal import EmulatorControl

from .support import CLIENT_ID, ORG, SECRET, created, desired_props

# -- create / adoption --------------------------------------------------------------------------------


def test_create_is_one_get_and_one_put(
    provider: PortalOktaSettingsProvider, control: EmulatorControl
) -> None:
    id_, outs = created(provider)
    assert id_ == f"{ORG}/okta"
    assert outs["client_secret_sha256"] == secret_sha256(SECRET)
    assert outs["client_secret"] == SECRET
    assert outs["type"] == "okta"
    assert outs["updated_at"]
    assert control.requests()["by_method"] == {"GET": 1, "PUT": 1}


def test_create_refuses_foreign_settings_with_an_adoption_hint(
    provider: PortalOktaSettingsProvider, control: EmulatorControl
) -> None:
    control.set_method(
        ORG,
        "okta",
        client_id="0oa-someone-else",
        client_secret="theirs",
        base_url="https://x.okta.com",
        audience="a",
        issuer="https://x.okta.com",
    )
    with pytest.raises(OktaSettingsError) as info:
        provider.create(desired_props())
    message = str(info.value)
    assert "0oa-someone-else" in message
    assert "adoptExisting: true" in message
    assert repr(ORG) in message
    assert SECRET not in message
    assert control.count("PUT") == 0


def test_create_adopts_when_asked(provider: PortalOktaSettingsProvider, control: EmulatorControl) -> None:
    control.set_method(
        ORG,
        "okta",
        client_id="0oa-someone-else",
        client_secret="theirs",
        base_url="https://x.okta.com",
        audience="a",
        issuer="https://x.okta.com",
    )
    _, outs = created(provider, adopt_existing=True)
    assert outs["client_id"] == CLIENT_ID
    assert outs["adopt_existing"] is True
    assert control.requests()["by_method"] == {"GET": 1, "PUT": 1}


def test_create_takes_over_its_own_unrecorded_write(
    provider: PortalOktaSettingsProvider, control: EmulatorControl
) -> None:
    control.set_method(
        ORG,
        "okta",
        client_id=CLIENT_ID,
        client_secret="older",
        base_url="https://x.okta.com",
        audience=CLIENT_ID,
        issuer="https://x.okta.com",
    )
    _, outs = created(provider)
    assert outs["client_secret_sha256"] == secret_sha256(SECRET)
    assert control.count("PUT") == 1


def test_create_skips_the_put_when_the_portal_already_matches(
    provider: PortalOktaSettingsProvider, control: EmulatorControl
) -> None:
    created(provider)
    control.clear_requests()
    created(provider)
    assert control.requests()["by_method"] == {"GET": 1}


# -- update / read / delete ---------------------------------------------------------------------------


def test_update_is_exactly_one_put(provider: PortalOktaSettingsProvider, control: EmulatorControl) -> None:
    id_, outs = created(provider)
    control.clear_requests()
    result = provider.update(id_, outs, desired_props(client_secret="rotated"))
    assert result.outs is not None
    assert result.outs["client_secret_sha256"] == secret_sha256("rotated")
    assert control.requests()["by_method"] == {"PUT": 1}


@pytest.mark.parametrize(
    ("field", "edited"),
    [
        ("client_id", "0oa-hand-edited"),
        ("issuer", "https://evil.example"),
        ("base_url", "https://b.example"),
        ("audience", "hand-edited"),
        ("client_secret", "typed-in-by-hand"),
    ],
)
def test_refresh_then_up_repairs_a_hand_edit(
    provider: PortalOktaSettingsProvider, control: EmulatorControl, field: str, edited: str
) -> None:
    id_, outs = created(provider)
    control.edit_method(ORG, "okta", **{field: edited})
    control.clear_requests()
    refreshed = provider.read(id_, outs)
    assert refreshed.id == id_
    assert refreshed.outs is not None
    if field != "client_secret":
        assert refreshed.outs[field] == edited
    assert refreshed.outs["client_secret"] == SECRET  # what we hold; the live hash tells the truth
    assert provider.diff(id_, refreshed.outs, desired_props()).changes is True
    repaired = provider.update(id_, refreshed.outs, desired_props())
    assert repaired.outs is not None
    again = provider.read(id_, repaired.outs)
    assert again.outs is not None
    assert provider.diff(id_, again.outs, desired_props()).changes is False
    assert control.requests()["by_method"] == {"GET": 2, "PUT": 1}


def test_no_change_diff_and_refresh_write_nothing(
    provider: PortalOktaSettingsProvider, control: EmulatorControl
) -> None:
    id_, outs = created(provider)
    control.clear_requests()
    read = provider.read(id_, outs)
    assert read.outs == outs
    assert provider.diff(id_, outs, desired_props()).changes is False
    assert control.requests()["by_method"] == {"GET": 1}


def test_read_of_deleted_settings_reports_them_gone(
    provider: PortalOktaSettingsProvider, control: EmulatorControl
) -> None:
    id_, outs = created(provider)
    control.delete_method(ORG, "okta")
    result = provider.read(id_, outs)
    assert result.id is None
    assert result.outs == {}


def test_read_works_from_the_id_alone(provider: PortalOktaSettingsProvider) -> None:
    id_, _ = created(provider)
    result = provider.read(id_, {})
    assert result.outs is not None
    assert result.outs["client_id"] == CLIENT_ID
    assert "client_secret" not in result.outs


def test_delete_is_one_delete_and_already_gone_is_done(
    provider: PortalOktaSettingsProvider, control: EmulatorControl
) -> None:
    id_, outs = created(provider)
    control.clear_requests()
    provider.delete(id_, outs)
    provider.delete(id_, outs)
    assert control.requests()["by_method"] == {"DELETE": 2}
    assert "okta" not in control.methods_of(ORG)


def test_google_sso_survives_create_update_and_delete(
    provider: PortalOktaSettingsProvider, control: EmulatorControl
) -> None:
    google = control.set_method(ORG, "google", domain="acme.example", client_id="google-client")
    id_, outs = created(provider)
    updated = provider.update(id_, outs, desired_props(client_secret="rotated"))
    assert updated.outs is not None
    assert control.methods_of(ORG)["google"] == google
    provider.delete(id_, updated.outs)
    assert control.methods_of(ORG) == {"google": google}
