"""Conditional updates against the real Mongo-wire server and RabbitMQ: a seat is taken in
one write that checks seats are left, records the guest and appends the event, so many
concurrent requests never overbook and none of them has to retry."""

from dataclasses import dataclass

import eventlet
import pytest
from bson import ObjectId
from mongoengine import IntField, ListField, StringField

from shared.contract.declared_events import DomainEvent, event
from shared.messaging.rpc import rpc
from shared.service.store import Store
from shared.storage import outbox
from shared.storage.outbox import Aggregate
from shared.storage.repository import Repository
from tests.support.rpc_calls import rpc_call
from tests.support.waiting import wait_until

pytestmark = pytest.mark.integration
SEATS, GUESTS = 10, 100


@event("seat.taken", 1)
@dataclass(frozen=True)
class SeatTaken(DomainEvent):
    room_id: str
    guest: str


class Room(Aggregate):
    meta = {"db_alias": "seating", "collection": "rooms"}
    id = StringField(primary_key=True, default=lambda: str(ObjectId()))
    capacity = IntField(required=True)
    taken = IntField(default=0)
    guests = ListField(StringField())


class RoomRepository(Repository[Room]):
    document = Room
    noun = "room"

    def take_seat(self, room_id: str, guest: str) -> Room | None:
        """The room with the guest seated, or None if it was full: one write, no retry."""
        capacity = self.get(room_id).capacity
        return self.update_where(room_id, {"taken": {"$lt": capacity}},
                                 {"$inc": {"taken": 1}, "$push": {"guests": guest}},
                                 SeatTaken(room_id, guest))


class SeatingService:
    name = "seating"
    store = Store(rooms=RoomRepository)

    @rpc
    def open_room(self, capacity: int) -> str:
        return self.store.rooms.add(Room(capacity=capacity)).id

    @rpc
    def take_seat(self, room_id: str, guest: str) -> bool:
        return self.store.rooms.take_seat(room_id, guest) is not None


@pytest.fixture
def seating(proxy_to_running):
    return proxy_to_running(SeatingService)


@pytest.fixture
def writes(monkeypatch):
    """Counts the conditional writes the service makes (each request should make one)."""
    made = []
    write = outbox.update_where

    def counted(*args, **kwargs):
        made.append(args[1])
        return write(*args, **kwargs)

    monkeypatch.setattr(outbox, "update_where", counted)
    return made


@pytest.mark.spy_on("seat.*")
def test_a_hundred_concurrent_guests_take_exactly_the_ten_seats_without_retrying(
        config, seating, writes, spy):
    room_id = seating.open_room(SEATS)

    def take(guest: str) -> bool:
        return rpc_call(config, "seating", "take_seat", room_id, guest)

    seated = list(eventlet.GreenPool(GUESTS).imap(take, [f"guest-{n}" for n in range(GUESTS)]))

    room = Room.objects.get(pk=room_id)
    assert (seated.count(True), seated.count(False)) == (SEATS, GUESTS - SEATS)
    assert room.taken == len(room.guests) == SEATS and len(set(room.guests)) == SEATS
    assert len(writes) == GUESTS  # one write per request: nobody retried
    published = wait_until(lambda: (lambda e: e if len(e) == SEATS else None)(spy.events()))
    assert sorted(e["payload"]["guest"] for e in published) == sorted(room.guests)
    assert sorted(e["revision"] for e in published) == list(range(2, SEATS + 2))
    assert {e["aggregate_id"] for e in published} == {room_id}
    wait_until(lambda: Room.objects.get(pk=room_id).outbox == [])


def test_a_redelivered_conditional_update_is_not_applied_twice(config, seating):
    room_id = seating.open_room(2)
    for _ in range(2):  # the same request delivered twice: one seat, both answered "seated"
        assert rpc_call(config, "seating", "take_seat", room_id, "Awa",
                        request_id="request-1") is True
    room = Room.objects.get(pk=room_id)
    assert (room.taken, room.guests, room.revision) == (1, ["Awa"], 2)
