"""Keeps the ledger claims of running handlers alive: a handler slower than the lease must
not see a redelivered copy of its event taken over and handled concurrently."""

import logging

import eventlet

from shared.ledger import Hold, Ledger

log = logging.getLogger(__name__)


class Leases:
    def __init__(self, ledger: Ledger):
        self.ledger = ledger
        self.held: set[Hold] = set()
        self.interval = ledger.lease.total_seconds() / 3

    def hold(self, hold: Hold) -> None:
        self.held.add(hold)

    def drop(self, *holds: Hold) -> None:
        self.held.difference_update(holds)

    def keep_renewing(self) -> None:
        """Runs for the life of the consumer (a managed thread: it must never raise)."""
        while True:
            eventlet.sleep(self.interval)
            self.renew()

    def renew(self) -> None:
        holds = list(self.held)
        try:
            still_held = self.ledger.renew_many(holds)
        except Exception:  # the database blinked: the next round tries again
            log.warning("could not renew %d leases", len(holds), exc_info=True)
            return
        if still_held < len(holds):
            log.warning("%d of %d leases were lost while their handlers ran",
                        len(holds) - still_held, len(holds))
