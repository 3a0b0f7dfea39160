"""Publishes what aggregates left in their outbox, then marks it sent by pulling it out.

Hot path: a worker that saved an aggregate hands its new outbox entries to the relay's
queue; the relay greenthread publishes whatever has accumulated as one confirmed batch,
so an event reaches the broker within milliseconds and no one polls.
Recovery path: the sweeper re-reads outboxes at start and every OUTBOX_SWEEP_SECONDS for
entries older than that (left by a crash or a broker outage) and queues them again.
"""

import json
import logging
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

import eventlet
from pymongo import UpdateOne
from pymongo.collection import Collection

from shared.messaging.batches import Batches
from shared.messaging.broker import BROKER_ERRORS, ConfirmingPublisher, OutgoingMessage, PublishNotConfirmed
from shared.messaging.topology import EVENTS_EXCHANGE
from shared.runtime import metrics
from shared.storage.outbox import pending_entries

log = logging.getLogger(__name__)
MAX_BATCH = 500


class OutboxRelay:
    def __init__(self, publisher: ConfirmingPublisher, collections: Iterable[Collection],
                 service: str = ""):
        self.publisher, self.service = publisher, service  # service: what metrics name it
        self.collections = {c.name: c for c in collections}
        self._batches: Batches[tuple[str, object, dict]] = Batches(MAX_BATCH)
        self._queued: set[str] = set()  # event ids queued or being published, to skip repeats

    def enqueue(self, collection: str, document_id, entries: Iterable[dict]) -> None:
        for entry in entries:
            if entry["id"] not in self._queued:
                self._queued.add(entry["id"])
                self._batches.put((collection, document_id, entry))

    def run(self) -> None:
        while True:
            self.relay_batch(self._batches.next_batch())

    def sweep(self, occurred_before: datetime) -> int:
        found = 0
        for name, collection in self.collections.items():
            waiting = 0
            for document_id, entry in pending_entries(collection, occurred_before):
                self.enqueue(name, document_id, [entry])
                waiting += 1
            metrics.OUTBOX_BACKLOG.labels(self.service, name).set(waiting)
            found += waiting
        return found

    def run_sweeper(self, interval_seconds: float) -> None:
        self._sweep_logged(datetime.now(UTC))
        while True:
            eventlet.sleep(interval_seconds)
            self._sweep_logged(datetime.now(UTC) - timedelta(seconds=interval_seconds))

    def relay_batch(self, batch: list[tuple[str, object, dict]]) -> None:
        """Publishes a batch; only what the broker confirmed leaves the outbox (a refused
        event stays there for the sweeper, without holding back the rest of its batch)."""
        try:
            refused = self.publisher.publish([_message(entry) for _, _, entry in batch])
            if refused:
                log.warning("the broker refused %d of %d events; the sweeper will retry them",
                            len(refused), len(batch))
            confirmed = [item for position, item in enumerate(batch) if position not in refused]
            for _, _, entry in confirmed:
                metrics.EVENTS_PUBLISHED.labels(self.service, entry["type"]).inc()
            self._mark_sent(confirmed)
        except BROKER_ERRORS + (PublishNotConfirmed,) as exc:
            log.warning("outbox relay could not publish %d events, will retry: %s", len(batch), exc)
        except Exception:  # the database failed: the sweeper retries, duplicates are absorbed
            log.exception("outbox relay could not mark %d events sent", len(batch))
        finally:
            self._queued.difference_update(entry["id"] for _, _, entry in batch)

    def _mark_sent(self, batch: list[tuple[str, object, dict]]) -> None:
        if not batch:
            return
        sent: dict[tuple[str, object], list[str]] = {}
        for collection, document_id, entry in batch:
            sent.setdefault((collection, document_id), []).append(entry["id"])
        by_collection: dict[str, list[UpdateOne]] = {}
        for (collection, document_id), ids in sent.items():
            by_collection.setdefault(collection, []).append(
                UpdateOne({"_id": document_id}, {"$pull": {"outbox": {"id": {"$in": ids}}}})
            )
        for collection, operations in by_collection.items():
            self.collections[collection].bulk_write(operations, ordered=False)

    def _sweep_logged(self, occurred_before: datetime) -> None:
        try:
            found = self.sweep(occurred_before)
            if found:
                log.info("outbox sweeper queued %d unpublished events", found)
        except Exception:  # keep sweeping: the database may be back next time
            log.exception("outbox sweep failed")


def _message(entry: dict) -> OutgoingMessage:
    return OutgoingMessage(
        exchange=EVENTS_EXCHANGE,
        routing_key=entry["type"],
        body=json.dumps(entry["envelope"]).encode(),
        message_id=entry["id"],
    )
