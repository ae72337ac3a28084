"""A stack of a throw-away copy of the project, driven through the real ``pulumi`` CLI.

Every command runs with ``--color never`` and is checked for leaked secrets: each value registered in
``E2EStack.secrets`` (API key, client secrets) must be absent from stdout and stderr unless the
command itself asked for ``--show-secrets``. A failing check puts the whole command output into the
assertion message (with the leaked values masked), so a CI log explains itself.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from emulators.portal import EmulatorControl
from scripts.sandbox.okta_apps import OktaApp
from scripts.sandbox.pulumi_cli import CommandResult, PulumiCli

__all__ = [
    "NS",
    "PORTAL_TYPE_MARKER",
    "REPO_ROOT",
    "STACK",
    "E2EStack",
    "copy_project",
    "leaked",
    "mask",
    "okta_path",
    "steps_by_name",
    "writes",
]

REPO_ROOT: Final = Path(__file__).resolve().parents[2]
NS: Final = "nordlayer-okta-sso"
STACK: Final = "e2e"
PORTAL_TYPE_MARKER: Final = "pulumi-python:dynamic"
_VIRTUALENV_LINE: Final = re.compile(r"(?m)^(\s*virtualenv:\s*)\S+\s*$")


def copy_project(dest: Path) -> Path:
    """``Pulumi.yaml`` (virtualenv made absolute), ``__main__.py`` and ``components/`` under ``dest``."""
    dest.mkdir(parents=True)
    text = (REPO_ROOT / "Pulumi.yaml").read_text(encoding="utf-8")
    rewritten, count = _VIRTUALENV_LINE.subn(lambda m: f"{m.group(1)}{REPO_ROOT / '.venv'}", text)
    assert count == 1, "Pulumi.yaml: expected exactly one `virtualenv:` line to point at the repo's .venv"
    (dest / "Pulumi.yaml").write_text(rewritten, encoding="utf-8")
    shutil.copy2(REPO_ROOT / "__main__.py", dest / "__main__.py")
    shutil.copytree(
        REPO_ROOT / "components", dest / "components", ignore=shutil.ignore_patterns("__pycache__")
    )
    (dest / "stacks").mkdir()
    return dest


def okta_path(org: str) -> str:
    """The path of an organization's Okta SSO method as the portal emulator logs it."""
    return f"/msp/v1/organizations/{org}/sso-methods/okta"


def writes(portal: EmulatorControl) -> list[str]:
    """``METHOD path`` of every PUT and DELETE the portal received since its log was cleared."""
    log = portal.requests()["log"]
    return [f"{e['method']} {e['path']}" for e in log if e["method"] in {"PUT", "DELETE"}]


def leaked(text: str, secrets: Mapping[str, str]) -> list[str]:
    """Names of the secrets whose plaintext occurs in ``text``."""
    return sorted(name for name, value in secrets.items() if value and value in text)


def mask(text: str, secrets: Mapping[str, str]) -> str:
    """``text`` with each secret replaced by its name, so a report can be shown without leaking more."""
    for name, value in secrets.items():
        if value:
            text = text.replace(value, f"<secret: {name}>")
    return text


@dataclass
class E2EStack:
    """Stack ``e2e`` of one project copy, with its own file backend; see the module docstring."""

    cli: PulumiCli
    apps: dict[str, OktaApp] = field(default_factory=dict)
    secrets: dict[str, str] = field(default_factory=dict)
    history: list[CommandResult] = field(default_factory=list)

    @property
    def project(self) -> Path:
        return self.cli.cwd

    @property
    def stack_file(self) -> Path:
        return self.project / "stacks" / f"Pulumi.{STACK}.yaml"

    def run(self, *args: str, ok: bool | None = True) -> CommandResult:
        """``pulumi <args> --stack e2e``; ``ok`` True/False asserts the outcome, None accepts either."""
        result = self.cli.run([*args, "--stack", STACK, "--color", "never"], check=False)
        self.history.append(result)
        if "--show-secrets" not in args:
            found = leaked(result.output, self.secrets)
            assert not found, (
                f"plaintext secret(s) {found} in the output of:\n{mask(str(result), self.secrets)}"
            )
        if ok is not None:
            assert result.ok is ok, f"expected the command to {'succeed' if ok else 'fail'}:\n{result}"
        return result

    def transcript(self) -> str:
        """Every command run so far with its full output (secrets masked), for a failure report."""
        return "\n\n".join(mask(str(result), self.secrets) for result in self.history)

    # -- setup ------------------------------------------------------------------------------------

    def init(self) -> None:
        self.run("stack", "init", "--secrets-provider", "passphrase")

    def configure(self, plain: Mapping[str, str], secret: Mapping[str, str] | None = None) -> None:
        """``pulumi config set-all --path``: one CLI call for any number of (nested) keys."""
        args = ["config", "set-all", "--path"]
        for key, value in plain.items():
            args += ["--plaintext", f"{key}={value}"]
        for key, value in (secret or {}).items():
            args += ["--secret", f"{key}={value}"]
        self.run(*args)

    def remove_config(self, key: str) -> None:
        self.run("config", "rm", "--path", key)

    # -- engine commands --------------------------------------------------------------------------

    def up(self, *flags: str, ok: bool | None = True) -> CommandResult:
        return self.run("up", "--yes", "--skip-preview", *flags, ok=ok)

    def preview(self, *flags: str, ok: bool | None = True) -> CommandResult:
        return self.run("preview", *flags, ok=ok)

    def preview_json(self) -> dict[str, Any]:
        result = self.preview("--json")
        document: dict[str, Any] = result.json()
        return document

    def refresh(self, *flags: str) -> CommandResult:
        return self.run("refresh", "--yes", "--skip-preview", *flags)

    def destroy(self, *flags: str) -> CommandResult:
        return self.run("destroy", "--yes", "--skip-preview", *flags)

    # -- state ------------------------------------------------------------------------------------

    def export(self, *, show_secrets: bool = False) -> dict[str, Any]:
        result = self.run("stack", "export", *(["--show-secrets"] if show_secrets else []))
        document: dict[str, Any] = result.json()
        return document

    def portal_resources(self) -> dict[str, dict[str, Any]]:
        """Portal settings resources in state, by partner identifier."""
        resources = self.export()["deployment"].get("resources") or []
        found: dict[str, dict[str, Any]] = {}
        for resource in resources:
            if resource["type"].startswith(PORTAL_TYPE_MARKER):
                identifier = resource["outputs"]["partner_identifier"]
                assert identifier not in found, f"two portal resources for {identifier!r} in state"
                found[identifier] = resource
        return found

    def outputs(self) -> dict[str, Any]:
        document: dict[str, Any] = self.run("stack", "output", "--json").json()
        return document


def steps_by_name(preview: Mapping[str, Any]) -> dict[str, str]:
    """``{resource name: op}`` of a ``pulumi preview --json`` document (unchanged ones are not listed)."""
    return {step["urn"].rsplit("::", 1)[-1]: step["op"] for step in preview.get("steps", [])}
