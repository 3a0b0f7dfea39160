"""A repository per aggregate: the one place that maps it to and from its document, and the
only way it is written (one document, its events in the same write: shared/storage/outbox.py).

    class OrganizationRepository(Repository[Organization]):
        document = OrganizationDocument
        not_found = UnknownOrganization
        def to_domain(self, document): ...       # document -> domain object
        def to_document(self, organization): ... # domain object -> document
        def duplicate(self, index, organization): ...  # unique index -> the domain's error

Four ways to write:
- `add(aggregate, *events)` inserts it;
- `change(id, decide)` loads it, lets the domain decide (returning one event or several)
  and saves it whole under a revision guard, deciding again if another write came first;
- `update_where(id, condition, changes, *events)` applies update operators only if the
  condition holds, in one `update_one`: no read, no retry, for counters and bounded lists
  ("take a seat if seats are left"), where concurrent writers would make `change` retry;
- `take_step(id, decide)` lets the domain decide a step on the aggregate as stored and
  writes it as the repository's `write_of(step)` says: update operators under a condition
  that holds only while what the step was decided on still holds. Concurrent steps that do
  not interfere (two enrollments while seats are left) both succeed at the first attempt;
  one that would (the last seat) is refused by the database and decided again.
"""

from collections.abc import Callable, Sequence
from typing import ClassVar, Generic, TypeVar, cast

from pymongo.errors import DuplicateKeyError

from shared.contract.declared_events import DomainEvent
from shared.contract.errors import ConcurrentModification, MaillageError, NotFound
from shared.storage import outbox, pagination
from shared.storage.outbox import Aggregate
from shared.storage.writes import Writes

T = TypeVar("T")
S = TypeVar("S")
Decision = DomainEvent | Sequence[DomainEvent]
# A step as written: (condition, update operators, events), applied in one update.
ConditionalWrite = tuple[dict, dict, Sequence[DomainEvent]]
SAVE_ATTEMPTS = 5
STEP_ATTEMPTS = 20  # each refusal means another step succeeded: progress, not contention


class Repository(Generic[T]):
    document: ClassVar[type[Aggregate]]
    not_found: ClassVar[type[NotFound]] = NotFound
    noun: ClassVar[str] = "aggregate"

    def __init__(self, writes: Writes):
        self._writes = writes

    # Mapping: a document is its own domain object unless a repository says otherwise.
    def to_domain(self, document: Aggregate) -> T:
        return cast(T, document)

    def to_document(self, aggregate: T) -> Aggregate:
        return cast(Aggregate, aggregate)

    def from_raw(self, raw: dict) -> T:
        """The aggregate from its document as pymongo reads it, perhaps in part (`take_step`'s
        `needs`). A repository of large documents maps it directly: mongoengine builds every
        embedded document first, which costs milliseconds per thousand."""
        return self.to_domain(self.document._from_son(raw))

    def duplicate(self, index: str, aggregate: T) -> MaillageError | None:
        """The domain's error for `aggregate` violating the unique index `index`, if any."""
        return None

    # Reads
    def get(self, pk) -> T:
        """The aggregate stored under pk, or the repository's `not_found` error (read by
        pymongo: a mongoengine query costs more than the read itself)."""
        stored = self.document._get_collection().find_one({"_id": str(pk)})
        if stored is None:
            raise self.not_found(f"no {self.noun} {pk}")
        return self.from_raw(stored)

    def page(self, *query, limit: int, after: str | None, **filters) -> tuple[list[T], str | None]:
        """One page of the aggregates matching the query (mongoengine's Q and keyword
        filters), in id order, and the cursor of the next page (None at the end)."""
        documents, next_cursor = pagination.page(self.document.objects(*query, **filters),
                                                 limit, after)
        return [self.to_domain(d) for d in documents], next_cursor

    # Writes
    def add(self, aggregate: T, *events: DomainEvent) -> T:
        """Inserts a new aggregate with its events and returns it as stored; if this request
        already created it, returns that one instead."""
        document = self.to_document(aggregate)
        creation = self._writes.occurrence(f"add:{self._collection_name}")
        try:
            entries = outbox.insert(document, self._writes.envelopes(events, document.pk, 1),
                                    creation)
        except DuplicateKeyError as exc:
            created = creation and self.document.objects(created_by_request=creation).first()
            if created:
                return self.to_domain(created)
            raise self.duplicate(index_of(exc), aggregate) or exc from None
        self._writes.relay(self._collection_name, document.pk, entries)
        return self.to_domain(document)

    def change(self, pk, decide: Callable[[T], Decision]) -> T:
        """Applies `decide(aggregate) -> event(s)` to the latest revision and saves both;
        if another write came in between, decides again on its result (a few times); if
        this request already changed it, returns it as stored."""
        change = self._writes.occurrence(f"change:{self._collection_name}:{pk}")
        for _ in range(SAVE_ATTEMPTS):
            stored = self._document(pk)
            aggregate = self.to_domain(stored)
            if change is not None and change in stored.request_ids:
                return aggregate  # a redelivered command: its decision is already stored
            decided = decide(aggregate)
            events = [decided] if isinstance(decided, DomainEvent) else list(decided)
            document = self.to_document(aggregate)
            document.revision = stored.revision
            try:
                entries = outbox.update(
                    document, self._writes.envelopes(events, pk, stored.revision + 1), change)
            except ConcurrentModification:
                continue
            self._writes.relay(self._collection_name, pk, entries)
            return aggregate
        raise ConcurrentModification(f"{self.noun} {pk} keeps changing; retry")

    def update_where(self, pk, condition: dict, changes: dict, *events: DomainEvent) -> T | None:
        """Applies `changes` with `events` if the aggregate matches `condition`, in one write;
        returns the aggregate as written, or None when the condition does not hold (nothing
        written). A redelivered command returns the aggregate its first delivery wrote."""
        change = self._writes.occurrence(f"change:{self._collection_name}:{pk}")
        written = self._write_where(pk, condition, changes, events, change)
        if written is None:
            stored = self._document(pk)
            done = change is not None and change in stored.request_ids
            return self.to_domain(stored) if done else None
        return written

    def write_of(self, step) -> ConditionalWrite:
        """How `take_step` writes a step of this aggregate (repositories that take steps
        say it)."""
        raise TypeError(f"{type(self).__name__} writes no step {step!r}")

    def take_step(self, pk, decide: Callable[[T], S | None],
                  needs: Sequence[str] | None = None) -> tuple[T, S | None]:
        """Decides a step on the aggregate as stored (`decide(aggregate) -> step`) and writes
        it in one conditional update (`write_of(step)`); if the aggregate moved meanwhile in
        a way the condition names, decides again on what it became. Returns the aggregate as
        written and the step; a redelivered command (its request id recorded), or a step the
        domain finds already taken (`decide` returns None), returns the aggregate as stored
        and no step. `needs`: the fields the decision reads (dotted paths), when not all of
        them; the aggregate is read, and returned, with those alone."""
        change = self._writes.occurrence(f"change:{self._collection_name}:{pk}")
        projection = None if needs is None else dict.fromkeys((*needs, "request_ids"), 1)
        for _ in range(STEP_ATTEMPTS):
            stored = self.document._get_collection().find_one({"_id": str(pk)}, projection)
            if stored is None:
                raise self.not_found(f"no {self.noun} {pk}")
            aggregate = self.from_raw(stored)
            if change is not None and change in stored.get("request_ids", ()):
                return aggregate, None
            step = decide(aggregate)
            if step is None:  # the domain finds it taken already: nothing to write
                return aggregate, None
            condition, changes, events = self.write_of(step)
            written = self._write_where(pk, condition, changes, events, change, projection)
            if written is not None:
                return written, step
        raise ConcurrentModification(f"{self.noun} {pk} keeps changing; retry")

    def _write_where(self, pk, condition: dict, changes: dict, events: Sequence[DomainEvent],
                     change: str | None, projection: dict | None = None) -> T | None:
        written = outbox.update_where(self.document._get_collection(), str(pk), condition,
                                      changes, self._writes.envelopes(events, pk, None), change,
                                      projection)
        if written is None:
            return None
        document, entries = written
        self._writes.relay(self._collection_name, pk, entries)
        return self.from_raw(document)

    @property
    def _collection_name(self) -> str:
        return self.document._get_collection_name()

    def _document(self, pk) -> Aggregate:
        document = self.document.objects(pk=str(pk)).first()
        if document is None:
            raise self.not_found(f"no {self.noun} {pk}")
        return document


def index_of(exc: DuplicateKeyError) -> str:
    """The name of the unique index a write violated ("" if the server did not say)."""
    message = (exc.details or {}).get("errmsg", "") or str(exc)
    _, _, after = message.partition(" index: ")
    return after.split(" ", 1)[0]
