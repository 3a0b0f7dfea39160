"""The service-facing side of the outbox: save an aggregate together with its events."""

from collections.abc import Callable

from bson import ObjectId
from nameko.extensions import DependencyProvider
from pymongo.errors import DuplicateKeyError

from shared import correlation, mongo, outbox, requests
from shared.broker import ConfirmingPublisher
from shared.config import load as load_settings
from shared.events import DomainEvent, registry
from shared.outbox import Aggregate, ConcurrentModification
from shared.relay import OutboxRelay

SAVE_ATTEMPTS = 5


class Aggregates:
    """Injected into a worker: `self.aggregates.add(doc, OrganizationRegistered(...))`.

    Every write records the id of the request being served (`shared/requests.py`), so a
    command delivered twice (a process killed before its reply, a client retrying with its
    Idempotency-Key) is answered from what the first delivery stored: no second decision,
    no second event, no "already done" error for the caller's own write. The id is numbered
    per write target (`<request id>.<n>`): a request that creates two documents, or changes
    one twice, makes its writes in the same order when delivered again, so each of them is
    recognised as itself."""

    def __init__(self, provider: "AggregateStore", worker_ctx):
        self._provider = provider
        self._service = worker_ctx.service_name
        self._correlation_id = correlation.of_worker(worker_ctx)
        self._request_id = requests.of_worker(worker_ctx)
        self._writes: dict[str, int] = {}

    def new_id(self, purpose: str) -> str:
        """An id for something this request creates inside an aggregate (an activity in a
        partnership): the same on a redelivery, so the answer can name the first one."""
        occurrence = self._occurrence(f"id:{purpose}")
        return str(ObjectId()) if occurrence is None else requests.derived_id(occurrence, purpose)

    def add(self, aggregate: Aggregate, *events: DomainEvent):
        """Inserts a new aggregate with its events and returns it as stored; if this request
        already created it, returns that one instead. DuplicateKeyError on another unique
        index (an organization of that name exists), for the caller to name."""
        creation = self._occurrence(f"add:{aggregate._get_collection_name()}")
        try:
            entries = outbox.insert(aggregate, self._envelopes(events), creation)
        except DuplicateKeyError:
            created = creation and type(aggregate).objects(created_by_request=creation).first()
            if not created:
                raise
            return created.to_domain()
        self._provider.relay.enqueue(aggregate._get_collection_name(), aggregate.pk, entries)
        return aggregate.to_domain()

    def save(self, aggregate: Aggregate, *events: DomainEvent) -> None:
        """Raises ConcurrentModification if another worker saved it since it was read."""
        self._save(aggregate, events, self._occurrence(self._target(aggregate, aggregate.pk)))

    def load(self, document_type: type[Aggregate], pk: str):
        """The domain object stored under pk, or the document type's `not_found` error."""
        return self._document(document_type, pk).to_domain()

    def change(self, document_type: type[Aggregate], pk: str, decide: Callable):
        """Applies `decide(aggregate) -> event` to the latest revision, saves both and returns
        the aggregate as saved; if another worker saved in between, decides again on its
        result (a few times); if this request already changed it, returns it as stored."""
        change = self._occurrence(self._target(document_type, pk))
        for _ in range(SAVE_ATTEMPTS):
            document = self._document(document_type, pk)
            aggregate = document.to_domain()
            if change is not None and change in document.request_ids:
                return aggregate  # a redelivered command: its decision is already stored
            event = decide(aggregate)
            try:
                self._save(document_type.from_domain(aggregate), [event], change)
                return aggregate
            except ConcurrentModification:
                continue
        raise ConcurrentModification(f"{document_type.not_found.noun} {pk} keeps changing; retry")

    def _save(self, aggregate: Aggregate, events, change: str | None) -> None:
        entries = outbox.update(aggregate, self._envelopes(events), change)
        self._provider.relay.enqueue(aggregate._get_collection_name(), aggregate.pk, entries)

    def _occurrence(self, target: str) -> str | None:
        """This request's nth write to `target`, or None when the caller sent no request id."""
        if self._request_id is None:
            return None
        self._writes[target] = self._writes.get(target, 0) + 1
        return f"{self._request_id}.{self._writes[target]}"

    @staticmethod
    def _target(document_type, pk) -> str:
        return f"change:{document_type._get_collection_name()}:{pk}"

    def _document(self, document_type: type[Aggregate], pk: str) -> Aggregate:
        document = document_type.objects(pk=str(pk)).first()
        if document is None:
            raise document_type.not_found(f"no {document_type.not_found.noun} {pk}")
        return document

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
            outbox.ensure_request_index(aggregate_type._get_collection())
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
