"""Rate limits on public writes, per client address (the rules; no I/O).

A route declares the policy it falls under:

    @route("POST", "/v1/organizations", policy=Policy.PUBLIC, rate_limit=RateLimit.APPLICATIONS)

Each policy allows so many requests per window from one address (`RATE_LIMIT_<POLICY>`, e.g.
"10/hour"; "off" lifts it). Windows are fixed (aligned on the epoch), so a client may spend its
whole allowance in one burst, and at most twice it across a window boundary. The count of the
current window is kept where every gateway replica sees it (rate_limit_counters.py): a limit
per process would multiply by the replica count.
"""

import enum
import math
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol

from services.gateway.errors import RateLimited
from shared.runtime.config import Settings


class RateLimit(enum.StrEnum):
    APPLICATIONS = "applications"  # organizations applying: strict, fake applications flood
    UNSUBSCRIBES = "unsubscribes"  # POST /v1/unsubscribe: strict
    ENROLLMENTS = "enrollments"  # a training centre enrolls a whole class from one address
    REGISTRATIONS = "registrations"  # conference registrations, as generous


UNIT_SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
_quota_format = re.compile(r"^\s*(\d+)\s*/\s*(\d+|second|minute|hour|day)\s*$")


@dataclass(frozen=True)
class Quota:
    requests: int
    window_seconds: int

    def __str__(self) -> str:
        named = {seconds: unit for unit, seconds in UNIT_SECONDS.items()}
        return f"{self.requests} per {named.get(self.window_seconds, f'{self.window_seconds} s')}"


def parse_quota(text: str) -> Quota | None:
    """"10/hour", "1000/minute", "5/30" (per 30 seconds) -> a Quota; "off" -> None (no limit)."""
    if text.strip().lower() == "off":
        return None
    match = _quota_format.match(text.lower())
    if match is None or int(match[1]) < 1 or match[2] == "0":
        raise ValueError(f"{text!r} is not a rate limit: write e.g. 10/hour, 1000/minute or off")
    window = match[2]
    return Quota(int(match[1]), UNIT_SECONDS[window] if window in UNIT_SECONDS else int(window))


def quotas_from(settings: Settings) -> dict[RateLimit, Quota | None]:
    """Every policy's quota, read from its RATE_LIMIT_<POLICY> setting (a typo stops the gateway
    at start, with the variable's name, rather than lifting a limit)."""
    quotas = {}
    for policy in RateLimit:
        try:
            quotas[policy] = parse_quota(getattr(settings, f"rate_limit_{policy}"))
        except ValueError as exc:
            raise ValueError(f"RATE_LIMIT_{policy.upper()}: {exc}") from None
    return quotas


class Counters(Protocol):
    def increment(self, key: str, expires_at: float) -> int:
        """Adds one to the counter `key` (created at 0, forgotten after `expires_at`, a unix
        time) and returns its new value, atomically across every gateway replica."""


class Limiter:
    def __init__(self, quotas: Mapping[RateLimit, Quota | None], counters: Counters,
                 clock: Callable[[], float] = time.time):
        self._quotas, self._counters, self._clock = quotas, counters, clock

    def admit(self, policy: RateLimit, address: str) -> None:
        """Counts one request of `policy` from `address`; RateLimited once over the quota."""
        quota = self._quotas[policy]
        if quota is None:
            return
        now = self._clock()
        window = int(now // quota.window_seconds)
        window_ends_at = (window + 1) * quota.window_seconds
        count = self._counters.increment(f"{policy}|{address}|{window}", window_ends_at)
        if count > quota.requests:
            wait = math.ceil(window_ends_at - now)
            raise RateLimited(
                f"too many {policy} from your address: at most {quota}; retry in {wait} s",
                retry_after_seconds=wait)
