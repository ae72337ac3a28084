"""The emulated org: its objects in memory, optionally mirrored to a JSON file after every change.

``OktaState`` is the only mutable thing in the emulator; the app factory takes one, so each test
builds its own. Reads and writes go through ``read()``/``write()``, which hold one lock (handlers run
on the server's event loop, tests may look from another thread) and, for writes, save the file.
"""

from __future__ import annotations

import copy
import json
import os
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from emulators.okta.faults import FaultBook, RequestLog
from emulators.okta.ids import ORG_PREFIX, USER_PREFIX, new_id, timestamp
from emulators.okta.shapes import Json, new_access_policy, new_admin_user, new_auth_server, new_group

__all__ = ["DEFAULT_SERVER_ID", "PIPELINES", "EmulatorSettings", "OktaState", "OrgData"]

STATE_FORMAT_VERSION = 1
DEFAULT_SERVER_ID = "default"
PIPELINES = ("idx", "v1")  # Identity Engine, Classic
ADMIN_LOGIN = "admin@emulator.okta.local"


@dataclass(frozen=True)
class EmulatorSettings:
    """How the emulator behaves; fixed for the life of an ``OktaState``.

    ``api_token`` None accepts any SSWS token. ``org_url`` None makes the org URL the address the
    emulator listens on (``http://127.0.0.1:<port>``), which is also the okta provider's httpProxy.
    """

    api_token: str | None = None
    pipeline: str = "idx"
    org_url: str | None = None
    state_file: Path | None = None
    seed_groups: tuple[str, ...] = ()
    seed_auth_servers: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.pipeline not in PIPELINES:
            raise ValueError(f"pipeline must be one of {PIPELINES}, not {self.pipeline!r}")


@dataclass
class OrgData:
    """Everything the org holds. Plain JSON-ready dicts, keyed by id."""

    org_id: str
    created: str
    admin: Json
    apps: dict[str, Json] = field(default_factory=dict)
    app_policies: dict[str, str] = field(default_factory=dict)
    id_token_claims: dict[str, Json] = field(default_factory=dict)
    groups: dict[str, Json] = field(default_factory=dict)
    assignments: dict[str, dict[str, Json]] = field(default_factory=dict)
    auth_servers: dict[str, Json] = field(default_factory=dict)
    policies: dict[str, Json] = field(default_factory=dict)

    @classmethod
    def fresh(cls, pipeline: str) -> OrgData:
        data = cls(
            org_id=new_id(ORG_PREFIX),
            created=timestamp(),
            admin=new_admin_user(new_id(USER_PREFIX), ADMIN_LOGIN),
        )
        everyone = new_group("Everyone", "All users in your organization", "BUILT_IN")
        data.groups[everyone["id"]] = everyone
        if pipeline == "idx":  # Identity Engine orgs have a default app sign-on (access) policy.
            policy = new_access_policy()
            data.policies[policy["id"]] = policy
        return data

    def to_json(self) -> Json:
        return copy.deepcopy(asdict(self))

    @classmethod
    def from_json(cls, raw: Json) -> OrgData:
        return cls(**copy.deepcopy(raw))

    def group_by_name(self, name: str) -> Json | None:
        return next((g for g in self.groups.values() if g["profile"]["name"] == name), None)

    def server_by_name(self, name: str) -> Json | None:
        return next((s for s in self.auth_servers.values() if s["name"] == name), None)


class OktaState:
    """The org plus the emulator's own bookkeeping (request log, queued faults)."""

    def __init__(self, settings: EmulatorSettings | None = None) -> None:
        self.settings = settings or EmulatorSettings()
        self.log = RequestLog()
        self.faults = FaultBook()
        self._lock = threading.RLock()
        self._data = self._load() or OrgData.fresh(self.settings.pipeline)
        self._apply_seeds()
        self._save()

    @contextmanager
    def read(self) -> Iterator[OrgData]:
        with self._lock:
            yield self._data

    @contextmanager
    def write(self) -> Iterator[OrgData]:
        """Mutate the org; the state file (if any) is rewritten when the block ends without error."""
        with self._lock:
            yield self._data
            self._save()

    def reset(self) -> None:
        """Back to a fresh org with the configured seeds; the log and faults are cleared too."""
        with self._lock:
            self._data = OrgData.fresh(self.settings.pipeline)
            self._apply_seeds()
            self._save()
        self.log.clear()
        self.faults.clear()

    def add_group(
        self, name: str, description: str = "", group_type: str = "OKTA_GROUP"
    ) -> tuple[Json, bool]:
        """The group with this name, created if missing; the flag says whether it was created."""
        with self.write() as data:
            existing = data.group_by_name(name)
            if existing is not None:
                return copy.deepcopy(existing), False
            group = new_group(name, description, group_type)
            data.groups[group["id"]] = group
            return copy.deepcopy(group), True

    def add_auth_server(
        self,
        name: str,
        description: str = "",
        audiences: list[str] | None = None,
        server_id: str | None = None,
    ) -> tuple[Json, bool]:
        with self.write() as data:
            existing = data.server_by_name(name)
            if existing is not None:
                return copy.deepcopy(existing), False
            server = new_auth_server(name, description, audiences, server_id)
            if server["id"] in data.auth_servers:
                raise ValueError(f"authorization server id {server['id']!r} is taken")
            data.auth_servers[server["id"]] = server
            return copy.deepcopy(server), True

    def base_url(self, server: tuple[str, int] | None) -> str:
        """The org URL in links and issuers. Not the Host header: through ``httpProxy`` the okta
        plugin's v5/v6 clients drop the port from it (``Host: 127.0.0.1``), its v2 client keeps it."""
        if self.settings.org_url:
            return self.settings.org_url.rstrip("/")
        if server is None:
            return "http://127.0.0.1"
        host, port = server
        return f"http://{host}:{port}"

    def snapshot(self) -> dict[str, Any]:
        with self.read() as data:
            return data.to_json()

    def _apply_seeds(self) -> None:
        with self._lock:
            if DEFAULT_SERVER_ID not in self._data.auth_servers:
                default = new_auth_server(
                    "default",
                    "Default Authorization Server for your Applications",
                    ["api://default"],
                    DEFAULT_SERVER_ID,
                )
                self._data.auth_servers[DEFAULT_SERVER_ID] = default
            for name in self.settings.seed_groups:
                if self._data.group_by_name(name) is None:
                    group = new_group(name)
                    self._data.groups[group["id"]] = group
            for name in self.settings.seed_auth_servers:
                if self._data.server_by_name(name) is None:
                    server = new_auth_server(name)
                    self._data.auth_servers[server["id"]] = server

    def _load(self) -> OrgData | None:
        path = self.settings.state_file
        if path is None or not path.exists():
            return None
        raw = json.loads(path.read_text(encoding="utf-8"))
        if raw.get("version") != STATE_FORMAT_VERSION:
            raise ValueError(f"{path}: unsupported state file version {raw.get('version')!r}")
        return OrgData.from_json(raw["org"])

    def _save(self) -> None:
        path = self.settings.state_file
        if path is None:
            return
        payload = json.dumps({"version": STATE_FORMAT_VERSION, "org": self._data.to_json()}, indent=2)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(payload)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
