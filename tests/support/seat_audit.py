"""The books of one session after a storm: its document as stored, what its clients were
answered and the events published about it, checked against each other. Each finding is a
sentence naming the enrollment, filed as a broken seat rule, lost, applied twice, or an event
that says otherwise than the state."""

from collections import Counter
from dataclasses import dataclass, field

ENROLLED_EVENTS = ("enrollment.confirmed", "enrollment.waitlisted")


@dataclass
class Answered:
    """What the clients were told: 201 receipts of enrollments, enrollment ids answered 200
    to a cancellation, their own writes refused as already done (409), and commands that
    failed otherwise (no final answer in time, or an error: None or the status)."""

    enrolled: dict[str, dict] = field(default_factory=dict)  # email -> receipt
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


def audit(session: dict, answered: Answered, events: list[dict]) -> Audit:
    found = Audit()
    check_seats(session, found)
    check_answers(session, answered, found)
    check_events(session, events, found)
    return found


def check_seats(session: dict, found: Audit) -> None:
    enrollments, capacity = session["enrollments"], session["capacity"]
    confirmed = [i for i, e in enrollments.items() if e["status"] == "confirmed"]
    waiting = {i for i, e in enrollments.items() if e["status"] == "waitlisted"}
    queue = session["waitlist"]
    rules = [
        (len(confirmed) <= capacity, f"{len(confirmed)} confirmed on {capacity} seats"),
        (session["seats_left"] == capacity - len(confirmed),
         f"seats_left {session['seats_left']} with {len(confirmed)} of {capacity} confirmed"),
        (len(queue) == len(set(queue)), f"waiting list holds someone twice: {queue}"),
        (set(queue) == waiting, f"waiting list {queue} is not the waitlisted {sorted(waiting)}"),
        (not queue or len(confirmed) == capacity,
         f"a seat leaked: {capacity - len(confirmed)} free while {len(queue)} wait"),
        (Counter(session["active_emails"]) == Counter(
            e["email_key"] for e in enrollments.values() if e["status"] != "cancelled"),
         "active_emails is not the emails of the active enrollments"),
    ]
    found.seat_rules += [broken for holds, broken in rules if not holds]


def check_answers(session: dict, answered: Answered, found: Audit) -> None:
    enrollments = session["enrollments"]
    for email, receipt in answered.enrolled.items():
        stored = enrollments.get(receipt["id"])
        if stored is None or stored["email"] != email:
            found.lost.append(f"{receipt['id']} answered 201 is not stored for {email}")
    for enrollment_id in answered.cancelled:
        if enrollments.get(enrollment_id, {}).get("status") != "cancelled":
            found.lost.append(f"{enrollment_id} answered cancelled is not cancelled")
    found.lost += [f"failed: {what}" for what in answered.failed]
    found.twice += [f"own write decided again: {what}" for what in answered.refused_own_write]
    per_email = Counter(e["email_key"] for e in enrollments.values())
    found.twice += [f"{email} enrolled {n} times" for email, n in per_email.items() if n > 1]


def check_events(session: dict, events: list[dict], found: Audit) -> None:
    """Each enrollment has exactly one event saying it came in (of the kind its state says),
    one per promotion and one per cancellation; no event speaks of anything not stored.
    Copies of one event (same id: the relay and a sweeper both published it) count once."""
    enrollments = session["enrollments"]
    expected = {"enrollment.promoted": {i for i, e in enrollments.items() if e.get("promoted_at")},
                "enrollment.cancelled": {i for i, e in enrollments.items()
                                         if e["status"] == "cancelled"},
                "enrolled": set(enrollments)}
    published = _distinct_events_by_enrollment(
        [e for e in events if e["payload"]["session_id"] == session["_id"]])
    for kind, should in expected.items():
        seen = published.get(kind, {})
        found.lost += [f"{i}: no {kind} event" for i in should - set(seen)]
        found.twice += [f"{i}: {len(ids)} distinct {kind} events" for i, ids in seen.items()
                        if len(ids) > 1]
        found.twice += [f"{i}: {kind} event of nothing stored" for i in set(seen) - should]
    for enrollment_id, types in published.get("enrolled_as", {}).items():
        came_in = _came_in_as(enrollments.get(enrollment_id))
        if came_in is not None and types != {came_in}:
            found.contradicted.append(f"{enrollment_id} came in {came_in}, published {types}")


def _came_in_as(enrollment: dict | None) -> str | None:
    """The event its state says it came in with (None: a cancelled one never promoted
    may have come in either way)."""
    if enrollment is None:
        return None
    if enrollment.get("promoted_at") or enrollment["status"] == "waitlisted":
        return "enrollment.waitlisted"
    return "enrollment.confirmed" if enrollment["status"] == "confirmed" else None


def _distinct_events_by_enrollment(events: list[dict]) -> dict[str, dict[str, set]]:
    """kind -> enrollment id -> the distinct event ids ("enrolled" gathers confirmed and
    waitlisted; "enrolled_as" their types)."""
    by_kind: dict[str, dict[str, set]] = {}
    for event in events:
        kind = "enrolled" if event["type"] in ENROLLED_EVENTS else event["type"]
        enrollment_id = event["payload"]["enrollment_id"]
        by_kind.setdefault(kind, {}).setdefault(enrollment_id, set()).add(event["id"])
        if kind == "enrolled":
            by_kind.setdefault("enrolled_as", {}).setdefault(enrollment_id, set()).add(event["type"])
    return by_kind
