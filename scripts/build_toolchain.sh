#!/usr/bin/env bash
# Builds the Pulumi toolchain this project needs from published Go modules (no
# release downloads, no `pulumi plugin install` from the network), into
# <repo>/.tools/bin, and installs plugins into PULUMI_HOME
# (default <repo>/.tools/pulumi-home). Idempotent: builds only what is missing.
#
#   scripts/build_toolchain.sh            # build/install what is missing
#   FORCE=1 scripts/build_toolchain.sh    # rebuild everything of ours
#
# Steps:
#   1. pulumi CLI        github.com/pulumi/pulumi/pkg/v3/cmd/pulumi via toolchain/pulumi/go.mod
#                        (skipped when a `pulumi` is already on PATH).
#   2. Python host       pulumi-language-python from toolchain/python-langhost (see its main.go
#                        for why it is not the upstream module), plus the official
#                        pulumi-language-python-exec and pulumi-resource-pulumi-python scripts
#                        copied from the github.com/pulumi/pulumi/sdk/v3 module.
#   3. okta plugin       pulumi-resource-okta 6.2.3 via toolchain/okta, when its modules can be
#                        fetched (OKTA_PROVIDER_VERSION / OKTA_UPSTREAM_VERSION pseudo-versions);
#                        otherwise reported and skipped. TOOLCHAIN_REQUIRE_OKTA=1 makes that fatal.
#   4. plugin install    `pulumi plugin install resource okta 6.2.3 -f <binary>` into PULUMI_HOME.
#
# Environment knobs: FORCE=1, TOOLCHAIN_REQUIRE_OKTA=1, GO=/path/to/go, PULUMI_HOME,
# OKTA_PROVIDER_VERSION, OKTA_UPSTREAM_VERSION.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$SCRIPT_DIR/.." && pwd)"
TOOLS="$REPO/.tools"
BIN="$TOOLS/bin"
BUILD="$TOOLS/build"
export PULUMI_HOME="${PULUMI_HOME:-$TOOLS/pulumi-home}"
export PULUMI_SKIP_UPDATE_CHECK="${PULUMI_SKIP_UPDATE_CHECK:-true}"
FORCE="${FORCE:-0}"

OKTA_VERSION="6.2.3"
OKTA_PROVIDER_MODULE="github.com/pulumi/pulumi-okta/provider/v6"
OKTA_UPSTREAM_MODULE="github.com/okta/terraform-provider-okta"
OKTA_PROVIDER_VERSION="${OKTA_PROVIDER_VERSION:-}"
OKTA_UPSTREAM_VERSION="${OKTA_UPSTREAM_VERSION:-}"

# The Pulumi version is pinned once, in toolchain/pulumi/go.mod.
PULUMI_VERSION="$(awk '$1 == "github.com/pulumi/pulumi/pkg/v3" { sub(/^v/, "", $2); print $2; exit }' \
  "$REPO/toolchain/pulumi/go.mod")"
if [[ -z "$PULUMI_VERSION" ]]; then
  echo "error: could not read the github.com/pulumi/pulumi/pkg/v3 version from toolchain/pulumi/go.mod" >&2
  exit 1
fi

mkdir -p "$BIN" "$BUILD" "$PULUMI_HOME"

T_ALL=$(date +%s)
T_STEP=$T_ALL
step() { T_STEP=$(date +%s); echo; echo "==> $*"; }
note() { echo "    $*"; }
done_step() { note "done in $(( $(date +%s) - T_STEP ))s"; }
warn() { echo "    WARNING: $*" >&2; }

# --- Go -----------------------------------------------------------------------
GO_BIN=""
find_go() {
  if [[ -n "$GO_BIN" ]]; then return 0; fi
  if [[ -n "${GO:-}" ]]; then
    GO_BIN="$GO"
  elif command -v go >/dev/null 2>&1; then
    GO_BIN="$(command -v go)"
  elif [[ -x /usr/local/go/bin/go ]]; then
    GO_BIN=/usr/local/go/bin/go
  else
    echo "error: no Go toolchain found (set GO=/path/to/go)" >&2
    exit 1
  fi
  export CGO_ENABLED=0
  export GOFLAGS="-buildvcs=false${GOFLAGS:+ $GOFLAGS}"
  note "go: $GO_BIN ($("$GO_BIN" env GOVERSION)), GOMODCACHE=$("$GO_BIN" env GOMODCACHE), GOCACHE=$("$GO_BIN" env GOCACHE)"
}

# Directory of a module version in the module cache (downloads it if needed).
module_dir() {
  local json dir line
  json="$(cd "${TMPDIR:-/tmp}"; "$GO_BIN" mod download -json "$1" 2>&1)" || true
  dir="$(awk -F'"' '$2 == "Dir" { print $4 }' <<< "$json")"
  if [[ -z "$dir" || ! -d "$dir" ]]; then
    echo "error: could not download module $1; go mod download said:" >&2
    while IFS= read -r line; do echo "      $line" >&2; done <<< "$json"
    return 1
  fi
  printf '%s\n' "$dir"
}

size_of() { du -h "$1" | cut -f1; }

# Is $1 newer than every file passed after it? (make-style freshness check)
is_fresh() {
  local target="$1"; shift
  [[ "$FORCE" == "1" ]] && return 1
  [[ -e "$target" ]] || return 1
  local src
  for src in "$@"; do
    [[ "$src" -nt "$target" ]] && return 1
  done
  return 0
}

echo "Pulumi toolchain for $REPO"
echo "  bin:         $BIN"
echo "  PULUMI_HOME: $PULUMI_HOME"
echo "  pulumi:      v$PULUMI_VERSION   okta plugin: $OKTA_VERSION"

# --- 1. pulumi CLI --------------------------------------------------------------
step "[1/4] pulumi CLI"
PULUMI=""
if [[ "$FORCE" != "1" ]] && command -v pulumi >/dev/null 2>&1 \
   && [[ "$(command -v pulumi)" != "$BIN/pulumi" ]]; then
  PULUMI="$(command -v pulumi)"
  note "using the pulumi already on PATH: $PULUMI ($("$PULUMI" version 2>/dev/null || echo 'version unknown'))"
elif is_fresh "$BIN/pulumi" "$REPO/toolchain/pulumi/go.mod" "$REPO/toolchain/pulumi/go.sum" \
     && [[ "$("$BIN/pulumi" version 2>/dev/null || true)" == "v$PULUMI_VERSION" ]]; then
  PULUMI="$BIN/pulumi"
  note "up to date: $PULUMI (v$PULUMI_VERSION)"
else
  find_go
  note "building github.com/pulumi/pulumi/pkg/v3/cmd/pulumi v$PULUMI_VERSION (a cold build takes several minutes)"
  (
    cd "$REPO/toolchain/pulumi"
    "$GO_BIN" build -trimpath \
      -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION" \
      -o "$BIN/pulumi.tmp" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
  )
  mv -f "$BIN/pulumi.tmp" "$BIN/pulumi"
  PULUMI="$BIN/pulumi"
  note "built $PULUMI ($("$PULUMI" version), $(size_of "$PULUMI"))"
fi
PULUMI_DIR="$(dirname "$PULUMI")"
done_step

# --- 2. Python language host ------------------------------------------------------
step "[2/4] Python language host + dynamic provider host"
# A command the CLI will find: beside the pulumi binary, or on PATH (ours excluded, as
# ours is checked for freshness separately).
found_elsewhere() {
  local name="$1" p
  if [[ "$PULUMI_DIR" != "$BIN" && -x "$PULUMI_DIR/$name" ]]; then
    printf '%s\n' "$PULUMI_DIR/$name"; return 0
  fi
  p="$(command -v "$name" 2>/dev/null || true)"
  if [[ -n "$p" && "$p" != "$BIN/$name" ]]; then
    printf '%s\n' "$p"; return 0
  fi
  return 1
}

LANGHOST_SRC=("$REPO"/toolchain/python-langhost/*.go "$REPO/toolchain/python-langhost/go.mod"
              "$REPO/toolchain/python-langhost/go.sum")
SDK_DIR=""
sdk_dir() {
  if [[ -z "$SDK_DIR" ]]; then
    find_go
    SDK_DIR="$(module_dir "github.com/pulumi/pulumi/sdk/v3@v$PULUMI_VERSION")"
  fi
  printf '%s\n' "$SDK_DIR"
}

if [[ "$FORCE" != "1" ]] && existing="$(found_elsewhere pulumi-language-python)"; then
  note "using existing language host: $existing"
elif is_fresh "$BIN/pulumi-language-python" "${LANGHOST_SRC[@]}"; then
  note "up to date: $BIN/pulumi-language-python"
else
  find_go
  note "building toolchain/python-langhost -> $BIN/pulumi-language-python"
  (
    cd "$REPO/toolchain/python-langhost"
    "$GO_BIN" build -trimpath -ldflags "-s -w -X main.hostVersion=$PULUMI_VERSION-local" \
      -o "$BIN/pulumi-language-python.tmp" .
  )
  mv -f "$BIN/pulumi-language-python.tmp" "$BIN/pulumi-language-python"
  note "built ($(size_of "$BIN/pulumi-language-python"))"
fi

# Copies a script of the sdk/v3 module (python/<rel>) into $BIN unless already there for
# this Pulumi version.
copy_sdk_script() {
  local rel="$1" name
  name="$(basename "$rel")"
  if [[ "$FORCE" != "1" && -x "$BIN/$name" && -f "$BIN/.$name.v$PULUMI_VERSION" ]]; then
    note "up to date: $BIN/$name"
    return 0
  fi
  install -m 0755 "$(sdk_dir)/python/$rel" "$BIN/$name"
  rm -f "$BIN/.$name.v"*
  touch "$BIN/.$name.v$PULUMI_VERSION"
  note "copied $name from github.com/pulumi/pulumi/sdk/v3@v$PULUMI_VERSION"
}

# Our language host runs the official exec shim, which must sit beside it. An existing
# (upstream) language host brings its own.
if [[ -x "$BIN/pulumi-language-python" ]]; then
  copy_sdk_script cmd/pulumi-language-python-exec
fi
# Dynamic providers (pulumi.dynamic) run in the pulumi-resource-pulumi-python plugin.
if [[ "$FORCE" != "1" ]] && existing="$(found_elsewhere pulumi-resource-pulumi-python)"; then
  note "using existing dynamic provider host: $existing"
else
  copy_sdk_script dist/pulumi-resource-pulumi-python
fi
done_step

# --- 3. okta resource plugin --------------------------------------------------------
step "[3/4] okta resource plugin $OKTA_VERSION"
OKTA_PLUGIN_DIR="$PULUMI_HOME/plugins/resource-okta-v$OKTA_VERSION"
OKTA_BIN="$BIN/pulumi-resource-okta"
OKTA_STATUS="missing"
if [[ "$FORCE" != "1" && -x "$OKTA_PLUGIN_DIR/pulumi-resource-okta" ]]; then
  OKTA_STATUS="installed"
  note "already installed in PULUMI_HOME: $OKTA_PLUGIN_DIR"
elif [[ "$FORCE" != "1" && -x "$OKTA_BIN" ]]; then
  OKTA_STATUS="built"
  note "already built: $OKTA_BIN"
elif [[ -n "$OKTA_PROVIDER_VERSION" && -n "$OKTA_UPSTREAM_VERSION" ]]; then
  find_go
  okta_build="$BUILD/okta"
  rm -rf "$okta_build"
  mkdir -p "$okta_build"
  sed -e "s|@OKTA_PROVIDER_VERSION@|$OKTA_PROVIDER_VERSION|" \
      -e "s|@OKTA_UPSTREAM_VERSION@|$OKTA_UPSTREAM_VERSION|" \
      "$REPO/toolchain/okta/go.mod.in" > "$okta_build/go.mod"
  cp "$REPO/toolchain/okta/main.go" "$okta_build/main.go"
  note "fetching $OKTA_PROVIDER_MODULE@$OKTA_PROVIDER_VERSION"
  if provider_dir="$(module_dir "$OKTA_PROVIDER_MODULE@$OKTA_PROVIDER_VERSION")"; then
    # The committed schema.json has no version; the bridge wants the plugin's version in it.
    python3 - "$provider_dir/cmd/pulumi-resource-okta/schema.json" "$okta_build/schema-embed.json" \
      "$OKTA_VERSION" <<'PY'
import json, sys
src, dst, version = sys.argv[1:]
with open(src) as f:
    schema = json.load(f)
schema["version"] = version
with open(dst, "w") as f:
    json.dump(schema, f)
PY
    note "go mod tidy + build (terraform bridge: expect a long cold build)"
    if (
      cd "$okta_build"
      "$GO_BIN" mod tidy
      "$GO_BIN" build -trimpath -ldflags "-s -w \
        -X github.com/pulumi/pulumi-okta/provider/v6/pkg/version.Version=$OKTA_VERSION \
        -X main.providerVersion=$OKTA_VERSION" -o "$OKTA_BIN.tmp" .
    ); then
      mv -f "$OKTA_BIN.tmp" "$OKTA_BIN"
      OKTA_STATUS="built"
      note "built $OKTA_BIN ($(size_of "$OKTA_BIN"))"
    else
      warn "building the okta plugin failed (output above)"
    fi
  else
    warn "the module proxy did not serve $OKTA_PROVIDER_MODULE@$OKTA_PROVIDER_VERSION"
  fi
else
  find_go
  note "no okta plugin binary and no OKTA_PROVIDER_VERSION / OKTA_UPSTREAM_VERSION given."
  note "$OKTA_PROVIDER_MODULE has no tags; the $OKTA_VERSION plugin needs the pseudo-versions of"
  note "pulumi-okta's v$OKTA_VERSION commit and of its upstream submodule commit ($OKTA_UPSTREAM_MODULE)."
  note "What the module proxy says about them now:"
  for m in "$OKTA_PROVIDER_MODULE" "$OKTA_UPSTREAM_MODULE"; do
    out="$(cd "${TMPDIR:-/tmp}"; "$GO_BIN" list -m -versions "$m" 2>&1)" || true
    note "  go list -m -versions $m:"
    while IFS= read -r line; do note "    $line"; done <<< "$out"
  done
  warn "okta plugin not built; resources from pulumi_okta cannot be previewed or deployed."
fi
done_step

# --- 4. install the okta plugin into PULUMI_HOME ---------------------------------------
step "[4/4] pulumi plugin install resource okta $OKTA_VERSION"
if [[ "$OKTA_STATUS" == "installed" ]]; then
  note "already installed"
elif [[ "$OKTA_STATUS" == "built" ]]; then
  "$PULUMI" plugin install resource okta "$OKTA_VERSION" -f "$OKTA_BIN" --reinstall
  OKTA_STATUS="installed"
else
  note "skipped: no okta plugin binary"
fi
done_step

# --- summary ------------------------------------------------------------------------------
echo
echo "==> toolchain ready in $(( $(date +%s) - T_ALL ))s"
echo "    pulumi:           $PULUMI ($("$PULUMI" version 2>/dev/null || echo '?'))"
echo "    language host:    $(found_elsewhere pulumi-language-python || echo "$BIN/pulumi-language-python")"
echo "    okta plugin:      $OKTA_STATUS"
echo
echo "Use it with:"
echo "export PATH=\"$BIN:\$PATH\""
echo "export PULUMI_HOME=\"$PULUMI_HOME\""
echo "export PULUMI_SKIP_UPDATE_CHECK=true"
echo "export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true   # no download site answers here"

if [[ "$OKTA_STATUS" != "installed" && "${TOOLCHAIN_REQUIRE_OKTA:-0}" == "1" ]]; then
  echo "error: TOOLCHAIN_REQUIRE_OKTA=1 and the okta plugin is not installed" >&2
  exit 1
fi
