"""The seating steps as written (shared/storage/seat_writes.py), on the local Mongo-wire
server: each applies while what it was decided on holds, and is refused, changing nothing,
once it does not. The catalog's sessions use seated, queued and close-all every day
(tests/integration/test_session_steps.py); held and approved are here first."""

import pytest
from pymongo.database import Database

from shared.rules.seating import Approve, CloseAll, Join, Leave, Place, Resize
from shared.storage import mongo
from shared.storage.seat_writes import SeatFields, seat_write

pytestmark = pytest.mark.integration
FIELDS = SeatFields(holders="registrations", queue_limit=2, record=lambda holder: holder,
                    statuses={Place.SEATED: "confirmed", Place.QUEUED: "waitlisted",
                              Place.HELD: "pending_approval"})


@pytest.fixture
def db(isolated_env) -> Database:
    return mongo.connect("seating")


def place(db: Database, seats: int) -> None:
    db.places.insert_one({"_id": "p1", "seats_left": seats, "waitlist": [], "active_emails": [],
                          "registrations": {}})


def step(db: Database, taken) -> bool:
    """Writes the step; whether the database applied it."""
    condition, update = seat_write(taken, FIELDS)
    return db.places.update_one({"_id": "p1", **condition}, update).modified_count == 1


def join(name: str, where: Place) -> Join:
    return Join(name, f"{name}@example.org", where, {"name": name, "status": FIELDS.statuses[where]}, ())


def test_a_held_newcomer_takes_no_seat_and_an_approval_takes_the_last_one_once(db):
    place(db, seats=1)
    assert step(db, join("awa", Place.HELD)) and step(db, join("binta", Place.HELD))
    assert not step(db, join("awa", Place.HELD))  # the same key again

    assert step(db, Approve("awa", "t1", ()))
    assert not step(db, Approve("binta", "t2", ()))  # no seat left
    assert not step(db, Approve("awa", "t3", ()))  # approved already
    stored = db.places.find_one({"_id": "p1"})
    assert stored["seats_left"] == 0
    assert {n: r["status"] for n, r in stored["registrations"].items()} == {
        "awa": "confirmed", "binta": "pending_approval"}
    assert stored["registrations"]["awa"]["approved_at"] == "t1"


def test_leaving_a_hold_frees_the_key_and_no_seat(db):
    place(db, seats=1)
    step(db, join("awa", Place.HELD))
    assert step(db, Leave("awa", "awa@example.org", Place.HELD, "rejected", None, "t", ()))
    assert not step(db, Leave("awa", "awa@example.org", Place.HELD, "rejected", None, "t", ()))
    stored = db.places.find_one({"_id": "p1"})
    assert (stored["seats_left"], stored["active_emails"]) == (1, [])
    assert stored["registrations"]["awa"] == {"name": "awa", "status": "rejected",
                                              "rejected_at": "t"}


def test_a_promotion_is_refused_once_another_is_first_in_the_queue(db):
    place(db, seats=1)
    for name, where in (("awa", Place.SEATED), ("binta", Place.QUEUED), ("chantal", Place.QUEUED)):
        assert step(db, join(name, where))
    assert not step(db, join("dalila", Place.QUEUED))  # the queue's limit is 2
    assert not step(db, Leave("awa", "awa@example.org", Place.SEATED, "cancelled", "chantal", "t", ()))
    assert step(db, Leave("awa", "awa@example.org", Place.SEATED, "cancelled", "binta", "t", ()))
    stored = db.places.find_one({"_id": "p1"})
    assert (stored["waitlist"], stored["registrations"]["binta"]["status"]) == (["chantal"], "confirmed")


def test_closing_is_refused_if_anyone_came_in_after_it_was_decided(db):
    place(db, seats=2)
    assert step(db, join("awa", Place.SEATED)) and step(db, join("binta", Place.HELD))
    decided = CloseAll(("awa", "binta"), 1, "cancelled", "t", ())
    step(db, join("chantal", Place.SEATED))
    assert not step(db, decided)
    assert step(db, CloseAll(("awa", "binta", "chantal"), 2, "cancelled", "t", ()))
    stored = db.places.find_one({"_id": "p1"})
    assert (stored["seats_left"], stored["active_emails"], stored["waitlist"]) == (2, [], [])
    assert {r["status"] for r in stored["registrations"].values()} == {"cancelled"}


def test_a_resize_that_promotes_holds_only_on_the_seating_it_was_decided_on(db):
    place(db, seats=1)
    for name, where in (("awa", Place.SEATED), ("binta", Place.QUEUED), ("chantal", Place.QUEUED)):
        step(db, join(name, where))
    decided = Resize(2, ("binta", "chantal"), 0, ("binta", "chantal"), "t", ())
    assert not step(db, Resize(1, ("chantal",), 0, ("chantal",), "t", ()))  # another queue
    assert step(db, decided)
    assert not step(db, decided)  # the seating moved: decided again, it promotes nobody
    stored = db.places.find_one({"_id": "p1"})
    assert (stored["seats_left"], stored["waitlist"]) == (0, [])
    assert {n: r["status"] for n, r in stored["registrations"].items()} == {
        "awa": "confirmed", "binta": "confirmed", "chantal": "confirmed"}
    assert step(db, Resize(-1, (), 0, (), "t", ())) is False  # fewer seats than taken
    assert step(db, Resize(3, (), 0, (), "t", ()))
    assert db.places.find_one({"_id": "p1"})["seats_left"] == 3
