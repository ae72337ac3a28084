"""No secret in plaintext anywhere the engine writes or prints; and the sandbox's committed secrets.

Every command run through ``E2EStack.run`` is already checked for the plaintext API key and client
secrets; this module adds what a command's output does not cover: the state (``stack export``), every
file in the backend, the project and ``PULUMI_HOME`` (the engine's logs), and one run with the engine's
own logging at ``-v=9`` to stderr. ``--show-secrets`` is the positive control: the scan does see them.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from emulators.portal import EmulatorControl
from scripts.sandbox.pulumi_cli import PulumiCli
from scripts.sandbox.settings import PASSPHRASE as SANDBOX_PASSPHRASE
from scripts.sandbox.settings import PORTAL_PORT, STACK_FILE
from scripts.sandbox.stack_config import read_sandbox_config
from tests.e2e.harness import E2EStack, copy_project, leaked, mask
from tests.e2e.values import NewStack

pytestmark = pytest.mark.e2e

RECOGNIZABLE = {
    "acme-corp": "E2E-PLAINTEXT-CLIENT-SECRET-acme-corp-7f3e91",
    "globex-eu": "E2E-PLAINTEXT-CLIENT-SECRET-globex-eu-2c84d0",
}


def files_with_secrets(root: Path, stack: E2EStack) -> dict[str, list[str]]:
    """``{relative path: [secret names]}`` for every file under ``root`` holding a plaintext secret."""
    hits: dict[str, list[str]] = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        found = leaked(path.read_bytes().decode("utf-8", errors="replace"), stack.secrets)
        if found:
            hits[str(path.relative_to(root))] = found
    return hits


def test_no_secret_in_plaintext_in_output_state_files_or_engine_logs(
    new_stack: NewStack, portal: EmulatorControl, pulumi_home: Path
) -> None:
    stack = new_stack(client_secrets=RECOGNIZABLE)
    assert {stack.apps[org].client_secret for org in RECOGNIZABLE} == set(RECOGNIZABLE.values())

    stack.preview("--diff")
    logged = stack.up("--logflow", "-v=9", "--logtostderr")
    assert "RegisterResource" in logged.stderr, "the engine's own logs were not on"
    assert "Provider[" in logged.stderr, "the engine's own logs were not on"
    portal.edit_method("acme-corp", "okta", issuer="https://drifted.example")
    stack.refresh("--diff")
    stack.preview("--diff")
    stack.up("--diff")
    stack.run("config")
    stack.run("stack", "history", "--json")
    stack.outputs()

    exported = json.dumps(stack.export())
    assert not leaked(exported, stack.secrets), mask(exported, stack.secrets)
    revealed = json.dumps(stack.export(show_secrets=True))
    # The client secrets are resource inputs; the API key only reaches state as (encrypted) config of the
    # dynamic provider, which Pulumi records for every stack config key.
    assert leaked(revealed, stack.secrets) == sorted(stack.secrets), "--show-secrets must reveal them"
    shown_outputs = stack.run("stack", "output", "--json", "--show-secrets").stdout
    assert not leaked(shown_outputs, stack.secrets), "no stack output may carry a secret, even revealed"

    stack.destroy()
    for root in (stack.cli.backend_dir, stack.project, pulumi_home):
        assert files_with_secrets(root, stack) == {}, f"plaintext secret in files under {root}"


def test_committed_sandbox_stack_decrypts_with_the_documented_passphrase(
    toolchain: None, tmp_path: Path, pulumi_home: Path
) -> None:
    project = copy_project(tmp_path / "project")
    copied = project / "stacks" / STACK_FILE.name
    shutil.copy2(STACK_FILE, copied)
    cli = PulumiCli(
        cwd=project, backend_dir=tmp_path / "backend", passphrase=SANDBOX_PASSPHRASE, pulumi_home=pulumi_home
    )

    cli.run(["stack", "init", "sandbox", "--secrets-provider", "passphrase"])
    assert copied.read_text(encoding="utf-8") == STACK_FILE.read_text(encoding="utf-8"), "init kept the salt"
    config = read_sandbox_config(cli)

    assert config.portal_api_url == f"http://127.0.0.1:{PORTAL_PORT}/msp/v1"
    assert [o.partner_identifier for o in config.organizations] == ["acme-corp", "globex-eu"]
    assert all(o.client_id and o.client_secret for o in config.organizations)
    assert config.portal_api_key
    assert config.okta_api_token
    wrong = replace(cli, passphrase="not-the-sandbox-passphrase")
    refused = wrong.run(["config", "--show-secrets", "--stack", "sandbox"], check=False)
    assert not refused.ok, refused
    assert "incorrect passphrase" in refused.output, refused
