"""The catalog's event handlers, called as plain functions from their table (no nameko, no
broker), on collections kept in memory."""

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


class TrainingsInMemory:
    """Answers the revision-guarded update_many of replica.list_owned as MongoDB does."""

    def __init__(self, *documents: dict):
        self.documents = list(documents)

    def update_many(self, guard: dict, update: dict):
        matching = [d for d in self.documents if d["organization_id"] == guard["organization_id"]
                    and d["organization_revision"] < guard["organization_revision"]["$lt"]]
        for document in matching:
            document.update(update["$set"])
        return SimpleNamespace(modified_count=len(matching))


def test_the_catalog_consumes_the_verification_and_suspension_of_organizations():
    assert set(ORGANIZATION_EVENTS) == {"organization.verified", "organization.suspended"}


def test_a_late_verification_does_not_undo_a_suspension():
    replicas = ReplicaInMemory()
    database = {"organizations": replicas, "trainings": TrainingsInMemory()}
    for event in (organization_event("organization.verified", "o1", 2, name="Awa", city="Dakar"),
                  organization_event("organization.suspended", "o1", 3, reason="inactive"),
                  organization_event("organization.verified", "o1", 2, name="Awa", city="Dakar")):
        ORGANIZATION_EVENTS.handle(event, database)
    stored = replicas.documents["o1"]
    assert (stored["status"], stored["revision"], stored["city"]) == ("suspended", 3, "Dakar")


def test_a_suspended_organizations_trainings_leave_the_catalog_and_come_back_when_verified():
    trainings = TrainingsInMemory(
        {"_id": "t1", "organization_id": "o1", "organization_listed": True, "organization_revision": 0},
        {"_id": "t2", "organization_id": "o2", "organization_listed": True, "organization_revision": 0})
    database = {"organizations": ReplicaInMemory(), "trainings": trainings}

    def listed() -> dict:
        return {d["_id"]: d["organization_listed"] for d in trainings.documents}

    ORGANIZATION_EVENTS.handle(organization_event("organization.suspended", "o1", 3, reason="x"),
                               database)
    assert listed() == {"t1": False, "t2": True}
    ORGANIZATION_EVENTS.handle(organization_event("organization.verified", "o1", 2), database)
    assert listed() == {"t1": False, "t2": True}  # late: the suspension is newer
    ORGANIZATION_EVENTS.handle(organization_event("organization.verified", "o1", 4), database)
    assert listed() == {"t1": True, "t2": True}
