"""The catalog's event handlers, called as plain functions from their table (no nameko, no
broker), on a replica collection kept in memory."""

from datetime import UTC, datetime
from types import SimpleNamespace

from pymongo.errors import DuplicateKeyError

from services.catalog.handlers import ORGANIZATION_EVENTS
from shared.contract.events import Event


class ReplicaInMemory:
    """Answers the guarded upserts of shared/storage/effects.py as MongoDB does."""

    def __init__(self):
        self.documents: dict[str, dict] = {}

    def update_one(self, guard: dict, update: dict, upsert: bool = False):
        stored = self.documents.get(guard["_id"])
        if stored is not None and stored["revision"] < guard["revision"]["$lt"]:
            stored.update(update["$set"])
            return SimpleNamespace(matched_count=1)
        if stored is not None and upsert:
            raise DuplicateKeyError("E11000 duplicate key error")
        if upsert:
            self.documents[guard["_id"]] = dict(update["$set"])
        return SimpleNamespace(matched_count=0)


def organization_event(event_type: str, revision: int, **payload) -> Event:
    return Event(f"e{revision}", event_type, 2, datetime.now(UTC), "partnerships", "c1",
                 {"organization_id": "o1", **payload}, aggregate_id="o1", revision=revision)


def test_the_catalog_consumes_the_verification_and_suspension_of_organizations():
    assert set(ORGANIZATION_EVENTS) == {"organization.verified", "organization.suspended"}


def test_a_late_verification_does_not_undo_a_suspension():
    replicas = ReplicaInMemory()
    database = {"organizations": replicas}
    for event in (organization_event("organization.verified", 2, name="Awa", city="Dakar"),
                  organization_event("organization.suspended", 3, reason="inactive"),
                  organization_event("organization.verified", 2, name="Awa", city="Dakar")):
        ORGANIZATION_EVENTS.handle(event, database)
    stored = replicas.documents["o1"]
    assert (stored["status"], stored["revision"], stored["city"]) == ("suspended", 3, "Dakar")
