"""Idempotent event consumption with bounded retries and a dead-letter queue.

    class CatalogService:
        @consumes("organization.verified", "organization.suspended", queue="organization_replica")
        def replicate_organization(self, event: Event): ...

        @consumes("enrollment.confirmed", queue="tally", ledger=False)
        def count(self, event: Event): ...   # its one write is guarded (shared/storage/effects.py)

Each handler gets its own durable queue `<service>.<queue>` (named explicitly: a renamed
method keeps its messages and its dedup history), declared with its bindings at start, so
events published while the service is down wait for it (topology.py). For each message:
- not JSON, not an envelope, an unknown type or version, an invalid payload: straight to
  `<queue>.dead`, with the reason in the `x-maillage-error` header;
- already in the processed-event ledger: acknowledged, no second effect (a handler whose
  effect is one guarded write, that knows a repeat by itself, may do without the ledger:
  `ledger=False` saves its two writes per event, and only the guard absorbs repeats);
- claimed by a live handler elsewhere, or the database is unreachable: back after a delay,
  not counted as an attempt;
- the handler raises: retried after each of CONSUMER_RETRY_DELAYS (through delay queues,
  so other messages keep flowing), then dead-lettered with the error; a failure of a
  dependency (database, broker unreachable) is retried without counting.
A message is acknowledged only once its completion is recorded in the ledger (completion.py),
or without the ledger once its handler returned.
No callback raises into nameko: an exception there would kill the whole container.
"""

import logging
import time
from collections.abc import Sequence
from functools import partial

import kombu
from nameko.containers import ContainerBeingKilled
from nameko.extensions import Entrypoint

from shared.contract.events import Event, EventRejected, registry
from shared.messaging.batches import Batches
from shared.messaging.broker import ConfirmingPublisher, open_connection
from shared.messaging.completion import Completion
from shared.messaging.consumer_queue import EnvelopeQueueConsumer
from shared.messaging.leases import Leases
from shared.messaging.ledger import Claim, Hold, Ledger
from shared.messaging.redelivery import ATTEMPTS_HEADER, Redelivery, is_transient
from shared.messaging.settlement import Settlement
from shared.messaging.topology import declare_consumer_queue
from shared.runtime import correlation, metrics
from shared.runtime.config import load as load_settings
from shared.storage import mongo

log = logging.getLogger(__name__)
MAX_BATCH = 100
STOP_GRACE_SECONDS = 5


class EventConsumer(Entrypoint):
    queue_consumer = EnvelopeQueueConsumer()

    def __init__(self, *event_types: str, queue: str, ledger: bool = True, **kwargs):
        for name in event_types:
            registry.get(name)  # fail at import time on a typo
        self.event_types, self.queue_suffix, self.uses_ledger = event_types, queue, ledger
        super().__init__(**kwargs)

    def setup(self) -> None:
        settings = load_settings()
        amqp_uri = self.container.config["AMQP_URI"]
        self.queue_name = f"{self.container.service_name}.{self.queue_suffix}"
        self.retry_delays = settings.consumer_retry_delays
        self._declare_queue(amqp_uri)
        self.queue = kombu.Queue(self.queue_name, no_declare=True)
        database = mongo.connect(self.container.service_name)
        self.ledger = Ledger(database["processed_events"], settings.consumer_lease_seconds,
                             settings.ledger_retention_days)
        if self.uses_ledger:
            self.ledger.ensure_indexes()
        self.leases = Leases(self.ledger)
        self.publisher = ConfirmingPublisher(amqp_uri)
        self.redelivery = Redelivery(self.publisher, self.queue_name, self.retry_delays)
        self.arrivals: Batches[tuple[Event, object]] = Batches(MAX_BATCH)
        self.settlement = Settlement(self.queue_consumer, self.queue_name)
        self.completion = Completion(self.ledger, self.leases, self.settlement)
        self.queue_consumer.register_provider(self)

    def start(self) -> None:
        if not self.uses_ledger:
            return
        for loop, role in ((self._claim_arrivals, "claims"), (self.completion.run, "done"),
                           (self.leases.keep_renewing, "leases")):
            self.container.spawn_managed_thread(loop, identifier=f"{self.queue_name}:{role}")

    def stop(self) -> None:
        """Stops consuming, then lets messages already taken finish and be acknowledged for
        a few seconds; what is left goes back to the queue when the connection closes."""
        self.queue_consumer.unregister_provider(self)
        still_open = self.settlement.wait(STOP_GRACE_SECONDS)
        if still_open:
            log.warning("stopping with %d messages unsettled: the broker will redeliver them",
                        still_open)
        self.publisher.close()
        super().stop()

    def _declare_queue(self, amqp_uri: str) -> None:
        connection = open_connection(amqp_uri)
        try:
            declare_consumer_queue(
                connection.channel(), self.queue_name, self.event_types, self.retry_delays
            )
        finally:
            connection.collect()

    def track(self, message) -> None:
        self.settlement.track(message)

    def handle_message(self, body, message) -> None:
        self.track(message)
        try:
            event = registry.read(body)
        except EventRejected as exc:
            self.reject(message, str(exc))
            return
        except Exception as exc:  # a bug in reading (an upcaster?): the message is not to blame
            log.exception("could not read a message from %s", self.queue_name)
            self.reject(message, f"could not be read: {exc!r}")
            return
        if self.uses_ledger:
            self.arrivals.put((event, message))
            return
        try:
            self._spawn(event, None, message)
        except Exception:  # never into nameko: it would kill the container
            log.exception("could not dispatch %s %s; requeueing it", event.type, event.id)
            self.settlement.requeue(message)

    def handle_result(self, message, event, hold, started, worker_ctx, result=None,
                      exc_info=None):
        try:
            metrics.HANDLER_SECONDS.labels(self.queue_name).observe(time.monotonic() - started)
            if exc_info is None:
                metrics.EVENTS_CONSUMED.labels(self.queue_name, event.type).inc()
                if hold is None:  # no ledger: the handler's own write was the record
                    self.settlement.ack(message)
                    log.info("handled %s %s", event.type, event.id)
                else:
                    self.completion.put(hold, event, message)
            else:
                self._after_failure(message, event, hold, exc_info)
        except Exception:  # never into nameko: it would kill the container
            log.exception("could not settle %s %s; requeueing it", event.type, event.id)
            self.settlement.requeue(message)
        return result, exc_info

    def reject(self, message, reason: str) -> None:
        metrics.EVENTS_DEAD_LETTERED.labels(self.queue_name, "unreadable").inc()
        self.settlement.forward(self.redelivery.dead_letter, message, reason)

    def _after_failure(self, message, event: Event, hold: Hold | None, exc_info) -> None:
        if hold is not None:
            self._release(hold, event)
        if is_transient(exc_info[1]):
            metrics.EVENTS_DEFERRED.labels(self.queue_name).inc()
            self.settlement.forward(self.redelivery.later, message)
        else:
            self._count_failure(message, event)
            self.settlement.forward(self.redelivery.after_failure, message, event, exc_info)

    def _release(self, hold: Hold, event: Event) -> None:
        self.leases.drop(hold)
        try:
            self.ledger.release(hold)
        except Exception:  # its lease will expire; the retry waits for that
            log.warning("could not release the claim on %s %s", event.type, event.id,
                        exc_info=True)

    def _count_failure(self, message, event: Event) -> None:
        """Retried, or dead-lettered once every delay is spent (as Redelivery decides)."""
        attempts = int((message.headers or {}).get(ATTEMPTS_HEADER, 0)) + 1
        spent = attempts > len(self.retry_delays)
        counter = metrics.EVENTS_DEAD_LETTERED if spent else metrics.EVENTS_RETRIED
        counter.labels(self.queue_name, event.type).inc()

    def _claim_arrivals(self) -> None:
        while True:
            batch = self.arrivals.next_batch()
            claimed_at = time.monotonic()
            claims: Sequence[tuple[Claim, Hold | None]]
            try:
                claims = self.ledger.claim_many([self._key(event) for event, _ in batch])
            except Exception:  # the database is unreachable: look again later
                log.warning("could not claim %d events; deferring them", len(batch), exc_info=True)
                claims = [(Claim.BUSY, None)] * len(batch)
            for (claim, hold), (event, message) in zip(claims, batch, strict=True):
                try:
                    self._dispatch(claim, hold, event, message, claimed_at)
                except Exception:
                    log.exception("could not dispatch %s %s; requeueing it", event.type, event.id)
                    self.settlement.requeue(message)

    def _dispatch(self, claim: Claim, hold: Hold | None, event: Event, message,
                  claimed_at: float) -> None:
        if claim is Claim.DONE:
            log.info("skipping %s %s: already processed", event.type, event.id)
            metrics.EVENTS_DUPLICATES.labels(self.queue_name).inc()
            self.settlement.ack(message)
        elif claim is Claim.BUSY or hold is None:
            # held by a live worker, or no database to claim it in: later, not an attempt
            metrics.EVENTS_DEFERRED.labels(self.queue_name).inc()
            self.settlement.forward(self.redelivery.later, message)
        else:
            self.leases.hold(hold, claimed_at)
            self._spawn(event, hold, message)

    def _spawn(self, event: Event, hold: Hold | None, message) -> None:
        try:
            self.container.spawn_worker(
                self, (event,), {},
                context_data={correlation.CONTEXT_KEY: event.correlation_id},
                handle_result=partial(self.handle_result, message, event, hold, time.monotonic()),
            )
        except ContainerBeingKilled:
            if hold is not None:
                self.leases.drop(hold)
            self.settlement.requeue(message)

    def _key(self, event: Event) -> str:
        return f"{self.queue_name}:{event.id}"


consumes = EventConsumer.decorator
