"""Keeps the ledger claims of running handlers alive: a handler slower than the lease must
not see a redelivered copy of its event taken over and handled concurrently."""

import logging
import time

import eventlet

from shared.messaging.ledger import Hold, Ledger

log = logging.getLogger(__name__)


class Leases:
    def __init__(self, ledger: Ledger):
        self.ledger = ledger
        self.lease_seconds = ledger.lease.total_seconds()
        self.interval = self.lease_seconds / 3
        self.held: dict[Hold, float] = {}  # -> when its lease, as we last set it, runs out

    def hold(self, hold: Hold, claimed_at: float) -> None:
        """`claimed_at`: time.monotonic() taken before the claim was written."""
        self.held[hold] = claimed_at + self.lease_seconds

    def drop(self, *holds: Hold) -> None:
        for hold in holds:
            self.held.pop(hold, None)

    def unexpired(self, holds) -> set[Hold]:
        """Those whose lease surely still runs: nobody else can have taken them over (a
        margin of a third of the lease covers clocks that drift between processes)."""
        deadline = time.monotonic() + self.interval
        return {h for h in holds if self.held.get(h, 0) > deadline}

    def keep_renewing(self) -> None:
        """Runs for the life of the consumer (a managed thread: it must never raise)."""
        while True:
            eventlet.sleep(self.interval)
            self.renew()

    def renew(self) -> None:
        holds, renewed_at = list(self.held), time.monotonic()
        try:
            still_held = self.ledger.renew_many(holds)
        except Exception:  # the database blinked: the next round tries again
            log.warning("could not renew %d leases", len(holds), exc_info=True)
            return
        for hold in still_held:
            if hold in self.held:  # (its handler may have finished meanwhile)
                self.held[hold] = renewed_at + self.lease_seconds
        if len(still_held) < len(holds):
            log.warning("%d of %d leases were lost while their handlers ran",
                        len(holds) - len(still_held), len(holds))
