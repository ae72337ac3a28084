"""What the sandbox needs from its stack's config, decrypted with the sandbox passphrase.

Reading the committed stack file (rather than repeating its values in Python) keeps one source of
truth: the emulators accept exactly the API key and token the stack sends, and the seeded Okta apps
have exactly the client ids and secrets its organizations name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from components.config.models import CONFIG_NAMESPACE
from scripts.sandbox.errors import SandboxError
from scripts.sandbox.pulumi_cli import PulumiCli
from scripts.sandbox.settings import PORTAL_PORT, STACK, STACK_FILE

__all__ = ["SandboxConfig", "SandboxOrganization", "read_sandbox_config"]


@dataclass(frozen=True)
class SandboxOrganization:
    partner_identifier: str
    client_id: str
    client_secret: str


@dataclass(frozen=True)
class SandboxConfig:
    portal_api_url: str
    portal_api_key: str
    okta_api_token: str
    organizations: tuple[SandboxOrganization, ...]


def read_sandbox_config(cli: PulumiCli) -> SandboxConfig:
    """``pulumi config --json --show-secrets`` of the sandbox stack, checked against the sandbox's ports."""
    raw: dict[str, Any] = cli.run(["config", "--json", "--show-secrets", "--stack", STACK]).json()

    def value(key: str) -> Any:
        entry = raw.get(key)
        if not isinstance(entry, dict) or entry.get("value") in (None, ""):
            raise SandboxError(f"{STACK_FILE.name}: `{key}` is not set")
        return entry.get("objectValue", entry["value"])

    api_url = str(value(f"{CONFIG_NAMESPACE}:portalApiUrl"))
    if urlsplit(api_url).port != PORTAL_PORT:
        raise SandboxError(
            f"{STACK_FILE.name}: portalApiUrl {api_url!r} does not point at the portal emulator "
            f"(port {PORTAL_PORT})"
        )
    organizations = value(f"{CONFIG_NAMESPACE}:organizations")
    return SandboxConfig(
        portal_api_url=api_url,
        portal_api_key=str(value(f"{CONFIG_NAMESPACE}:portalApiKey")),
        okta_api_token=str(value("okta:apiToken")),
        organizations=tuple(_organization(index, org) for index, org in enumerate(organizations)),
    )


def _organization(index: int, org: Any) -> SandboxOrganization:
    app = org.get("existingApp") if isinstance(org, dict) else None
    if not isinstance(app, dict) or not app.get("clientId") or not app.get("clientSecret"):
        raise SandboxError(
            f"{STACK_FILE.name}: organizations[{index}] needs existingApp.clientId and "
            "existingApp.clientSecret (the sandbox seeds that app in the Okta emulator; "
            "the okta plugin cannot be built here)"
        )
    return SandboxOrganization(str(org["partnerIdentifier"]), str(app["clientId"]), str(app["clientSecret"]))
