"""The seating rules every place with seats shares (shared/rules/seating.py): seated while
seats are left, queued after, held for approval when asked; a freed seat goes to the first
waiting; an approval needs a free seat; closing sends everyone out."""

from shared.rules.seating import Approve, CloseAll, Join, Leave, Place, Refusal, Seating


def seating(capacity: int = 2, queue_limit: int = 3) -> Seating:
    return Seating(capacity, capacity, queue_limit=queue_limit)


def join(seats: Seating, name: str, hold: bool = False) -> Place | Refusal:
    place = seats.admission(f"{name}@example.org", hold)
    if isinstance(place, Place):
        seats.apply(Join(name, f"{name}@example.org", place, None, ()))
    return place


def leave(seats: Seating, name: str, was: Place) -> str | None:
    promoted = seats.successor(was)
    seats.apply(Leave(name, f"{name}@example.org", was, "cancelled", promoted, None, ()))
    return promoted


def test_seated_while_seats_are_left_then_queued_until_the_queue_is_full():
    seats = seating(capacity=2, queue_limit=2)
    places = [join(seats, name) for name in ("awa", "binta", "chantal", "dalila", "esther")]
    assert places == [Place.SEATED, Place.SEATED, Place.QUEUED, Place.QUEUED, Refusal.QUEUE_FULL]
    assert (seats.left, seats.queue) == (0, ["chantal", "dalila"])
    assert [seats.position_of(n) for n in ("awa", "chantal", "dalila")] == [None, 1, 2]


def test_a_key_already_in_is_refused_wherever_it_stands():
    seats = seating(capacity=1)
    for name, hold in (("awa", False), ("binta", False), ("chantal", True)):
        join(seats, name, hold)
    assert {seats.admission(f"{n}@example.org") for n in ("awa", "binta", "chantal")} == {
        Refusal.DUPLICATE}


def test_a_freed_seat_goes_to_the_first_waiting_and_the_queue_closes_up():
    seats = seating(capacity=1)
    for name in ("awa", "binta", "chantal"):
        join(seats, name)
    assert leave(seats, "awa", Place.SEATED) == "binta"
    assert (seats.left, seats.queue, seats.position_of("chantal")) == (0, ["chantal"], 1)
    assert leave(seats, "chantal", Place.QUEUED) is None
    assert leave(seats, "binta", Place.SEATED) is None and seats.left == 1
    assert seats.keys == set()


def test_a_held_newcomer_takes_no_seat_until_approved_and_an_approval_needs_one():
    seats = seating(capacity=1)
    assert join(seats, "awa", hold=True) is Place.HELD and seats.left == 1
    join(seats, "binta", hold=True)
    assert seats.approval() is None
    seats.apply(Approve("awa", None, ()))
    assert (seats.left, seats.approval()) == (0, Refusal.FULL)
    assert leave(seats, "binta", Place.HELD) is None and seats.keys == {"awa@example.org"}


def test_closing_sends_everyone_out_and_frees_their_seats():
    seats = seating(capacity=2)
    for name in ("awa", "binta", "chantal"):
        join(seats, name)
    seats.apply(CloseAll(("awa", "binta", "chantal"), 2, "cancelled", None, ()))
    assert (seats.left, seats.queue, seats.keys) == (2, [], set())
