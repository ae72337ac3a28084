"""The sandbox's one error: a step failed in a way its message fully explains, so no traceback is shown."""

from __future__ import annotations

__all__ = ["SandboxError"]


class SandboxError(RuntimeError):
    """A sandbox step failed; the message says what and what to do about it."""
