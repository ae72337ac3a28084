"""The dynamic provider behind ``PortalOktaSettings``: CRUD of one organization's Okta SSO method.

Why it looks the way it does:

* It is pickled (by reference: this module is importable) into every resource's ``__provider`` input,
  so it holds no client, lock, socket or credential. ``configure`` runs in the provider host after
  unpickling and stores only the API key/URL strings read from stack config, and ``__getstate__``
  drops them so even a configured instance never pickles a key.
* Each operation builds its own :class:`PortalClient` and closes it; the key comes from
  ``nordlayer-okta-sso:portalApiKey`` or ``NORDLAYER_API_KEY`` at call time.
* ``check`` validates with the contract's rules and no I/O, tolerating unknowns during preview.
* Drift: ``read`` returns the portal's live values (and the live ``client_secret_sha256``) as outputs
  but leaves inputs alone, and ``diff`` compares new inputs against those outputs - the secret by
  SHA-256 - so ``pulumi refresh`` then ``pulumi up`` writes our values back over a hand edit.
* ``adopt_existing`` only matters in ``create``; changing it later is a no-op (no update is planned).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, ClassVar, Final

from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    ResourceProvider,
    UpdateResult,
)
from pydantic import ValidationError

from components.config.loader import API_KEY_ENV, validation_problems
from components.config.models import CONFIG_NAMESPACE
from components.errors import PortalError
from components.portal.client import PortalClient
from components.portal.contract import (
    DEFAULT_BASE_URL,
    OktaSettings,
    OktaSettingsInput,
    organization_identifier_problem,
    secret_sha256,
)
from components.portal.errors import OktaSettingsError, PortalConfigurationError
from components.portal.values import input_problems, is_unknown, plain

__all__ = [
    "API_KEY_CONFIG",
    "API_KEY_ENV",
    "API_URL_CONFIG",
    "API_URL_ENV",
    "CONFIG_NAMESPACE",
    "PortalOktaSettingsProvider",
]

logger = logging.getLogger(__name__)

API_KEY_CONFIG: Final = "portalApiKey"
API_URL_CONFIG: Final = "portalApiUrl"
API_URL_ENV: Final = "NORDLAYER_PORTAL_API_URL"
ID_SUFFIX: Final = "/okta"
COMPARED_FIELDS: Final = ("client_id", "base_url", "audience", "issuer")
ADOPT_HINT: Final = (
    "to take over these settings, set `adoptExisting: true` on the organization with partnerIdentifier "
    "{org!r} in the stack config ({ns}:organizations) and run `pulumi up` again"
)


@contextmanager
def _context(operation: str, organization: str) -> Iterator[None]:
    """Re-raise any portal failure with the operation and organization it happened in."""
    try:
        yield
    except OktaSettingsError:
        raise
    except PortalError as exc:
        raise OktaSettingsError(operation=operation, organization=organization, reason=str(exc)) from exc


def _config_value(req: ConfigureRequest, key: str) -> str | None:
    """A namespaced key first (the project may be named anything), then the project's own namespace."""
    config = req.config
    value = plain(config.get(f"{CONFIG_NAMESPACE}:{key}"))
    if value is None:
        value = plain(config.get(key))
    return value if isinstance(value, str) and value else None


def _organization(id_: str, props: Mapping[str, Any], operation: str) -> str:
    """The organization from the recorded outputs, else from the id (``pulumi import`` gives only that)."""
    org = plain(props.get("partner_identifier"))
    if not isinstance(org, str) or not org:
        org = id_.removesuffix(ID_SUFFIX)
    if organization_identifier_problem(org) is not None:
        raise OktaSettingsError(
            operation=operation, organization=org, reason=f"cannot tell the organization from id {id_!r}"
        )
    return org


def _desired(props: Mapping[str, Any], operation: str) -> tuple[str, OktaSettingsInput]:
    org = plain(props.get("partner_identifier"))
    if not isinstance(org, str) or organization_identifier_problem(org) is not None:
        raise OktaSettingsError(
            operation=operation,
            organization=str(org),
            reason="partner_identifier is not a valid organization identifier",
        )
    fields = {name: plain(props.get(name)) for name in OktaSettingsInput.model_fields}
    try:
        return org, OktaSettingsInput.model_validate(fields)
    except ValidationError as exc:
        problems = "; ".join(f"{name}: {reason}" for name, reason in validation_problems(exc))
        raise OktaSettingsError(
            operation=operation, organization=org, reason=f"invalid inputs ({problems})"
        ) from None


def _outputs(org: str, props: Mapping[str, Any], live: OktaSettings) -> dict[str, Any]:
    """Outputs: the portal's live values, plus the secret and adopt flag we recorded."""
    outs: dict[str, Any] = {
        "partner_identifier": org,
        "client_id": live.client_id,
        "base_url": live.base_url,
        "audience": live.audience,
        "issuer": live.issuer,
        "adopt_existing": plain(props.get("adopt_existing")) is True,
        "client_secret_sha256": live.client_secret_sha256,
        "updated_at": live.updated_at.isoformat(),
        "type": live.type,
    }
    secret = plain(props.get("client_secret"))
    if isinstance(secret, str):
        outs["client_secret"] = secret
    return outs


def _matches(live: OktaSettings, desired: OktaSettingsInput) -> bool:
    return all(getattr(live, name) == getattr(desired, name) for name in COMPARED_FIELDS) and (
        live.client_secret_sha256 == secret_sha256(desired.client_secret.get_secret_value())
    )


def _differs(old: Any, new: Any) -> bool:
    return is_unknown(new) or plain(old) != plain(new)


def _secret_differs(olds: Mapping[str, Any], news: Mapping[str, Any]) -> bool:
    new = plain(news.get("client_secret"))
    if is_unknown(new) or not isinstance(new, str):
        return True
    recorded_hash = plain(olds.get("client_secret_sha256"))
    if isinstance(recorded_hash, str):
        return secret_sha256(new) != recorded_hash
    return bool(plain(olds.get("client_secret")) != new)


class PortalOktaSettingsProvider(ResourceProvider):
    """CRUD for ``PUT/GET/DELETE /organizations/{id}/sso-methods/okta``; see the module docstring."""

    # The test seam: tests swap in clients with short timeouts and recorded sleeps. A class attribute
    # is never pickled with an instance, so nothing of it reaches state.
    client_factory: ClassVar[Callable[[str, str], PortalClient]] = PortalClient

    serialize_as_secret_always = False
    """Nothing secret is captured here, so ``__provider`` stays readable in state."""

    def __init__(self) -> None:
        super().__init__()
        self._api_key: str | None = None
        self._api_url: str | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._api_key = None
        self._api_url = None

    def configure(self, req: ConfigureRequest) -> None:
        """Remember the stack's portal key/URL; called by the host after unpickling."""
        self._api_key = _config_value(req, API_KEY_CONFIG)
        self._api_url = _config_value(req, API_URL_CONFIG)

    def _client(self) -> PortalClient:
        api_key = self._api_key or os.environ.get(API_KEY_ENV)
        if not api_key:
            raise PortalConfigurationError(
                f"no portal API key: set the stack config `{CONFIG_NAMESPACE}:{API_KEY_CONFIG}` (pulumi "
                f"config set --secret {API_KEY_CONFIG} <key>) or the {API_KEY_ENV} environment variable"
            )
        return type(self).client_factory(
            api_key, self._api_url or os.environ.get(API_URL_ENV) or DEFAULT_BASE_URL
        )

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        """Validate inputs without I/O; unknown (preview) values are accepted as they are."""
        inputs = dict(news)
        inputs.setdefault("adopt_existing", False)
        failures = [CheckFailure(name, reason) for name, reason in input_problems(inputs)]
        return CheckResult(inputs, failures)

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        """Replace on a new organization; everything else, the secret included, updates in place."""
        replaces = (
            ["partner_identifier"]
            if _differs(olds.get("partner_identifier"), news.get("partner_identifier"))
            else []
        )
        changed = [name for name in COMPARED_FIELDS if _differs(olds.get(name), news.get(name))]
        if _secret_differs(olds, news):
            changed.append("client_secret")
        logger.debug("diff %s: replaces=%s changed=%s", _id, replaces, changed)
        return DiffResult(
            changes=bool(replaces or changed), replaces=replaces, delete_before_replace=bool(replaces)
        )

    def create(self, props: dict[str, Any]) -> CreateResult:
        """GET, then PUT unless the live settings already are ours; refuses foreign settings unadopted."""
        org, desired = _desired(props, "create")
        with _context("create", org), self._client() as client:
            live = client.get_okta(org)
            if (
                live is not None
                and live.client_id != desired.client_id
                and plain(props.get("adopt_existing")) is not True
            ):
                raise OktaSettingsError(
                    operation="create",
                    organization=org,
                    reason=f"Okta SSO is already configured there with client_id {live.client_id!r}, which "
                    f"this stack did not create; " + ADOPT_HINT.format(org=org, ns=CONFIG_NAMESPACE),
                )
            if live is None or not _matches(live, desired):
                live = client.put_okta(org, desired)
        return CreateResult(f"{org}{ID_SUFFIX}", _outputs(org, props, live))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """One GET; live values become outputs (drift shows in the next diff); gone -> no id."""
        org = _organization(id_, props, "read")
        with _context("read", org), self._client() as client:
            live = client.get_okta(org)
        if live is None:
            return ReadResult(None, {})
        return ReadResult(id_, _outputs(org, props, live))

    def update(self, _id: str, _olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        """Exactly one PUT with the new values."""
        org, desired = _desired(news, "update")
        with _context("update", org), self._client() as client:
            live = client.put_okta(org, desired)
        return UpdateResult(_outputs(org, news, live))

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        """One DELETE of the Okta method only; 'not configured' counts as deleted."""
        org = _organization(id_, props, "delete")
        with _context("delete", org), self._client() as client:
            if not client.delete_okta(org):
                logger.info("Okta SSO for organization %r was already gone", org)
