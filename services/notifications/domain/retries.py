"""When a failed send is tried again: exponential backoff with jitter, bounded in attempts.

Jitter spreads the retries of many messages that failed together (the mail server was down
for everyone) so they do not all come back at the same second when it returns."""

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int  # tries in all, the first included
    first_delay: float  # seconds before the second try
    longest_delay: float  # the backoff stops growing here

    def gives_up_after(self, attempts_made: int) -> bool:
        return attempts_made >= self.attempts

    def delay(self, attempts_made: int, draw: Callable[[], float] = random.random) -> float:
        """Seconds to wait after the `attempts_made`th failure: doubling from `first_delay`,
        capped, then drawn in its upper half ("equal jitter": never much sooner than the
        backoff says, never in lockstep with the others)."""
        backoff = min(self.longest_delay, self.first_delay * 2 ** max(0, attempts_made - 1))
        return backoff / 2 + draw() * backoff / 2

    def next_attempt_at(self, now: datetime, attempts_made: int,
                        draw: Callable[[], float] = random.random) -> datetime:
        return now + timedelta(seconds=self.delay(attempts_made, draw))
