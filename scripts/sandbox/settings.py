"""Fixed facts of the sandbox: where its state lives, its ports, its (public) passphrase.

The credentials themselves are not here: they live, encrypted, in ``stacks/Pulumi.sandbox.yaml``, and
the sandbox reads them from there (``pulumi config --show-secrets``) to start and seed the emulators,
so what the emulators accept and what the stack sends can never drift apart.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from scripts.sandbox.pulumi_cli import REPO_ROOT

__all__ = [
    "BACKEND_DIR",
    "GOOGLE_METHOD",
    "LAST_RUN_FILE",
    "OKTA_PORT",
    "OKTA_STATE",
    "ORG_TITLES",
    "PASSPHRASE",
    "PORTAL_PORT",
    "PORTAL_STATE",
    "SANDBOX_DIR",
    "STACK",
    "STACK_FILE",
    "fingerprint_inputs",
]

STACK: Final = "sandbox"
PASSPHRASE: Final = "sandbox"  # noqa: S105 - documented, public, sandbox-only
"""Public on purpose: it only guards emulator credentials. Never reuse it for a real stack."""

SANDBOX_DIR: Final = REPO_ROOT / ".sandbox"
BACKEND_DIR: Final = SANDBOX_DIR / "state"
PORTAL_STATE: Final = SANDBOX_DIR / "portal.json"
OKTA_STATE: Final = SANDBOX_DIR / "okta.json"
LAST_RUN_FILE: Final = SANDBOX_DIR / "last-run.json"
STACK_FILE: Final = REPO_ROOT / "stacks" / f"Pulumi.{STACK}.yaml"

PORTAL_PORT: Final = 18080
OKTA_PORT: Final = 18081

ORG_TITLES: Final = {"acme-corp": "Acme Corp", "globex-eu": "Globex EU"}
GOOGLE_METHOD: Final = {
    "client_id": "123456789012-sandbox.apps.googleusercontent.com",
    "hosted_domain": "acme.example",
}
"""Seeded on the stack's first organization, to show that Okta SSO is added beside it, not over it."""


def fingerprint_inputs() -> list[Path]:
    """Files whose change may legitimately change what ``pulumi up`` does.

    The emulators' state files are among them: an edit made there by hand between two runs is drift
    that the next run rightly repairs.
    """
    code = sorted((REPO_ROOT / "components").rglob("*.py"))
    sandbox = sorted((REPO_ROOT / "scripts" / "sandbox").glob("*.py"))
    return [
        REPO_ROOT / "Pulumi.yaml",
        REPO_ROOT / "__main__.py",
        STACK_FILE,
        PORTAL_STATE,
        OKTA_STATE,
        *code,
        *sandbox,
    ]
