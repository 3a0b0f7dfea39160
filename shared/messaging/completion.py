"""The last step of handling an event: record it as processed in the ledger, then
acknowledge its message, in batches (one round trip for all that finished together).

The message is never acknowledged before its completion is stored: the write is retried,
with backoff, for as long as it takes. If the process stops first, the broker redelivers
the message, and the claim's lease tells the next delivery to wait or take over.
"""

import itertools
import logging

import eventlet

from shared.contract.events import Event
from shared.messaging.batches import Batches
from shared.messaging.leases import Leases
from shared.messaging.ledger import Hold, Ledger
from shared.messaging.settlement import Settlement
from shared.runtime import correlation

log = logging.getLogger(__name__)
MAX_BATCH = 100
BACKOFF_SECONDS = (0.1, 0.5, 1, 2, 5)


class Completion:
    def __init__(self, ledger: Ledger, leases: Leases, settlement: Settlement):
        self.ledger, self.leases, self.settlement = ledger, leases, settlement
        self.handled: Batches[tuple[Hold, Event, object]] = Batches(MAX_BATCH)

    def put(self, hold: Hold, event: Event, message) -> None:
        self.handled.put((hold, event, message))

    def run(self) -> None:
        """Runs for the life of the consumer (a managed thread: it must never raise)."""
        while True:
            batch = self.handled.next_batch()
            holds = [hold for hold, _, _ in batch]
            lost = self._record(holds)
            self.leases.drop(*holds)
            for hold, event, message in batch:
                correlation.current.set(event.correlation_id)
                if hold in lost:
                    log.warning("%s %s: its lease was taken over meanwhile", event.type, event.id)
                self.settlement.ack(message)
                log.info("handled %s %s", event.type, event.id)

    def _record(self, holds: list[Hold]) -> set[Hold]:
        for attempt in itertools.count():
            try:
                return self.ledger.complete_many(holds, self.leases.unexpired(holds))
            except Exception:
                delay = BACKOFF_SECONDS[min(attempt, len(BACKOFF_SECONDS) - 1)]
                log.warning("could not record %d events as processed; retrying in %ss",
                            len(holds), delay, exc_info=attempt == 0)
                eventlet.sleep(delay)
        raise AssertionError("itertools.count() never ends")
