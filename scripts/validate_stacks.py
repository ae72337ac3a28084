"""Check every stack file in ``stacks/`` against the config model, without Pulumi or any secret.

Runs in CI and before the sandbox, so a typo in a stack file is caught by a pull request's checks
rather than by the first ``pulumi up`` after merge.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import yaml

from components.config import CONFIG_NAMESPACE, load_stack_config
from components.errors import ConfigError

__all__ = ["main", "validate_stack_file"]

_PREFIX = f"{CONFIG_NAMESPACE}:"
ENCRYPTED_PLACEHOLDER = "encrypted-value"


def validate_stack_file(path: Path) -> list[str]:
    """Problems of one stack file; empty when it is valid. Encrypted values count as present."""
    document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    config = document.get("config") if isinstance(document, dict) else None
    if not isinstance(config, dict):
        return ["config: missing (a stack file needs a 'config:' mapping)"]
    raw = {
        key.removeprefix(_PREFIX): _without_ciphertext(value)
        for key, value in config.items()
        if isinstance(key, str) and key.startswith(_PREFIX)
    }
    try:
        load_stack_config(raw, env={})
    except ConfigError as err:
        return err.problems
    return []


def _without_ciphertext(value: Any) -> Any:
    """Replace every ``{secure: ...}`` leaf (top level or nested by ``--path``) with a placeholder."""
    if isinstance(value, dict):
        if set(value) == {"secure"}:
            return ENCRYPTED_PLACEHOLDER
        return {k: _without_ciphertext(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_ciphertext(v) for v in value]
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("stack_dir", nargs="?", default="stacks", type=Path)
    args = parser.parse_args(argv)
    files = sorted(args.stack_dir.glob("Pulumi.*.yaml"))
    if not files:
        print(f"no stack files in {args.stack_dir}", file=sys.stderr)
        return 1
    failed = 0
    for path in files:
        problems = validate_stack_file(path)
        status = "ok" if not problems else f"{len(problems)} problem(s)"
        print(f"{path}: {status}")
        for problem in problems:
            print(f"  - {problem}")
        failed += bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
