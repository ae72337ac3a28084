#!/usr/bin/env bash
# The project's test command (README, and .ci/run): installs what the tests need, then runs pytest.
# Extra arguments go to pytest, e.g. `scripts/test.sh tests/unit -q`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

bash scripts/setup.sh --dev
# The end-to-end tests drive the real pulumi engine; its first build from Go modules takes minutes,
# later runs reuse the binaries in .tools/ and the Go caches.
bash scripts/build_toolchain.sh
exec .venv/bin/python -m pytest "$@"
