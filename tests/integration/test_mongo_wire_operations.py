"""What the catalog's atomic steps ask of the database, checked on the local Mongo-wire
server: each test is one operation as MongoDB documents it, so the design may rely on it
(and a test marked xfail names an operation the local server does not do as MongoDB does).

The shape they assume: a session document holds its enrollments in a map by id, its waiting
list as an array of ids, a counter of seats left and the emails already enrolled."""

from datetime import UTC, datetime, timedelta

import pytest
from pymongo import ReturnDocument
from pymongo.database import Database
from pymongo.errors import WriteError

from shared.storage import mongo
from tests.support.concurrency import at_once

pytestmark = pytest.mark.integration
JUNE = datetime(2027, 6, 1, tzinfo=UTC)


@pytest.fixture
def db(isolated_env) -> Database:
    return mongo.connect("catalog")


def session(db: Database, **fields) -> str:
    document = {"_id": "s1", "seats_left": 0, "waitlist": [], "confirmed": [],
                "active_emails": [], "enrollments": {}, **fields}
    db.sessions.insert_one(document)
    return document["_id"]


def test_a_promotion_sets_two_enrollments_of_a_map_in_one_conditional_write(db):
    s = session(db, enrollments={"e1": {"status": "confirmed"}, "e2": {"status": "waitlisted"}})

    after = db.sessions.find_one_and_update(
        {"_id": s, "enrollments.e1.status": "confirmed"},
        {"$set": {"enrollments.e1.status": "cancelled", "enrollments.e2.status": "confirmed"}},
        return_document=ReturnDocument.AFTER)
    again = db.sessions.find_one_and_update(
        {"_id": s, "enrollments.e1.status": "confirmed"},
        {"$set": {"enrollments.e1.status": "cancelled"}}, return_document=ReturnDocument.AFTER)

    assert after["enrollments"] == {"e1": {"status": "cancelled"}, "e2": {"status": "confirmed"}}
    assert again is None  # the condition no longer holds: the second cancel changes nothing


def test_the_head_of_the_waiting_list_is_matched_by_its_index(db):
    session(db, _id="s1", waitlist=["e2", "e3"])
    session(db, _id="s2", waitlist=[])

    assert [d["_id"] for d in db.sessions.find({"waitlist.0": "e2"})] == ["s1"]
    assert [d["_id"] for d in db.sessions.find({"waitlist.0": "e3"})] == []
    assert [d["_id"] for d in db.sessions.find({"waitlist.0": {"$exists": False}})] == ["s2"]
    # a bounded list has room while its last allowed index does not exist
    assert [d["_id"] for d in db.sessions.find({"waitlist.1": {"$exists": False}})] == ["s2"]


@pytest.mark.parametrize("take_from_waitlist, left", [
    ({"$pop": {"waitlist": -1}}, ["e3", "e4"]),   # the first waitlisted person is promoted
    ({"$pull": {"waitlist": "e3"}}, ["e2", "e4"]),  # a waitlisted person cancels
])
def test_leaving_the_waiting_list_goes_with_a_counter_and_another_array_in_one_write(
        db, take_from_waitlist, left):
    s = session(db, seats_left=1, waitlist=["e2", "e3", "e4"], confirmed=["e1"])

    result = db.sessions.update_one({"_id": s}, {
        **take_from_waitlist, "$inc": {"seats_left": -1}, "$push": {"confirmed": "e9"}})

    stored = db.sessions.find_one({"_id": s})
    assert result.modified_count == 1
    assert (stored["waitlist"], stored["seats_left"], stored["confirmed"]) == (left, 0, ["e1", "e9"])


def test_two_operators_on_one_array_in_one_write_are_refused_as_on_mongodb(db):
    s = session(db, waitlist=["e2", "e3"])

    with pytest.raises(WriteError, match="conflict"):
        db.sessions.update_one({"_id": s}, {"$pop": {"waitlist": -1}, "$pull": {"waitlist": "e3"}})

    assert db.sessions.find_one({"_id": s})["waitlist"] == ["e2", "e3"]


def test_an_email_enrolls_only_if_the_array_of_active_emails_does_not_hold_it(db):
    s = session(db, active_emails=["awa@example.org"])

    def enroll(email: str) -> int:
        return db.sessions.update_one({"_id": s, "active_emails": {"$ne": email}},
                                      {"$push": {"active_emails": email}}).modified_count

    assert (enroll("awa@example.org"), enroll("fatou@example.org")) == (0, 1)
    assert db.sessions.find_one({"_id": s})["active_emails"] == ["awa@example.org",
                                                                 "fatou@example.org"]


def test_fifty_concurrent_takers_get_exactly_the_ten_seats(db):
    s = session(db, seats_left=10)

    def take() -> int:
        return db.sessions.update_one({"_id": s, "seats_left": {"$gt": 0}},
                                      {"$inc": {"seats_left": -1}}).modified_count

    assert sum(at_once(*[take] * 50)) == 10
    assert db.sessions.find_one({"_id": s})["seats_left"] == 0


def test_the_trainings_with_an_open_session_in_a_city_and_a_date_range_are_distinct_ids(db):
    db.sessions.insert_many([
        {"training_id": "t1", "starts_at": JUNE, "city": "Bruxelles", "seats_left": 3},
        {"training_id": "t1", "starts_at": JUNE + timedelta(days=7), "city": "Bruxelles", "seats_left": 1},
        {"training_id": "t2", "starts_at": JUNE, "city": "Bruxelles", "seats_left": 0},
        {"training_id": "t3", "starts_at": JUNE + timedelta(days=90), "city": "Bruxelles", "seats_left": 5},
        {"training_id": "t4", "starts_at": JUNE, "city": "Namur", "seats_left": 5},
    ])

    found = db.sessions.distinct("training_id", {
        "starts_at": {"$gte": JUNE, "$lt": JUNE + timedelta(days=30)},
        "city": "Bruxelles", "seats_left": {"$gt": 0}})

    assert found == ["t1"]


def test_a_search_requires_every_term_of_a_multikey_array_in_pages_by_id(db):
    db.trainings.insert_many([
        {"_id": "t1", "search_terms": ["francais", "langue"]},
        {"_id": "t2", "search_terms": ["etrangere", "francais", "langue"]},
        {"_id": "t3", "search_terms": ["francais"]},
        {"_id": "t4", "search_terms": ["langue", "numerique"]},
        {"_id": "t5", "search_terms": ["francais", "langue", "niveau"]},
    ])

    page = db.trainings.find({"search_terms": {"$all": ["langue", "francais"]}}).sort("_id", -1).limit(2)

    assert [d["_id"] for d in page] == ["t5", "t2"]
    # MongoDB's `$all: []` matches nothing: a query without words must leave the filter out
    assert db.trainings.count_documents({"search_terms": {"$all": []}}) == 0


def test_an_organizations_newer_revision_updates_only_the_older_copies_of_its_trainings(db):
    db.trainings.insert_many([
        {"_id": "t1", "organization_id": "o1", "organization_revision": 2, "visible": True},
        {"_id": "t2", "organization_id": "o1", "organization_revision": 3, "visible": True},
        {"_id": "t3", "organization_id": "o2", "organization_revision": 1, "visible": True},
    ])

    result = db.trainings.update_many(
        {"organization_id": "o1", "organization_revision": {"$lt": 3}},
        {"$set": {"visible": False, "organization_revision": 3}})

    assert result.modified_count == 1
    assert {d["_id"]: d["visible"] for d in db.trainings.find()} == {"t1": False, "t2": True, "t3": True}
