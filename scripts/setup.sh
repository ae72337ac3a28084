#!/usr/bin/env bash
# Create .venv (Python 3.11) with the pinned requirements; re-installs only when a requirements file changed.
# Usage: scripts/setup.sh [--dev]   (--dev adds the test and lint tools)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

want="requirements.txt"
[[ "${1:-}" == "--dev" ]] && want="requirements-dev.txt"

python_bin=""
for candidate in python3.11 python3; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
    python_bin="$(command -v "$candidate")"
    break
  fi
done
if [[ -z "$python_bin" ]]; then
  echo "setup: Python 3.11 is required (python3.11 or python3 on PATH)" >&2
  exit 1
fi

if [[ ! -x .venv/bin/python ]]; then
  echo "setup: creating .venv with $python_bin"
  "$python_bin" -m venv .venv
fi

stamp=".venv/.installed-$(basename "$want" .txt)"
dev_stamp=".venv/.installed-requirements-dev"
digest="$(cat requirements.txt requirements-dev.txt constraints.txt | sha256sum | cut -d' ' -f1)"
# The dev set includes the runtime set, so a current dev install satisfies either request.
for done_stamp in "$stamp" "$dev_stamp"; do
  if [[ -f "$done_stamp" && "$(cat "$done_stamp")" == "$digest" ]]; then
    echo "setup: .venv is up to date ($want)"
    exit 0
  fi
done
echo "setup: installing $want into .venv"
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$want" -c constraints.txt
echo "$digest" > "$stamp"
