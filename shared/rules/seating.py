"""Seats and a waiting list, first come first served: the rules a training session's
enrollments and a conference's registrations share.

A place with `capacity` seats keeps, beside its holders, what every decision reads: the seats
left, the queue of those waiting (holder ids, in arrival order) and the keys (folded emails)
of everyone still in: seated, waiting, or held for an organizer's approval. A position in the
queue is its index + 1, never stored, so whoever leaves, the others close up.

The rules decide and return a step, as data; `Seating.apply` is the step in memory, and
shared/storage/seat_writes.py writes the same step as one conditional update. The holders,
their vocabulary and their events are the service's: they come in as arguments and go out in
the steps.
"""

import enum
from dataclasses import dataclass, field
from typing import Any


class Place(enum.Enum):
    """Where a holder stands."""

    SEATED = "seated"
    QUEUED = "queued"
    HELD = "held"  # awaiting an organizer's approval: in, without a seat, not queued
    OUT = "out"  # cancelled, rejected: no longer counted


class Refusal(enum.Enum):
    DUPLICATE = "duplicate"  # this key is in already
    QUEUE_FULL = "queue full"
    FULL = "full"  # no seat left for an approval


@dataclass(frozen=True)
class Join:
    """A newcomer comes in: seated, queued or held (`place`)."""

    holder_id: str
    key: str
    place: Place
    holder: Any  # the service's holder (an enrollment, a registration), stored as it says
    events: tuple


@dataclass(frozen=True)
class Leave:
    """A holder goes out (`status`: the service's word for it: cancelled, rejected); if it
    held a seat and someone waits, the first waiting takes the seat in the same step."""

    holder_id: str
    key: str
    was: Place
    status: str
    promoted_id: str | None
    at: Any
    events: tuple


@dataclass(frozen=True)
class Approve:
    """A held holder takes a free seat."""

    holder_id: str
    at: Any
    events: tuple


@dataclass(frozen=True)
class CloseAll:
    """The place is cancelled: every holder still in goes out (`status`), with its event."""

    holder_ids: tuple[str, ...]
    freed_seats: int
    status: str
    at: Any
    events: tuple


@dataclass(frozen=True)
class Resize:
    """The capacity moves by `delta`: the seats left with it, and the seats it frees go to
    the first waiting (`promoted_ids`) in the same step. `left` and `queue` are the seating
    it was decided on: a step that promotes holds only while neither moved."""

    delta: int
    promoted_ids: tuple[str, ...]
    left: int
    queue: tuple[str, ...]
    at: Any
    events: tuple


SeatStep = Join | Leave | Approve | CloseAll | Resize


@dataclass
class Seating:
    capacity: int
    left: int
    queue: list[str] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)
    queue_limit: int = 1000

    def position_of(self, holder_id: str) -> int | None:
        """1 for the first waiting, None for anyone not waiting."""
        return self.queue.index(holder_id) + 1 if holder_id in self.queue else None

    def admission(self, key: str, hold: bool = False) -> Place | Refusal:
        """Where a newcomer with `key` goes: held if `hold` (an organizer approves), else
        seated while seats are left, else queued while the queue has room."""
        if key in self.keys:
            return Refusal.DUPLICATE
        if hold:
            return Place.HELD
        if self.left > 0:
            return Place.SEATED
        return Place.QUEUED if len(self.queue) < self.queue_limit else Refusal.QUEUE_FULL

    def successor(self, leaving: Place) -> str | None:
        """Who takes the seat `leaving` frees: the first waiting, if a seat is freed."""
        return self.queue[0] if leaving is Place.SEATED and self.queue else None

    def approval(self) -> Refusal | None:
        """An approval takes a seat: refused when none is left."""
        return None if self.left > 0 else Refusal.FULL

    def resized(self, delta: int) -> tuple[str, ...] | Refusal:
        """Who takes the seats a new capacity frees (the first waiting, in order); FULL when
        it would leave fewer seats than are taken."""
        if self.left + delta < 0:
            return Refusal.FULL
        return tuple(self.queue[:max(0, min(self.left + delta, len(self.queue)))])

    def apply(self, step: SeatStep) -> None:
        match step:
            case Join(holder_id=holder_id, key=key, place=place):
                self.keys.add(key)
                if place is Place.SEATED:
                    self.left -= 1
                elif place is Place.QUEUED:
                    self.queue.append(holder_id)
            case Leave(holder_id=holder_id, key=key, was=was, promoted_id=promoted):
                self.keys.discard(key)
                if was is Place.QUEUED:
                    self.queue.remove(holder_id)
                elif was is Place.SEATED and promoted is None:
                    self.left += 1
                elif promoted is not None:
                    self.queue.remove(promoted)
            case Approve():
                self.left -= 1
            case CloseAll(freed_seats=freed):
                self.left += freed
                self.queue.clear()
                self.keys.clear()
            case Resize(delta=delta, promoted_ids=promoted):
                self.capacity += delta
                self.left += delta - len(promoted)
                del self.queue[:len(promoted)]
