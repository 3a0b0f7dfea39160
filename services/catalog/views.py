"""What the catalog answers about enrollments, built from a session as the domain holds it
(the shapes are the contract's: contract/enrollments.py)."""

from services.catalog.contract.trainings import EnrollmentStatus
from services.catalog.domain.enrollments import Enrollment
from services.catalog.domain.sessions import Session
from shared.contract.paging import encode_cursor
from shared.rules.cancel_tokens import OWN_ID


def receipt(session: Session, enrollment_id: str, cancel_token: str) -> dict:
    """The answer to an enrollment (EnrollmentReceiptSchema): the only time its token shows."""
    enrollment = session.enrollment(enrollment_id)
    return {"id": enrollment_id, "status": str(enrollment.status),
            "waitlist_position": session.position_of(enrollment_id),
            "cancel_token": cancel_token}


def enrollment(session: Session, enrollment_id: str) -> dict:
    """One enrollment as its session's owner sees it (EnrollmentSchema)."""
    return _view(session, session.enrollment(enrollment_id))


def enrollments_page(session: Session, limit: int, after: str | None) -> dict:
    """GET /v1/sessions/{id}/enrollments (SessionEnrollmentsSchema): enrollments in the order
    they came, a page at a time, with the counts of the whole session. `after` is the own
    part of the last enrollment of the previous page (the cursor); one this session does not
    hold starts no page."""
    ordered = sorted(session.enrollments.values(), key=lambda e: (e.enrolled_at, e.id))
    if after is not None:
        seen = [i for i, e in enumerate(ordered) if e.id[OWN_ID] == after]
        ordered = ordered[seen[0] + 1:] if seen else []
    page = ordered[:limit]
    more = len(ordered) > limit
    return {"items": [_view(session, e) for e in page], "counts": counts(session),
            "next_cursor": encode_cursor(page[-1].id[OWN_ID]) if more else None}


def counts(session: Session) -> dict:
    enrollments = list(session.enrollments.values())
    confirmed = [e for e in enrollments if e.status == EnrollmentStatus.CONFIRMED]
    return {
        "confirmed": len(confirmed),
        "waitlisted": len(session.waiting_list),
        "cancelled": sum(e.status == EnrollmentStatus.CANCELLED for e in enrollments),
        "attended": sum(e.attended is True for e in confirmed),
        "no_show": sum(e.attended is False for e in confirmed),
        "completed": sum(e.completed is True for e in confirmed),
    }


def _view(session: Session, e: Enrollment) -> dict:
    return {"id": e.id, "session_id": session.id, "name": e.name, "email": e.email,
            "language": e.language, "phone": e.phone, "status": e.status,
            "waitlist_position": session.position_of(e.id), "enrolled_at": e.enrolled_at,
            "promoted_at": e.promoted_at, "cancelled_at": e.cancelled_at,
            "attended": e.attended, "completed": e.completed}
