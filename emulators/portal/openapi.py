"""The OpenAPI document of the emulator, rendered byte-for-byte reproducibly.

``docs/portal-openapi.json`` is this text, committed; a test regenerates it and compares, so the
document cannot drift from the contract module the client and emulator share.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Final

from emulators.portal.app import create_app

__all__ = ["OPENAPI_PATH", "render_openapi"]

OPENAPI_PATH: Final = Path(__file__).resolve().parents[2] / "docs" / "portal-openapi.json"


def render_openapi() -> str:
    """Sorted keys, two-space indent, trailing newline: stable across runs and reviewable in diffs."""
    return json.dumps(create_app().openapi(), indent=2, sort_keys=True) + "\n"
