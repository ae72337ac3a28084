"""When to try a portal call again, and how long to wait: the retry policy in one small module.

Every call the client makes (GET, PUT, DELETE) is idempotent - PUT replaces the whole Okta method,
DELETE of an already deleted method is a 404 the caller treats as done - so every call may be retried.

Retried: 429 (waiting ``Retry-After`` seconds when sent), 500, 502, 503, 504, and transport failures the
transport layer marks retryable (connect errors, timeouts, resets, the server closing without an answer).
500 is retried on purpose: for an idempotent request a repeat costs nothing, and a portal behind a load
balancer answers 500 for passing faults (a dead backend) as often as for lasting ones; the budget keeps a
lasting 500 from stalling a deployment. Not retried: every other 4xx, and bodies we cannot parse.

Waiting uses exponential backoff with full jitter (a uniform draw in ``[0, min(max_delay, base * 2**n))``),
bounded by ``max_attempts`` and by ``total_timeout`` seconds for the whole call. A wait that would end
past the budget is not started: the call fails at once with the last error, since sleeping to the end
of the budget and trying with no time left cannot succeed (this applies to ``Retry-After`` too).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Final

__all__ = [
    "DEFAULT_RETRY_POLICY",
    "RETRYABLE_STATUSES",
    "RetryPolicy",
    "parse_retry_after",
]

RETRYABLE_STATUSES: Final = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    """Bounds of the retry loop; a frozen value so one policy can be shared by many clients."""

    max_attempts: int = 5
    total_timeout: float = 60.0
    base_delay: float = 0.5
    max_delay: float = 8.0

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if self.total_timeout <= 0 or self.base_delay < 0 or self.max_delay < 0:
            raise ValueError("total_timeout must be positive and delays not negative")

    def backoff(self, retry_number: int, rng: random.Random) -> float:
        """Full-jitter delay before retry ``retry_number`` (1 for the first retry)."""
        ceiling = min(self.max_delay, self.base_delay * 2 ** (retry_number - 1))
        return rng.uniform(0.0, ceiling)

    def delay_before_retry(
        self,
        *,
        attempts_made: int,
        retryable: bool,
        retry_after: float | None,
        remaining: float,
        rng: random.Random,
    ) -> float | None:
        """Seconds to wait before the next attempt, or ``None`` to give up now.

        ``remaining`` is what is left of ``total_timeout``; ``retry_after`` is the server's hint.
        """
        if not retryable or attempts_made >= self.max_attempts:
            return None
        delay = retry_after if retry_after is not None else self.backoff(attempts_made, rng)
        if delay >= remaining:
            return None
        return delay


DEFAULT_RETRY_POLICY: Final = RetryPolicy()


def parse_retry_after(value: str | None) -> float | None:
    """``Retry-After`` as seconds (the contract sends delta-seconds); ``None`` if absent or unusable."""
    if value is None:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        return None
    if not math.isfinite(seconds):
        return None
    return max(seconds, 0.0)
