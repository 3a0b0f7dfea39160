"""Idempotent event consumption with bounded retries and a dead-letter queue.

    class CatalogService:
        @consumes("organization.verified", "organization.suspended")
        def replicate_organization(self, event: Event): ...

Each handler gets its own durable queue `<service>.<method>`, declared with its bindings at
start (so events published while the service is down wait for it). For each message:
- not JSON, not an envelope, an unknown type or version, an invalid payload: straight to
  `<queue>.dead`, with the reason in the `x-maillage-error` header;
- already in the processed-event ledger: acknowledged, no second effect;
- the handler raises: retried after each of CONSUMER_RETRY_DELAYS (through delay queues,
  so other messages keep flowing), then dead-lettered with the error.
Ledger claims and completions are batched (see ledger.py); a message is acknowledged only
once its completion is recorded. Nameko's default (ack and drop a failing message) is
never used.
"""

import logging
from functools import partial

import eventlet
import kombu
from nameko.containers import ContainerBeingKilled
from nameko.extensions import Entrypoint
from nameko.messaging import QueueConsumer

from shared import correlation, mongo
from shared.batches import Batches
from shared.broker import (
    BROKER_ERRORS,
    ConfirmingPublisher,
    PublishNotConfirmed,
    declare_consumer_queue,
    open_connection,
)
from shared.config import load as load_settings
from shared.events import Event, EventRejected, registry
from shared.ledger import Claim, Ledger
from shared.redelivery import Redelivery

log = logging.getLogger(__name__)
MAX_BATCH = 100
STOP_TIMEOUT_SECONDS = 30


class EnvelopeQueueConsumer(QueueConsumer):
    """nameko's queue consumer, except that an undecodable message reaches its provider
    (to be dead-lettered) instead of breaking the consumer loop."""

    def get_consumers(self, consumer_cls, channel):
        consumers = super().get_consumers(consumer_cls, channel)
        for provider, consumer in self._consumers.items():
            consumer.on_decode_error = partial(self._undecodable, provider)
        return consumers

    def _undecodable(self, provider, message, exc) -> None:
        provider.track(message)
        self.container.spawn_managed_thread(
            partial(provider.reject, message, f"undecodable message: {exc}")
        )


class EventConsumer(Entrypoint):
    queue_consumer = EnvelopeQueueConsumer()

    def __init__(self, *event_types: str, **kwargs):
        for name in event_types:
            registry.get(name)  # fail at import time on a typo
        self.event_types = event_types
        super().__init__(**kwargs)

    def setup(self) -> None:
        settings = load_settings()
        amqp_uri = self.container.config["AMQP_URI"]
        self.queue_name = f"{self.container.service_name}.{self.method_name}"
        self.retry_delays = settings.consumer_retry_delays
        self._declare_queue(amqp_uri)
        self.queue = kombu.Queue(self.queue_name, no_declare=True)
        self.ledger = Ledger(
            mongo.connect(self.container.service_name)["processed_events"],
            settings.consumer_lease_seconds, settings.ledger_retention_days,
        )
        self.ledger.ensure_indexes()
        self.publisher = ConfirmingPublisher(amqp_uri)
        self.redelivery = Redelivery(self.publisher, self.queue_name, self.retry_delays)
        self.arrivals: Batches[tuple[Event, object]] = Batches(MAX_BATCH)
        self.handled: Batches[tuple[str, Event, object]] = Batches(MAX_BATCH)
        self.unsettled: set[int] = set()  # messages neither acked nor forwarded yet
        self.queue_consumer.register_provider(self)

    def start(self) -> None:
        self.container.spawn_managed_thread(self._claim_arrivals, identifier=f"{self.queue_name}:claims")
        self.container.spawn_managed_thread(self._complete_handled, identifier=f"{self.queue_name}:done")

    def stop(self) -> None:
        """Stops consuming, then lets messages already taken finish and be acknowledged."""
        self.queue_consumer.unregister_provider(self)
        with eventlet.Timeout(STOP_TIMEOUT_SECONDS, False):
            while self.unsettled:
                eventlet.sleep(0.01)
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
        self.unsettled.add(id(message))

    def handle_message(self, body, message) -> None:
        self.track(message)
        try:
            event = registry.read(body)
        except EventRejected as exc:
            self.reject(message, str(exc))
            return
        self.arrivals.put((event, message))

    def handle_result(self, message, event, key, worker_ctx, result=None, exc_info=None):
        if exc_info is None:
            self.handled.put((key, event, message))
        else:
            self.ledger.release(key)
            self._settle_by(self.redelivery.after_failure, message, event, exc_info)
        return result, exc_info

    def reject(self, message, reason: str) -> None:
        self._settle_by(self.redelivery.dead_letter, message, reason)

    def _claim_arrivals(self) -> None:
        while True:
            batch = self.arrivals.next_batch()
            try:
                claims = self.ledger.claim_many([self._key(event) for event, _ in batch])
            except Exception:  # the database is unreachable: look again later
                log.exception("could not claim %d events; deferring them", len(batch))
                claims = [Claim.BUSY] * len(batch)
            for claim, (event, message) in zip(claims, batch, strict=True):
                self._dispatch(claim, event, message)

    def _dispatch(self, claim: Claim, event: Event, message) -> None:
        if claim is Claim.DONE:
            log.info("skipping %s %s: already processed", event.type, event.id)
            self._ack(message)
        elif claim is Claim.BUSY:  # held by a live worker (or no database): later, not an attempt
            self._settle_by(self.redelivery.later, message)
        else:
            self._spawn(event, message)

    def _spawn(self, event: Event, message) -> None:
        key = self._key(event)
        try:
            self.container.spawn_worker(
                self, (event,), {},
                context_data={correlation.CONTEXT_KEY: event.correlation_id},
                handle_result=partial(self.handle_result, message, event, key),
            )
        except ContainerBeingKilled:
            self.ledger.release(key)
            self.queue_consumer.requeue_message(message)
            self.unsettled.discard(id(message))

    def _complete_handled(self) -> None:
        while True:
            batch = self.handled.next_batch()
            for delay in (0.1, 0.5, 2, 5, None):
                try:
                    self.ledger.complete_many([key for key, _, _ in batch])
                    break
                except Exception:  # keep the messages unacked while we can still retry
                    log.exception("could not record %d events as processed", len(batch))
                    if delay is not None:
                        eventlet.sleep(delay)
            for _, event, message in batch:
                self._ack(message)
                correlation.current.set(event.correlation_id)
                log.info("handled %s %s", event.type, event.id)

    def _settle_by(self, forward, message, *args) -> None:
        """Forwards a copy of the message elsewhere, then acks it; requeues it if that fails."""
        try:
            forward(message, *args)
        except BROKER_ERRORS + (PublishNotConfirmed,):
            log.exception("could not forward a message from %s; requeueing it", self.queue_name)
            self.queue_consumer.requeue_message(message)
            self.unsettled.discard(id(message))
            return
        self._ack(message)

    def _ack(self, message) -> None:
        self.queue_consumer.ack_message(message)
        self.unsettled.discard(id(message))

    def _key(self, event: Event) -> str:
        return f"{self.queue_name}:{event.id}"


consumes = EventConsumer.decorator
