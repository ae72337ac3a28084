"""Run an emulator's ASGI app on a loopback port, in a thread (tests) or in the foreground (CLI).

One place for "bind, start, wait until accepting, stop", so both emulators and every test fixture
start servers the same way and never race the first request against startup.
"""

from __future__ import annotations

import argparse
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import uvicorn
from fastapi import FastAPI

__all__ = ["RunningServer", "free_port", "run_cli", "serve_in_thread"]

STARTUP_TIMEOUT_S = 10.0
LOOPBACK = "127.0.0.1"


@dataclass(frozen=True)
class RunningServer:
    host: str
    port: int

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"


def free_port(host: str = LOOPBACK) -> int:
    """A port the OS just handed out; fine for tests, where a race with another binder is unlikely."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def _config(app: FastAPI, host: str, port: int) -> uvicorn.Config:
    return uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False, lifespan="off")


@contextmanager
def serve_in_thread(app: FastAPI, host: str = LOOPBACK, port: int = 0) -> Iterator[RunningServer]:
    """Serve ``app`` in a daemon thread until the ``with`` block ends."""
    server = uvicorn.Server(_config(app, host, port or free_port(host)))
    thread = threading.Thread(target=server.run, name="emulator", daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"emulator did not start on {host}:{server.config.port}")
        time.sleep(0.01)
    try:
        yield RunningServer(host, server.config.port)
    finally:
        server.should_exit = True
        thread.join(timeout=STARTUP_TIMEOUT_S)


def run_cli(
    description: str,
    build_app: Callable[[argparse.Namespace], FastAPI],
    add_arguments: Callable[[argparse.ArgumentParser], None] | None = None,
    argv: list[str] | None = None,
) -> None:
    """Parse ``--host/--port`` (plus the emulator's own flags) and serve in the foreground."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--host", default=LOOPBACK, help="interface to bind (default: loopback only)")
    parser.add_argument("--port", type=int, required=True, help="TCP port to listen on")
    if add_arguments is not None:
        add_arguments(parser)
    args = parser.parse_args(argv)
    uvicorn.Server(_config(build_app(args), args.host, args.port)).run()
