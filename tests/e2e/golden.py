"""Golden files: CLI output a reviewer would read, with the parts that vary between runs normalised.

``UPDATE_GOLDEN=1 pytest tests/e2e`` rewrites the files instead of comparing; review the diff.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Final

__all__ = ["GOLDEN_DIR", "UPDATE_ENV", "assert_golden", "normalize", "sort_resource_blocks"]

GOLDEN_DIR: Final = Path(__file__).parent / "golden"
UPDATE_ENV: Final = "UPDATE_GOLDEN"
_VOLATILE: Final = (
    (re.compile(r"127\.0\.0\.1:\d+"), "127.0.0.1:<port>"),
    (re.compile(r"\(\d+(?:\.\d+)?m?s\)"), "(<duration>)"),
    (re.compile(r"Duration: \S+"), "Duration: <duration>"),
)


# A resource's first line in `pulumi preview --diff`: "    + nordlayer:sso:OktaPortalSso: (create)".
_BLOCK_HEADER: Final = re.compile(r"^(\s*)(?:[-+~]\s+)?\S+: \([\w-]+\)$")
_URN_LINE: Final = re.compile(r"^\s*\[urn=(.*)\]$")


def sort_resource_blocks(text: str) -> str:
    """Put the resource blocks of ``pulumi preview --diff`` in a fixed order: by depth, then URN.

    The engine prints each resource when its step is ready, and sibling registrations race, so two
    runs list the same blocks in different orders. Only the order changes, never a block's content.
    """
    lines = text.splitlines()
    blocks: list[list[str]] = []
    head: list[str] = []
    tail: list[str] = []
    for line in lines:
        if tail or line.strip() in {"--outputs:--", "Resources:"}:
            tail.append(line)
        elif _BLOCK_HEADER.match(line):
            blocks.append([line])
        elif blocks:
            blocks[-1].append(line)
        else:
            head.append(line)

    def key(block: list[str]) -> tuple[int, str]:
        header = _BLOCK_HEADER.match(block[0])
        urn = next((m.group(1) for m in map(_URN_LINE.match, block[1:]) if m), "")
        return (len(header.group(1)) if header else 0, urn)

    ordered = [line for block in sorted(blocks, key=key) for line in block]
    return "\n".join([*head, *ordered, *tail]) + "\n"


def normalize(text: str, literals: Mapping[str, str] | None = None) -> str:
    """Replace ``literals`` (temp paths and the like), ports and durations; drop progress lines."""
    for old, new in (literals or {}).items():
        text = text.replace(old, new)
    for pattern, replacement in _VOLATILE:
        text = pattern.sub(replacement, text)
    # "@ previewing update...." lines carry one dot per tick of a timer.
    lines = [line.rstrip() for line in text.splitlines() if not line.startswith("@ ")]
    return "\n".join(lines).strip() + "\n"


def assert_golden(name: str, actual: str) -> None:
    path = GOLDEN_DIR / name
    if os.environ.get(UPDATE_ENV) == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"{path} is missing; create it with {UPDATE_ENV}=1 and review it"
    expected = path.read_text(encoding="utf-8")
    diff = "".join(
        difflib.unified_diff(
            expected.splitlines(keepends=True), actual.splitlines(keepends=True), str(path), "actual"
        )
    )
    assert actual == expected, f"output differs from {path} (rerun with {UPDATE_ENV}=1 if intended):\n{diff}"
