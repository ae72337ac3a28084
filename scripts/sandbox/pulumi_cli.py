"""The real ``pulumi`` CLI, run hermetically: our toolchain, one PULUMI_HOME, a file backend, a passphrase.

Shared by the sandbox and the end-to-end tests, so both drive the engine exactly the same way and a
run never depends on the caller's shell: variables that would pick another backend, another secrets
provider or other portal/Okta credentials are dropped, and automatic plugin downloads are off (the
okta plugin cannot be fetched here, and trying costs ~2.5 s of retries per command for nothing).
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, TextIO

__all__ = [
    "BUILD_HINT",
    "DEFAULT_PULUMI_HOME",
    "REPO_ROOT",
    "REQUIRED_TOOLS",
    "TOOLS_BIN",
    "CommandResult",
    "PulumiCli",
    "PulumiError",
    "missing_tools",
]

REPO_ROOT: Final = Path(__file__).resolve().parents[2]
TOOLS_BIN: Final = REPO_ROOT / ".tools" / "bin"
DEFAULT_PULUMI_HOME: Final = REPO_ROOT / ".tools" / "pulumi-home"
REQUIRED_TOOLS: Final = (
    "pulumi",
    "pulumi-language-python",
    "pulumi-language-python-exec",
    "pulumi-resource-pulumi-python",
)
BUILD_HINT: Final = "run `bash scripts/build_toolchain.sh` (it builds the Pulumi toolchain into .tools/bin)"
DEFAULT_TIMEOUT_S: Final = 300.0
# Inherited variables that would make a run depend on the caller's shell.
_DROPPED_PREFIXES: Final = ("PULUMI_", "NORDLAYER_", "OKTA_")
_DROPPED_NAMES: Final = frozenset({"PYTHONPATH", "VIRTUAL_ENV"})


def missing_tools(bin_dir: Path = TOOLS_BIN) -> list[str]:
    """Names of the toolchain executables that are not in ``bin_dir``."""
    return [name for name in REQUIRED_TOOLS if not os.access(bin_dir / name, os.X_OK)]


@dataclass(frozen=True)
class CommandResult:
    """One finished command; ``str()`` renders all of it, so an assertion message explains itself."""

    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str
    seconds: float

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def json(self) -> Any:
        """stdout parsed as JSON (for ``--json`` commands)."""
        return json.loads(self.stdout)

    def __str__(self) -> str:
        return (
            f"$ {' '.join(self.args)}  (exit {self.returncode}, {self.seconds:.1f} s)\n"
            f"--- stdout ---\n{self.stdout.rstrip()}\n--- stderr ---\n{self.stderr.rstrip()}\n--- end ---"
        )


class PulumiError(RuntimeError):
    """A pulumi command exited non-zero; carries the whole :class:`CommandResult`."""

    def __init__(self, result: CommandResult) -> None:
        self.result = result
        super().__init__(f"`{' '.join(result.args[:3])} ...` failed with exit code {result.returncode}")


@dataclass(frozen=True)
class PulumiCli:
    """Runs ``pulumi`` in ``cwd`` (a project directory) against a file backend in ``backend_dir``."""

    cwd: Path
    backend_dir: Path
    passphrase: str
    pulumi_home: Path = DEFAULT_PULUMI_HOME
    bin_dir: Path = TOOLS_BIN
    extra_env: Mapping[str, str] = field(default_factory=dict)

    def env(self) -> dict[str, str]:
        """The full environment of every run: the caller's, minus anything that would redirect it."""
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(_DROPPED_PREFIXES) and key not in _DROPPED_NAMES
        }
        env.update(
            PATH=f"{self.bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
            PULUMI_HOME=str(self.pulumi_home),
            PULUMI_BACKEND_URL=self.backend_dir.as_uri(),
            PULUMI_CONFIG_PASSPHRASE=self.passphrase,
            PULUMI_SKIP_UPDATE_CHECK="true",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION="true",
        )
        env.update(self.extra_env)
        return env

    def run(
        self,
        args: Sequence[str],
        *,
        check: bool = True,
        echo: TextIO | None = None,
        timeout: float = DEFAULT_TIMEOUT_S,
    ) -> CommandResult:
        """Run ``pulumi <args>``; with ``echo``, output is copied there line by line as it arrives.

        When echoing, stderr is merged into stdout so the lines keep their order on screen.
        """
        self.backend_dir.mkdir(parents=True, exist_ok=True)
        self.pulumi_home.mkdir(parents=True, exist_ok=True)
        command = (str(self.bin_dir / "pulumi"), *args)
        started = time.monotonic()
        if echo is None:
            done = subprocess.run(  # noqa: S603 - our own binary, arguments from our code
                command,
                cwd=self.cwd,
                env=self.env(),
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
                stdin=subprocess.DEVNULL,
            )
            stdout, stderr, code = done.stdout, done.stderr, done.returncode
        else:
            stdout, code = _run_echoing(command, self.cwd, self.env(), echo, timeout)
            stderr = ""
        result = CommandResult(("pulumi", *args), code, stdout, stderr, time.monotonic() - started)
        if check and code != 0:
            raise PulumiError(result)
        return result


def _run_echoing(
    command: Sequence[str], cwd: Path, env: Mapping[str, str], echo: TextIO, timeout: float
) -> tuple[str, int]:
    lines: list[str] = []
    with subprocess.Popen(  # noqa: S603 - our own binary, arguments from our code
        command,
        cwd=cwd,
        env=dict(env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        stdin=subprocess.DEVNULL,
    ) as process:
        # A watchdog, not a check per line: a command that hangs silently must be stopped too.
        expired = threading.Event()

        def stop() -> None:
            expired.set()
            process.kill()

        watchdog = threading.Timer(timeout, stop)
        watchdog.start()
        try:
            assert process.stdout is not None
            for line in process.stdout:
                lines.append(line)
                echo.write(f"    {line}")
                echo.flush()
            code = process.wait()
        finally:
            watchdog.cancel()
    if expired.is_set():
        lines.append(f"(stopped: no result after {timeout:.0f} s)\n")
    return "".join(lines), code
