#!/usr/bin/env bash
# The local sandbox: deploys stack `sandbox` (stacks/Pulumi.sandbox.yaml) with the real Pulumi engine
# against the portal emulator (127.0.0.1:18080) and the Okta emulator (127.0.0.1:18081), then shows
# what the portal holds. Safe to run again; a re-run with nothing changed must change nothing.
#
#   bash scripts/sandbox.sh          # state in .sandbox/ (git-ignored); `rm -rf .sandbox` starts over
#
# Sandbox-only secrets: the stack's passphrase is "sandbox" (public on purpose) and guards nothing but
# emulator credentials. The logic lives in scripts/sandbox/ (python -m scripts.sandbox).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

echo "==> [1/10] set up .venv (scripts/setup.sh)"
started="${EPOCHREALTIME:-$(date +%s.%N)}"
bash scripts/setup.sh
setup_seconds="$(awk -v a="$started" -v b="${EPOCHREALTIME:-$(date +%s.%N)}" 'BEGIN { printf "%.2f", b - a }')"

exec .venv/bin/python -m scripts.sandbox --setup-seconds "$setup_seconds" "$@"
