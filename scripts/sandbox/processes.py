"""The sandbox's emulators as background processes on fixed loopback ports, always stopped again.

Fixed ports, because the committed stack file names them (``portalApiUrl``, ``okta:httpProxy``). A port
that is taken fails the run before anything starts, naming the pid a previous run recorded if there is
one. Each process logs to ``.sandbox/<name>.log``; the log is shown when the process does not come up.
"""

from __future__ import annotations

import errno
import os
import socket
import subprocess
import sys
import time
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import httpx

from scripts.sandbox.errors import SandboxError

__all__ = ["EmulatorProcess", "port_in_use"]

LOOPBACK: Final = "127.0.0.1"
READY_PATH: Final = "/_emulator/state"
STARTUP_TIMEOUT_S: Final = 20.0
STOP_TIMEOUT_S: Final = 5.0
_LOG_TAIL_LINES: Final = 30


def port_in_use(port: int, host: str = LOOPBACK) -> bool:
    """Whether binding ``host:port`` fails the way it would for the emulator (SO_REUSEADDR, like uvicorn)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return True
            raise
    return False


@dataclass
class EmulatorProcess:
    """``python -m <module> --port <port> <args>`` with its log and pid file under ``state_dir``."""

    name: str
    module: str
    port: int
    args: tuple[str, ...]
    state_dir: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    @property
    def pid(self) -> int | None:
        return None if self.process is None else self.process.pid

    @property
    def log_file(self) -> Path:
        return self.state_dir / f"{self.name}.log"

    @property
    def pid_file(self) -> Path:
        return self.state_dir / f"{self.name}.pid"

    def start(self, cwd: Path) -> None:
        """Start and wait until the control API answers; fails clearly if the port is taken."""
        if port_in_use(self.port):
            raise SandboxError(self._busy_message())
        command = [
            sys.executable,
            "-m",
            self.module,
            "--host",
            LOOPBACK,
            "--port",
            str(self.port),
            *self.args,
        ]
        with self.log_file.open("wb") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our interpreter and our module
                command, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
            )
        self.pid_file.write_text(f"{self.process.pid}\n", encoding="utf-8")
        self._wait_ready()

    def stop(self) -> None:
        """SIGTERM, then SIGKILL after a grace period; idempotent."""
        process, self.process = self.process, None
        if process is None:
            return
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(STOP_TIMEOUT_S)
        with suppress(FileNotFoundError):
            self.pid_file.unlink()

    def _wait_ready(self) -> None:
        assert self.process is not None
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SandboxError(
                    f"the {self.name} emulator exited with code {self.process.returncode} at startup; "
                    f"last lines of {self.log_file}:\n{self._log_tail()}"
                )
            with suppress(httpx.HTTPError):
                if (
                    httpx.get(self.url + READY_PATH, timeout=1.0, trust_env=False).status_code
                    == httpx.codes.OK
                ):
                    return
            time.sleep(0.1)
        self.stop()
        raise SandboxError(
            f"the {self.name} emulator did not answer on {self.url} within {STARTUP_TIMEOUT_S:.0f} s; "
            f"last lines of {self.log_file}:\n{self._log_tail()}"
        )

    def _busy_message(self) -> str:
        message = f"port {self.port} ({self.name} emulator) is already in use on {LOOPBACK}"
        recorded = self.pid_file.read_text(encoding="utf-8").strip() if self.pid_file.exists() else ""
        if recorded.isdigit() and _alive(int(recorded)):
            return (
                f"{message}: a previous sandbox run left its {self.name} emulator running as pid {recorded} "
                f"(see {self.pid_file}); stop it with `kill {recorded}` and run again"
            )
        return f"{message}: find the owner with `ss -ltnp 'sport = :{self.port}'`, stop it and run again"

    def _log_tail(self) -> str:
        if not self.log_file.exists():
            return "    (no log)"
        lines = self.log_file.read_text(encoding="utf-8", errors="replace").splitlines()[-_LOG_TAIL_LINES:]
        return "\n".join(f"    {line}" for line in lines) or "    (empty log)"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
