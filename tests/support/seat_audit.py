"""The books of one place with seats (a training session, a conference) after a storm: its
document as stored, what its clients were answered and the events published about it, checked
against each other. Each finding is a sentence naming the holder (an enrollment, a
registration), filed as a broken seat rule, lost, applied twice, or an event that says
otherwise than the state. A `Ledger` says how a service keeps and tells of its seats."""

from collections import Counter
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Ledger:
    """Where a place's document keeps its holders, the statuses they take and the events
    that tell of them (`<events>.confirmed`, `.waitlisted`, `.promoted`, `.cancelled`)."""

    holders: str  # the map of holders by id in the place's document
    place_field: str  # what names the place in its holders' events
    holder_field: str  # what names the holder there
    events: str  # the prefix of its holders' event types
    seated: str = "confirmed"
    queued: str = "waitlisted"
    cancelled: str = "cancelled"
    out: tuple[str, ...] = ("cancelled",)  # the statuses of holders no longer in

    def event(self, what: str) -> str:
        return f"{self.events}.{what}"


SESSION_ENROLLMENTS = Ledger("enrollments", "session_id", "enrollment_id", "enrollment")
CONFERENCE_REGISTRATIONS = Ledger("registrations", "conference_id", "registration_id",
                                  "registration", out=("cancelled", "rejected"))


@dataclass
class Answered:
    """What the clients were told: 201 receipts of joins (enrollments, registrations), holder
    ids answered 200 to a cancellation, their own writes refused as already done (409), and
    commands that failed otherwise (no final answer in time, or an error: None or the status)."""

    joined: dict[str, dict] = field(default_factory=dict)  # email -> receipt
    cancelled: set[str] = field(default_factory=set)
    refused_own_write: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    retried: int = 0  # commands that took more than one attempt (a 503 or 504 on the way)


@dataclass
class Audit:
    seat_rules: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    twice: list[str] = field(default_factory=list)
    contradicted: list[str] = field(default_factory=list)


def audit(place: dict, answered: Answered, events: list[dict], ledger: Ledger) -> Audit:
    found = Audit()
    check_seats(place, ledger, found)
    check_answers(place, answered, ledger, found)
    check_events(place, events, ledger, found)
    return found


def check_seats(place: dict, ledger: Ledger, found: Audit) -> None:
    holders, capacity = place[ledger.holders], place["capacity"]
    confirmed = [i for i, h in holders.items() if h["status"] == ledger.seated]
    waiting = {i for i, h in holders.items() if h["status"] == ledger.queued}
    active_keys = [h["email_key"] for h in holders.values() if h["status"] not in ledger.out]
    queue = place["waitlist"]
    rules = [
        (len(confirmed) <= capacity, f"{len(confirmed)} confirmed on {capacity} seats"),
        (place["seats_left"] == capacity - len(confirmed),
         f"seats_left {place['seats_left']} with {len(confirmed)} of {capacity} confirmed"),
        (len(queue) == len(set(queue)), f"waiting list holds someone twice: {queue}"),
        (set(queue) == waiting, f"waiting list {queue} is not the waitlisted {sorted(waiting)}"),
        (not queue or len(confirmed) == capacity,
         f"a seat leaked: {capacity - len(confirmed)} free while {len(queue)} wait"),
        (Counter(place["active_emails"]) == Counter(active_keys),
         f"active_emails is not the emails of the active {ledger.holders}"),
    ]
    found.seat_rules += [broken for holds, broken in rules if not holds]


def check_positions(listed: dict[str, int], place: dict, found: Audit) -> None:
    """The waiting positions the service answers (holder id -> position) are 1..N in the
    stored waiting list's order: no gap, no position twice."""
    expected = {holder_id: n for n, holder_id in enumerate(place["waitlist"], start=1)}
    if listed != expected:
        found.seat_rules.append(f"waiting positions {sorted(listed.values())} are not "
                                f"1..{len(expected)} in the waiting list's order")


def check_answers(place: dict, answered: Answered, ledger: Ledger, found: Audit) -> None:
    holders = place[ledger.holders]
    for email, receipt in answered.joined.items():
        stored = holders.get(receipt["id"])
        if stored is None or stored["email"] != email:
            found.lost.append(f"{receipt['id']} answered 201 is not stored for {email}")
    for holder_id in answered.cancelled:
        if holders.get(holder_id, {}).get("status") != ledger.cancelled:
            found.lost.append(f"{holder_id} answered cancelled is not cancelled")
    found.lost += [f"failed: {what}" for what in answered.failed]
    found.twice += [f"own write decided again: {what}" for what in answered.refused_own_write]
    per_email = Counter(h["email_key"] for h in holders.values())  # in twice, or ever twice
    found.twice += [f"{email} joined {n} times" for email, n in per_email.items() if n > 1]


def check_events(place: dict, events: list[dict], ledger: Ledger, found: Audit) -> None:
    """Each holder has exactly one event saying it came in (of the kind its state says),
    one per promotion and one per cancellation; no event speaks of anything not stored.
    Copies of one event (same id: the relay and a sweeper both published it) count once."""
    holders = place[ledger.holders]
    expected = {ledger.event("promoted"): {i for i, h in holders.items() if h.get("promoted_at")},
                ledger.event("cancelled"): {i for i, h in holders.items()
                                            if h["status"] == ledger.cancelled},
                "joined": set(holders)}
    published = _distinct_events_by_holder(
        [e for e in events if e["payload"][ledger.place_field] == place["_id"]], ledger)
    for kind, should in expected.items():
        seen = published.get(kind, {})
        found.lost += [f"{i}: no {kind} event" for i in should - set(seen)]
        found.twice += [f"{i}: {len(ids)} distinct {kind} events" for i, ids in seen.items()
                        if len(ids) > 1]
        found.twice += [f"{i}: {kind} event of nothing stored" for i in set(seen) - should]
    for holder_id, types in published.get("joined_as", {}).items():
        came_in = _came_in_as(holders.get(holder_id), ledger)
        if came_in is not None and types != {came_in}:
            found.contradicted.append(f"{holder_id} came in {came_in}, published {types}")


def _came_in_as(holder: dict | None, ledger: Ledger) -> str | None:
    """The event its state says it came in with (None: a cancelled one never promoted
    may have come in either way)."""
    if holder is None:
        return None
    if holder.get("promoted_at") or holder["status"] == ledger.queued:
        return ledger.event(ledger.queued)
    return ledger.event(ledger.seated) if holder["status"] == ledger.seated else None


def _distinct_events_by_holder(events: list[dict], ledger: Ledger) -> dict[str, dict[str, set]]:
    """kind -> holder id -> the distinct event ids ("joined" gathers the seated and queued
    ones' events; "joined_as" their types)."""
    joined = (ledger.event(ledger.seated), ledger.event(ledger.queued))
    by_kind: dict[str, dict[str, set]] = {}
    for event in events:
        kind = "joined" if event["type"] in joined else event["type"]
        holder_id = event["payload"][ledger.holder_field]
        by_kind.setdefault(kind, {}).setdefault(holder_id, set()).add(event["id"])
        if kind == "joined":
            by_kind.setdefault("joined_as", {}).setdefault(holder_id, set()).add(event["type"])
    return by_kind
