"""A service's replica of the partner organizations, kept from partnerships' events, and
the listing of what they own (the catalog's trainings, the conferences).

A service learns which organizations are verified from `organization.verified` /
`organization.suspended`, never from the partnerships database. Events may arrive twice or
out of order: each envelope names the organization and its revision, and a replica only ever
moves forward to a higher revision, in the same write as the change
(shared/storage/effects.py). What an organization owns carries `organization_listed` (shown
to the public while it is verified) and the `organization_revision` it was set at, so a late
event changes nothing there either.
"""

from datetime import UTC, datetime

from mongoengine import DateTimeField, Document, IntField, ListField, StringField
from pymongo.collection import Collection

from shared.contract.events import Event
from shared.storage.effects import apply_if_newer

REPLICATED_FIELDS = ("name", "country", "city", "region", "sectors", "language")


class OrganizationReplicaDocument(Document):
    """A partner organization as a service knows it; each service's models.py derives it with
    its own database: `class OrganizationReplica(OrganizationReplicaDocument): meta = {...}`."""

    meta: dict = {"abstract": True}

    id = StringField(primary_key=True)
    name = StringField()
    country = StringField()
    city = StringField()
    region = StringField()
    sectors = ListField(StringField())
    language = StringField()
    status = StringField(required=True)
    revision = IntField(required=True)
    updated_at = DateTimeField()
STATUS_BY_EVENT = {"organization.verified": "verified", "organization.suspended": "suspended"}


def replica_update(event: Event) -> dict:
    """What an organization event changes in the replica (its revision aside)."""
    payload = event.payload
    changes = {"status": STATUS_BY_EVENT[event.type], "updated_at": datetime.now(UTC)}
    changes.update({f: payload[f] for f in REPLICATED_FIELDS if f in payload})
    return changes


def apply(collection: Collection, event: Event) -> bool:
    """Applies the event if it is newer than the replica; False if it was stale."""
    if event.aggregate_id is None or event.revision is None:
        raise ValueError(f"{event.type} {event.id} names no organization revision to order it by")
    return apply_if_newer(collection, event.aggregate_id, event.revision, replica_update(event))


def list_owned(collection: Collection, event: Event) -> int:
    """Shows or hides what the organization owns in `collection` (a suspended organization's
    trainings leave the public catalog, and come back when it is verified again). Guarded by
    the revision like the replica: a late event changes nothing; returns how many changed.
    Each one's `revision` moves too, so a save that read it before decides again."""
    if event.aggregate_id is None or event.revision is None:
        raise ValueError(f"{event.type} {event.id} names no organization revision to order it by")
    listed = STATUS_BY_EVENT[event.type] == "verified"
    return collection.update_many(
        {"organization_id": event.aggregate_id, "organization_revision": {"$lt": event.revision}},
        {"$set": {"organization_listed": listed, "organization_revision": event.revision},
         "$inc": {"revision": 1}},  # a training's save read before this one decides again
    ).modified_count


def list_new(replicas: Collection, collection: Collection, owned_id: str,
             organization_id: str) -> None:
    """Lists a thing just created (unlisted, revision 0) as its organization's replica says.
    Run after the insert: an `organization.*` event handled before the insert has reached the
    replica, so this read sees it; one handled after it lists the thing itself
    (`list_owned`: the handler writes the replica first). The newest revision wins."""
    organization = replicas.find_one({"_id": organization_id}, {"status": 1, "revision": 1})
    if organization is None:
        return  # its organization.verified event lists it when it comes
    collection.update_one(
        {"_id": owned_id, "organization_revision": {"$lt": organization["revision"]}},
        {"$set": {"organization_listed": organization["status"] == "verified",
                  "organization_revision": organization["revision"]},
         "$inc": {"revision": 1}})
