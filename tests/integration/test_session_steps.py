"""A session's steps written as single conditional updates, against the real Mongo-wire
server and RabbitMQ: many concurrent enrollments and cancellations never overbook, keep the
waiting list 1..N in arrival order, and promote in order (docs/catalog.md)."""

from datetime import UTC, datetime, timedelta

import pytest

from services.catalog.contract.trainings import CancelledBy, EnrollmentStatus, Language
from services.catalog.domain.enrollments import Enrollment
from services.catalog.domain.sessions import Location, Session
from services.catalog.models import SessionDocument
from services.catalog.repositories import SessionRepository
from shared.messaging.rpc import rpc
from shared.service.store import Store
from tests.support.concurrency import at_once
from tests.support.rpc_calls import rpc_call
from tests.support.waiting import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.spy_on("enrollment.*")]
NOW = datetime.now(UTC)


class Seating:
    """The catalog's enrollment steps, on their own (the catalog's RPC comes next)."""

    name = "catalog"  # its documents live in the catalog's database
    store = Store(sessions=SessionRepository)

    @rpc
    def open_session(self, capacity: int) -> str:
        session = Session(id=self.store.new_id("session"), training_id="t1",
                          organization_id="o1", training_title="Français langue étrangère",
                          starts_at=NOW + timedelta(days=7), ends_at=NOW + timedelta(days=7, hours=2),
                          capacity=capacity, location=Location(city="Bruxelles"),
                          closes_at=NOW + timedelta(days=6))
        return self.store.sessions.add(session).id

    @rpc
    def enroll(self, session_id: str, name: str) -> dict:
        newcomer = Enrollment(id=self.store.new_id("enrollment"), name=name,
                              email=f"{name}@example.org", language=Language.FR,
                              token_hash="h", enrolled_at=datetime.now(UTC))
        session, _ = self.store.sessions.take_step(
            session_id, lambda s: s.enroll(newcomer, datetime.now(UTC)))
        return {"status": str(session.enrollments[newcomer.id].status),
                "position": session.position_of(newcomer.id), "id": newcomer.id}

    @rpc
    def cancel(self, session_id: str, enrollment_id: str) -> None:
        self.store.sessions.take_step(session_id, lambda s: s.cancel_enrollment(
            enrollment_id, CancelledBy.PARTICIPANT, datetime.now(UTC)))


def stored(session_id: str) -> SessionDocument:
    return SessionDocument.objects.get(pk=session_id)


def test_two_hundred_concurrent_enrollments_on_twenty_seats(config, running, spy):
    running(Seating)
    session_id = rpc_call(config, "catalog", "open_session", 20)
    answers = at_once(*[lambda n=n: rpc_call(config, "catalog", "enroll", session_id, f"p{n}")
                        for n in range(200)])

    confirmed = [a for a in answers if a["status"] == "confirmed"]
    waiting = sorted(a["position"] for a in answers if a["status"] == "waitlisted")
    assert (len(confirmed), waiting) == (20, list(range(1, 181)))
    session = stored(session_id)
    assert session.seats_left == 0 and len(session.waitlist) == len(set(session.waitlist)) == 180
    assert len(session.enrollments) == len(set(session.active_emails)) == 200
    events = wait_until(lambda: (lambda e: e if len(e) == 200 else None)(spy.events()))
    assert sorted(e["type"] for e in events) == (
        ["enrollment.confirmed"] * 20 + ["enrollment.waitlisted"] * 180)


def test_cancellations_racing_enrollments_never_overbook_and_promote_in_order(config, running, spy):
    running(Seating)
    session_id = rpc_call(config, "catalog", "open_session", 5)
    first = [rpc_call(config, "catalog", "enroll", session_id, f"early{n}") for n in range(10)]
    seated = [a["id"] for a in first if a["status"] == "confirmed"]
    queue_before = list(stored(session_id).waitlist)

    at_once(*[lambda e=e: rpc_call(config, "catalog", "cancel", session_id, e) for e in seated[:3]],
            *[lambda n=n: rpc_call(config, "catalog", "enroll", session_id, f"late{n}")
              for n in range(20)])

    session = stored(session_id)
    statuses = {k: e.status for k, e in session.enrollments.items()}
    confirmed = [k for k, s in statuses.items() if s == str(EnrollmentStatus.CONFIRMED)]
    assert len(confirmed) == 5 and session.seats_left == 0
    assert set(queue_before[:3]) <= set(confirmed)  # the first three waiting were promoted
    assert session.waitlist[:2] == queue_before[3:]  # the rest kept their turn, ahead of late ones
    assert len(session.waitlist) == 2 + 20
    promoted = wait_until(lambda: (lambda e: e if len(e) >= 3 else None)(
        spy.of_type("enrollment.promoted")))
    assert sorted(e["payload"]["enrollment_id"] for e in promoted) == sorted(queue_before[:3])
