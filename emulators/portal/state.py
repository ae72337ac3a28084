"""Everything the portal emulator remembers: organizations, their SSO methods, faults, a request log.

One :class:`PortalState` object is passed to the app factory (no module-level state), so every test
or sandbox process owns its own. With ``state_file`` the organizations are loaded from and saved to a
JSON file after each change, so a later process (the sandbox's "show me the portal" step) can read
them. Client secrets are never stored, only their SHA-256 - which is all the contract ever returns.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from pydantic import BaseModel, ConfigDict, Field

from components.portal.contract import secret_sha256
from emulators.portal.faults import FaultBook

__all__ = [
    "DEFAULT_API_KEY",
    "DEFAULT_PARTNER",
    "OTHER_PARTNER",
    "PortalState",
    "RequestLog",
    "StoredOrganization",
    "StoredState",
]

DEFAULT_API_KEY: Final = "nlk-emulator-key"
DEFAULT_PARTNER: Final = "partner-self"
OTHER_PARTNER: Final = "partner-other"


class StoredOrganization(BaseModel):
    """One organization; ``sso_methods`` maps type -> the method's public fields (no secrets)."""

    model_config = ConfigDict(extra="forbid")

    identifier: str
    title: str
    plan_identifier: str = "business"
    partner: str = DEFAULT_PARTNER
    sso_methods: dict[str, dict[str, Any]] = Field(default_factory=dict)


class StoredState(BaseModel):
    """What the state file holds (never the API key)."""

    partner: str = DEFAULT_PARTNER
    organizations: dict[str, StoredOrganization] = Field(default_factory=dict)


def now_iso() -> str:
    """Timestamps as the portal writes them: UTC, second precision, ``Z`` suffix."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def hide_secrets(fields: dict[str, Any]) -> dict[str, Any]:
    """Replace a raw ``client_secret`` by its hash, the only form the emulator keeps."""
    clean = dict(fields)
    secret = clean.pop("client_secret", None)
    if isinstance(secret, str):
        clean["client_secret_sha256"] = secret_sha256(secret)
    return clean


@dataclass
class RequestLog:
    """Contract requests seen (control-API calls excluded), in order, for counting writes."""

    entries: list[dict[str, str]] = field(default_factory=list)

    def record(self, method: str, path: str, query: str) -> None:
        self.entries.append({"method": method, "path": path, "query": query})

    def summary(self) -> dict[str, Any]:
        by_method = Counter(e["method"] for e in self.entries)
        by_route = Counter(f"{e['method']} {e['path']}" for e in self.entries)
        return {
            "total": len(self.entries),
            "by_method": dict(by_method),
            "by_route": dict(by_route),
            "log": list(self.entries),
        }


class PortalState:
    """The emulator's mutable world; every method takes the lock, so handlers may run in threads."""

    def __init__(
        self,
        *,
        api_key: str = DEFAULT_API_KEY,
        partner: str = DEFAULT_PARTNER,
        state_file: Path | None = None,
        seed_orgs: Iterable[str] = (),
    ) -> None:
        self.api_key = api_key
        self.lock = threading.RLock()
        self.faults = FaultBook()
        self.log = RequestLog()
        self._state_file = state_file
        self._seed_orgs = tuple(seed_orgs)
        self.data = StoredState(partner=partner)
        if state_file is not None and state_file.exists():
            self.data = StoredState.model_validate_json(state_file.read_text(encoding="utf-8"))
        self._seed()

    def _seed(self) -> None:
        for identifier in self._seed_orgs:
            if identifier not in self.data.organizations:
                self.add_organization(
                    StoredOrganization(
                        identifier=identifier, title=identifier.title(), partner=self.data.partner
                    )
                )
        self.save()

    def reset(self) -> None:
        """Back to the seed organizations, no faults, empty log."""
        with self.lock:
            self.data = StoredState(partner=self.data.partner)
            self.faults.clear()
            self.log = RequestLog()
            self._seed()

    def save(self) -> None:
        """Write the state file (if any) atomically, so a reader never sees half a document."""
        if self._state_file is None:
            return
        with self.lock:
            tmp = self._state_file.with_suffix(self._state_file.suffix + ".tmp")
            tmp.write_text(self.data.model_dump_json(indent=2), encoding="utf-8")
            tmp.replace(self._state_file)

    def organization(self, identifier: str) -> StoredOrganization | None:
        with self.lock:
            return self.data.organizations.get(identifier)

    def managed_organizations(self) -> list[StoredOrganization]:
        with self.lock:
            orgs = [o for o in self.data.organizations.values() if o.partner == self.data.partner]
        return sorted(orgs, key=lambda o: o.identifier)

    def add_organization(self, org: StoredOrganization) -> None:
        with self.lock:
            self.data.organizations[org.identifier] = org
            self.save()

    def set_method(self, identifier: str, method_type: str, fields: dict[str, Any]) -> dict[str, Any]:
        """Replace one method of one organization; returns what is stored."""
        with self.lock:
            stored = {**hide_secrets(fields), "type": method_type, "updated_at": now_iso()}
            self.data.organizations[identifier].sso_methods[method_type] = stored
            self.save()
            return dict(stored)

    def patch_method(self, identifier: str, method_type: str, fields: dict[str, Any]) -> dict[str, Any]:
        """Merge fields into a method (creating it): the control API's "someone edited it by hand"."""
        with self.lock:
            current = self.data.organizations[identifier].sso_methods.get(method_type, {})
            return self.set_method(identifier, method_type, {**current, **hide_secrets(fields)})

    def delete_method(self, identifier: str, method_type: str) -> bool:
        with self.lock:
            removed = self.data.organizations[identifier].sso_methods.pop(method_type, None)
            self.save()
            return removed is not None
