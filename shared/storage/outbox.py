"""Transactional outbox on the aggregate document itself.

MongoDB has no multi-document transaction on a standalone server (nor on our local one), so
a state change and the events it causes are written in ONE single-document atomic update:
the events go into the aggregate's `outbox` array in the same `update_one` (or `insert_one`)
that changes its fields. The relay then publishes them with publisher confirms and pulls
them from the array. A crash anywhere in between leaves them in the array; the sweeper
finds them (at start, then periodically) and publishes them: nothing is lost, at worst an
event is published twice, which idempotent consumers absorb.

Every write increments the aggregate's `revision`. A full rewrite of the document applies
only to the revision it was computed from (optimistic concurrency, `update`); a conditional
update (`update_where`) applies when its condition holds, whatever the revision, and
increments it too, so a rewrite computed before it fails instead of undoing it.

The same write records which request made the change (`shared/storage/requests.py`): the last
RECENT_REQUESTS request ids of changes, and the id of the request that created the document
under a unique index, so that a command delivered twice is recognised, not decided twice.
"""

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from mongoengine import DictField, Document, IntField, ListField, StringField
from pymongo import ReturnDocument
from pymongo.collection import Collection

from shared.contract.errors import ConcurrentModification
from shared.contract.events import ENVELOPE, Event


class Aggregate(Document):
    """Base of every document that publishes events (its repository maps it to and from its
    domain object: shared/storage/repository.py)."""

    meta: dict[str, Any] = {"abstract": True}  # subclasses add strings and index lists
    revision = IntField(default=0, min_value=0)
    outbox = ListField(DictField())
    # Written only by this module, in the same update as the change they record: a
    # redelivered command finds its request id here instead of deciding again.
    request_ids = ListField(StringField())  # the last RECENT_REQUESTS that changed it
    created_by_request = StringField()  # unique (sparse): one document per creating request

    OUTBOX_INDEX = "outbox.occurred_at"
    CREATED_BY_INDEX = "created_by_request"
    # A redelivery comes within seconds to a minute; 64 later changes of one aggregate in
    # that time would push its request id out (then it is decided again, as before).
    RECENT_REQUESTS = 64
    MANAGED_FIELDS = ("_id", "revision", "outbox", "request_ids", "created_by_request")


def outbox_entry(event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "type": event.type,
        "occurred_at": event.occurred_at,  # a date, so the sweeper's query can use an index
        "envelope": ENVELOPE.dump(event),
    }


def insert(aggregate: Aggregate, events: Sequence[Event], request_id: str | None = None) -> list[dict]:
    """Inserts a new aggregate (revision 1) with its events; DuplicateKeyError if it exists,
    or if the request `request_id` already created one."""
    entries = [outbox_entry(e) for e in events]
    fields = aggregate.to_mongo().to_dict()
    fields.update(revision=1, outbox=entries, request_ids=[])
    fields.pop("created_by_request", None)
    if request_id:
        fields.update(created_by_request=request_id)
    aggregate._get_collection().insert_one(fields)
    aggregate.revision = 1
    return entries


def update(aggregate: Aggregate, events: Sequence[Event], request_id: str | None = None) -> list[dict]:
    """Writes the aggregate's fields, appends its events and records `request_id` among its
    recent requests, if its revision is unchanged."""
    entries = [outbox_entry(e) for e in events]
    fields = aggregate.to_mongo().to_dict()
    for managed in Aggregate.MANAGED_FIELDS:
        fields.pop(managed, None)
    pushes: dict[str, Any] = {"outbox": {"$each": entries}}
    if request_id:
        pushes["request_ids"] = {"$each": [request_id], "$slice": -Aggregate.RECENT_REQUESTS}
    changes = {"$set": fields, "$inc": {"revision": 1}, "$push": pushes}
    cleared = {  # fields now None are absent from to_mongo(): remove them from the document
        f.db_field: "" for f in aggregate._fields.values()
        if f.db_field not in fields and f.db_field not in Aggregate.MANAGED_FIELDS
    }
    if cleared:
        changes["$unset"] = cleared
    result = aggregate._get_collection().update_one(
        {"_id": aggregate.pk, "revision": aggregate.revision}, changes
    )
    if result.matched_count == 0:
        raise ConcurrentModification(f"{type(aggregate).__name__} {aggregate.pk} changed meanwhile")
    aggregate.revision += 1
    return entries


def update_where(collection: Collection, document_id, condition: dict, changes: dict,
                 events: Sequence[Event], request_id: str | None = None,
                 projection: dict | None = None) -> tuple[dict, list[dict]] | None:
    """Applies `changes` (update operators) with the events and `request_id`, in one write, if
    the document matches `condition` and has not recorded `request_id` yet; returns the
    document as written (its `projection`: what the caller reads of it) and its outbox
    entries, or None. The events' envelopes name the revision this write
    produced once it is known (here, after the write): a copy left for the sweeper by a
    crash goes out without it."""
    entries = [outbox_entry(e) for e in events]
    pushes: dict[str, Any] = {"outbox": {"$each": entries}}
    guard = {"_id": document_id, **condition}
    if request_id:
        pushes["request_ids"] = {"$each": [request_id], "$slice": -Aggregate.RECENT_REQUESTS}
        guard["request_ids"] = {"$ne": request_id}
    update = {**changes, "$inc": {**changes.get("$inc", {}), "revision": 1},
              "$push": {**changes.get("$push", {}), **pushes}}
    if projection is not None:
        projection = {**projection, "revision": 1}
    written = collection.find_one_and_update(guard, update, projection=projection,
                                             return_document=ReturnDocument.AFTER)
    if written is None:
        return None
    for entry in entries:
        entry["envelope"]["revision"] = written["revision"]
    return written, entries


def ensure_outbox_index(collection: Collection) -> None:
    collection.create_index(Aggregate.OUTBOX_INDEX, name="outbox_pending")


def ensure_request_index(collection: Collection) -> None:
    """Sparse, not partial: the local server treats a missing field as a duplicate null
    under a partial unique index (measured), and documents created without a request id
    have none."""
    collection.create_index(Aggregate.CREATED_BY_INDEX, name="one_per_request", unique=True,
                            sparse=True)


def pending_entries(collection: Collection, occurred_before: datetime):
    """Yields (document id, entry) for events still waiting in the outbox."""
    query = {Aggregate.OUTBOX_INDEX: {"$lte": occurred_before}}
    for document in collection.find(query, {"outbox": 1}):
        for entry in document.get("outbox", []):
            occurred_at = entry["occurred_at"]
            if occurred_at.tzinfo is None:  # the local server returns naive UTC datetimes
                occurred_at = occurred_at.replace(tzinfo=UTC)
            if occurred_at <= occurred_before:
                yield document["_id"], entry
