"""Numbered, timed phases and a closing table, so a slow sandbox run says where the time went."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

__all__ = ["PhaseTimer"]


@dataclass
class PhaseTimer:
    total_phases: int
    started: float = field(default_factory=time.monotonic)
    records: list[tuple[str, float, str]] = field(default_factory=list)
    external_seconds: float = 0.0

    def record(self, name: str, seconds: float, status: str = "ok") -> None:
        """A phase timed elsewhere (the venv setup runs in the bash wrapper)."""
        self.records.append((name, seconds, status))
        self.external_seconds += seconds

    @contextmanager
    def phase(self, name: str, detail: str = "") -> Iterator[None]:
        """Print ``name`` (and ``detail``, which stays out of the closing table), time the block."""
        number = len(self.records) + 1
        print(f"\n==> [{number}/{self.total_phases}] {name}{f' ({detail})' if detail else ''}", flush=True)
        started = time.monotonic()
        try:
            yield
        except BaseException:
            self.records.append((name, time.monotonic() - started, "FAILED"))
            raise
        seconds = time.monotonic() - started
        self.records.append((name, seconds, "ok"))
        print(f"    done in {seconds:.1f} s", flush=True)

    def summary(self) -> str:
        width = max([len(name) for name, _, _ in self.records] + [5])
        lines = ["", "Sandbox timings:"]
        lines += [f"  {name:<{width}}  {seconds:6.1f} s  {status}" for name, seconds, status in self.records]
        lines.append(
            f"  {'total':<{width}}  {time.monotonic() - self.started + self.external_seconds:6.1f} s"
        )
        return "\n".join(lines)
