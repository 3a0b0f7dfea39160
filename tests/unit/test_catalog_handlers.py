"""The catalog's event handlers, called as plain functions from their table (no nameko, no
broker), on a replica collection kept in memory."""

from types import SimpleNamespace

from pymongo.errors import DuplicateKeyError

from services.catalog.handlers import ORGANIZATION_EVENTS
from tests.support.organizations import organization_event


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


def test_the_catalog_consumes_the_verification_and_suspension_of_organizations():
    assert set(ORGANIZATION_EVENTS) == {"organization.verified", "organization.suspended"}


def test_a_late_verification_does_not_undo_a_suspension():
    replicas = ReplicaInMemory()
    database = {"organizations": replicas}
    for event in (organization_event("organization.verified", "o1", 2, name="Awa", city="Dakar"),
                  organization_event("organization.suspended", "o1", 3, reason="inactive"),
                  organization_event("organization.verified", "o1", 2, name="Awa", city="Dakar")):
        ORGANIZATION_EVENTS.handle(event, database)
    stored = replicas.documents["o1"]
    assert (stored["status"], stored["revision"], stored["city"]) == ("suspended", 3, "Dakar")
