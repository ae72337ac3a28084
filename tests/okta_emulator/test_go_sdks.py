"""The emulator against Okta's own Go SDKs, wired as the okta plugin wires them behind ``httpProxy``.

``go_sdk_check/`` is a small Go program on okta-sdk-golang v2 and v5; this test builds it (the first
build fetches the SDKs from the Go module proxy and takes a minute; later builds hit Go's cache) and
runs it against a fresh emulator. Skipped only where there is no Go toolchain.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from emulators.okta import EmulatorSettings
from tests.okta_emulator.factories import API_TOKEN, StartEmulator

CHECK_DIR = Path(__file__).parent / "go_sdk_check"
BUILD_TIMEOUT_S = 240
RUN_TIMEOUT_S = 60


def _go() -> str | None:
    return shutil.which("go") or next((p for p in ("/usr/local/go/bin/go",) if Path(p).exists()), None)


def test_go_sdks_accept_the_emulator(tmp_path: Path, start_emulator: StartEmulator) -> None:
    go = _go()
    if go is None:
        pytest.skip("no Go toolchain on this machine")
    binary = tmp_path / "gosdkcheck"
    env = {**os.environ, "CGO_ENABLED": "0", "GOFLAGS": "-mod=readonly -buildvcs=false"}
    build = subprocess.run(
        [go, "build", "-o", str(binary), "."],
        cwd=CHECK_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT_S,
        check=False,
    )
    assert build.returncode == 0, build.stderr

    server, state = start_emulator(
        EmulatorSettings(
            api_token=API_TOKEN,
            seed_groups=("Engineering", "Engineering Managers", "Support"),
        )
    )
    run = subprocess.run(
        [str(binary)],
        env={**env, "EMU_PORT": str(server.port), "EMU_TOKEN": API_TOKEN},
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.strip().endswith("OK")

    requests = state.log.entries()
    assert all(entry.absolute_form for entry in requests)  # every call came proxy-style
    assert {entry.key for entry in requests if entry.status >= 400} == {
        "GET /api/v1/users/me",  # the injected 429s
        "DELETE /api/v1/apps/{app_id}",  # refused while ACTIVE
        "GET /api/v1/apps/{app_id}",  # the 404 after delete
    }
