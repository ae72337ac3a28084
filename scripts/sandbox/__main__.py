"""``python -m scripts.sandbox`` (run by ``scripts/sandbox.sh``): the whole stack against local emulators.

Phases: toolchain, stack-file validation, stack selection, emulators up and seeded, ``pulumi up``, a
``pulumi preview --expect-no-changes``, the portal's contents, emulators down; each phase is timed.
Safe to run again: state lives in ``.sandbox/``; when nothing that could change the outcome changed
since the last successful run (code, stack file, seeds), ``pulumi up`` runs with
``--expect-no-changes``, so "a second run changes nothing" is asserted by the engine itself.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
from contextlib import ExitStack
from datetime import UTC, datetime

import httpx

from emulators.portal import EmulatorControl
from scripts.sandbox.errors import SandboxError
from scripts.sandbox.okta_apps import OktaAdmin
from scripts.sandbox.processes import EmulatorProcess
from scripts.sandbox.pulumi_cli import REPO_ROOT, PulumiCli, PulumiError
from scripts.sandbox.report import report_portal
from scripts.sandbox.seed import seed_okta, seed_portal
from scripts.sandbox.settings import (
    BACKEND_DIR,
    LAST_RUN_FILE,
    OKTA_PORT,
    OKTA_STATE,
    PASSPHRASE,
    PORTAL_PORT,
    PORTAL_STATE,
    SANDBOX_DIR,
    STACK,
    fingerprint_inputs,
)
from scripts.sandbox.stack_config import SandboxConfig, read_sandbox_config
from scripts.sandbox.timing import PhaseTimer

__all__ = ["main"]

PHASES = 10


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--setup-seconds", type=float, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    timer = PhaseTimer(PHASES)
    if args.setup_seconds is not None:
        timer.record("set up .venv (scripts/setup.sh)", args.setup_seconds)
    try:
        _run(timer)
    except (SandboxError, PulumiError, httpx.HTTPError) as err:
        if isinstance(err, PulumiError):
            print(_indent(err.result.stderr), file=sys.stderr)
        print(f"\nsandbox: FAILED: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nsandbox: interrupted", file=sys.stderr)
        return 130
    finally:
        print(timer.summary())
    print("\nsandbox: ok")
    return 0


def _run(timer: PhaseTimer) -> None:
    SANDBOX_DIR.mkdir(exist_ok=True)
    cli = PulumiCli(cwd=REPO_ROOT, backend_dir=BACKEND_DIR, passphrase=PASSPHRASE)
    with timer.phase("build the toolchain", "scripts/build_toolchain.sh"):
        _build_toolchain()
    with timer.phase("validate stack files", "python -m scripts.validate_stacks"):
        _validate_stacks()
    with timer.phase("select the stack", f"{STACK!r}, backend {BACKEND_DIR}, passphrase {PASSPHRASE!r}"):
        cli.run(["stack", "select", "--create", STACK, "--secrets-provider", "passphrase"])
        config = read_sandbox_config(cli)
        print(
            f"    {len(config.organizations)} organization(s): "
            + ", ".join(o.partner_identifier for o in config.organizations)
        )
    # Taken before the emulators start: their state files are part of what the last run left behind.
    unchanged_since_last_run = _last_fingerprint() == _fingerprint() and _stack_has_state()
    portal, okta = _emulators(config)
    with ExitStack() as running:
        running.callback(_stop, timer, portal, okta)
        with timer.phase("start the emulators", f"portal :{PORTAL_PORT}, Okta :{OKTA_PORT}"):
            for emulator in (portal, okta):
                emulator.start(REPO_ROOT)
                log = emulator.log_file.relative_to(REPO_ROOT)
                print(f"    {emulator.name}: {emulator.url} (pid {emulator.pid}, log {log})")
        with timer.phase("seed the emulators"):
            added = _seed(config, portal, okta)
            print("    added: " + ", ".join(added) if added else "    nothing to add: already seeded")
        strict = unchanged_since_last_run and not added
        with timer.phase(
            "pulumi up", "--expect-no-changes: nothing changed since the last run" if strict else ""
        ):
            up = ["up", "--yes", "--refresh", "--stack", STACK, *(["--expect-no-changes"] if strict else [])]
            _pulumi_step(cli, up, "a re-run with unchanged inputs must change nothing" if strict else "")
        with timer.phase("pulumi preview", "--expect-no-changes: the stack has converged"):
            preview = ["preview", "--expect-no-changes", "--stack", STACK]
            _pulumi_step(cli, preview, "right after `pulumi up`, a preview must plan no change")
        with timer.phase("show the portal", "what it holds now, read through its API"):
            report_portal(config)
    _remember_run()  # after the emulators stopped: their state files are final


def _stack_has_state() -> bool:
    """Whether the file backend holds the stack's state (a deleted backend makes the next up create)."""
    return any((BACKEND_DIR / ".pulumi" / "stacks").glob(f"**/{STACK}.json"))


def _remember_run() -> None:
    """Fingerprint of code, stack file and the stopped emulators' state, for the next run to compare."""
    LAST_RUN_FILE.write_text(
        json.dumps({"fingerprint": _fingerprint(), "finished": datetime.now(UTC).isoformat()}, indent=2)
        + "\n",
        encoding="utf-8",
    )


def _pulumi_step(cli: PulumiCli, args: list[str], expectation: str) -> None:
    """Run with live output; a failure names the broken expectation (the output is already shown)."""
    try:
        cli.run(args, echo=sys.stdout)
    except PulumiError as err:
        what = f"`pulumi {' '.join(args)}` exited with code {err.result.returncode} (output above)"
        raise SandboxError(f"{what}: {expectation}" if expectation else what) from err


def _build_toolchain() -> None:
    done = _capture(["bash", str(REPO_ROOT / "scripts" / "build_toolchain.sh")])
    if done.returncode != 0:
        print(_indent(done.stdout + done.stderr))
        raise SandboxError(
            f"scripts/build_toolchain.sh failed with exit code {done.returncode} (output above)"
        )
    summary = done.stdout.split("==> toolchain ready", 1)[-1].split("Use it with:", 1)[0]
    print(_indent("toolchain ready" + summary.rstrip()))
    print("    (no okta plugin is fine here: every sandbox organization uses existingApp)")


def _validate_stacks() -> None:
    done = _capture([sys.executable, "-m", "scripts.validate_stacks"])
    print(_indent((done.stdout + done.stderr).rstrip()))
    if done.returncode != 0:
        raise SandboxError("a stack file is invalid (problems above)")


def _capture(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, check=False)  # noqa: S603


def _indent(text: str) -> str:
    return "\n".join(f"    {line.strip()}" for line in text.splitlines() if line.strip())


def _emulators(config: SandboxConfig) -> tuple[EmulatorProcess, EmulatorProcess]:
    portal = EmulatorProcess(
        "portal",
        "emulators.portal",
        PORTAL_PORT,
        ("--state-file", str(PORTAL_STATE), "--api-key", config.portal_api_key),
        SANDBOX_DIR,
    )
    okta = EmulatorProcess(
        "okta",
        "emulators.okta",
        OKTA_PORT,
        ("--state-file", str(OKTA_STATE), "--api-token", config.okta_api_token),
        SANDBOX_DIR,
    )
    return portal, okta


def _seed(config: SandboxConfig, portal: EmulatorProcess, okta: EmulatorProcess) -> list[str]:
    with EmulatorControl(portal.url) as control, OktaAdmin(okta.url, config.okta_api_token) as admin:
        return seed_portal(control, config.organizations) + seed_okta(admin, config.organizations)


def _stop(timer: PhaseTimer, *emulators: EmulatorProcess) -> None:
    with timer.phase("stop the emulators"):
        for emulator in emulators:
            emulator.stop()
        print(f"    state kept in {SANDBOX_DIR.relative_to(REPO_ROOT)}/ (delete it to start over)")


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for path in fingerprint_inputs():
        digest.update(str(path.relative_to(REPO_ROOT)).encode() + b"\0")
        digest.update(path.read_bytes() if path.exists() else b"(missing)")
    return digest.hexdigest()


def _last_fingerprint() -> str | None:
    try:
        recorded = json.loads(LAST_RUN_FILE.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None
    value = recorded.get("fingerprint") if isinstance(recorded, dict) else None
    return value if isinstance(value, str) else None


if __name__ == "__main__":
    sys.exit(main())
