"""The service-facing side of the outbox: save an aggregate together with its events."""

from collections.abc import Callable

from nameko.extensions import DependencyProvider

from shared import correlation, mongo, outbox
from shared.broker import ConfirmingPublisher
from shared.config import load as load_settings
from shared.events import DomainEvent, registry
from shared.outbox import Aggregate, ConcurrentModification
from shared.relay import OutboxRelay

SAVE_ATTEMPTS = 5


class Aggregates:
    """Injected into a worker: `self.aggregates.add(doc, OrganizationRegistered(...))`."""

    def __init__(self, provider: "AggregateStore", worker_ctx):
        self._provider = provider
        self._service = worker_ctx.service_name
        self._correlation_id = correlation.of_worker(worker_ctx)

    def add(self, aggregate: Aggregate, *events: DomainEvent) -> None:
        entries = outbox.insert(aggregate, self._envelopes(events))
        self._provider.relay.enqueue(aggregate._get_collection_name(), aggregate.pk, entries)

    def save(self, aggregate: Aggregate, *events: DomainEvent) -> None:
        """Raises ConcurrentModification if another worker saved it since it was read."""
        entries = outbox.update(aggregate, self._envelopes(events))
        self._provider.relay.enqueue(aggregate._get_collection_name(), aggregate.pk, entries)

    def load(self, document_type: type[Aggregate], pk: str):
        """The domain object stored under pk, or the document type's `not_found` error."""
        document = document_type.objects(pk=str(pk)).first()
        if document is None:
            raise document_type.not_found(f"no {document_type.not_found.noun} {pk}")
        return document.to_domain()

    def change(self, document_type: type[Aggregate], pk: str, decide: Callable):
        """Applies `decide(aggregate) -> event` to the latest revision and saves both; if
        another worker saved in between, decides again on its result (a few times)."""
        for _ in range(SAVE_ATTEMPTS):
            aggregate = self.load(document_type, pk)
            event = decide(aggregate)
            try:
                self.save(document_type.from_domain(aggregate), event)
                return aggregate
            except ConcurrentModification:
                continue
        raise ConcurrentModification(f"{document_type.not_found.noun} {pk} keeps changing; retry")

    def _envelopes(self, events):
        return [
            registry.new_event(e.event_type, e.payload(), self._service, self._correlation_id)
            for e in events
        ]


class AggregateStore(DependencyProvider):
    def __init__(self, *aggregate_types: type[Aggregate]):
        self.aggregate_types = aggregate_types

    def setup(self) -> None:
        mongo.connect(self.container.service_name)
        collections = []
        for aggregate_type in self.aggregate_types:
            aggregate_type.ensure_indexes()
            outbox.ensure_outbox_index(aggregate_type._get_collection())
            collections.append(aggregate_type._get_collection())
        self.publisher = ConfirmingPublisher(self.container.config["AMQP_URI"])
        self.relay = OutboxRelay(self.publisher, collections)

    def start(self) -> None:
        self.container.spawn_managed_thread(self.relay.run, identifier="outbox-relay")
        self.container.spawn_managed_thread(
            lambda: self.relay.run_sweeper(load_settings().outbox_sweep_seconds),
            identifier="outbox-sweeper",
        )

    def stop(self) -> None:
        self.publisher.close()

    def get_dependency(self, worker_ctx) -> Aggregates:
        return Aggregates(self, worker_ctx)
