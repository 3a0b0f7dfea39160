"""Sessions and trainings as stored. A session's steps (domain/steps.py) are each written as
one conditional update (docs/catalog.md): the condition is what the step was decided on, so a
session that moved meanwhile refuses it, and the step is decided again on what it became."""

import dataclasses
from collections.abc import Callable

from services.catalog.contract.errors import UnknownSession, UnknownTraining
from services.catalog.contract.trainings import (
    Category,
    EnrollmentStatus,
    Language,
    SessionStatus,
    TrainingStatus,
)
from services.catalog.domain.enrollments import Enrollment
from services.catalog.domain.sessions import WAITING_LIST_LIMIT, Location, Session
from services.catalog.domain.steps import (
    CancelSeat,
    CancelSession,
    Confirm,
    JoinWaitingList,
    LeaveWaitingList,
    RecordAttendance,
    Step,
)
from services.catalog.domain.trainings import Training
from services.catalog.listing import city_key
from services.catalog.models import EnrollmentRecord, SessionDocument, TrainingDocument
from shared.storage.repository import ConditionalWrite, Repository

Write = tuple[dict, dict]  # (condition, update operators)


class TrainingRepository(Repository[Training]):
    document = TrainingDocument
    not_found = UnknownTraining
    noun = "training"

    def to_domain(self, document: TrainingDocument) -> Training:
        values = {f.name: document[f.name] for f in dataclasses.fields(Training)}
        values.update(category=Category(document.category), status=TrainingStatus(document.status),
                      languages=[Language(lang) for lang in document.languages],
                      tags=list(document.tags))
        return Training(**values)

    def to_document(self, training: Training) -> TrainingDocument:
        values = dataclasses.asdict(training)
        values.update(category=str(training.category), status=str(training.status),
                      languages=[str(lang) for lang in training.languages],
                      search_terms=training.search_terms)
        return TrainingDocument(**values)


    def search(self, query: dict, limit: int, after: str | None) -> tuple[list[Training], str | None]:
        """A page of the trainings matching a raw query (listing.public_trainings)."""
        return self.page(limit=limit, after=after, __raw__=query)


class SessionRepository(Repository[Session]):
    document = SessionDocument
    not_found = UnknownSession
    noun = "session"

    def to_domain(self, document: SessionDocument) -> Session:
        return self.from_raw(document.to_mongo())

    def from_raw(self, raw: dict) -> Session:
        """Read whole or in part (STEP_FIELDS and the enrollments a step needs): a session
        of 1,500 enrollments maps in about a millisecond this way, in ninety through
        mongoengine's documents."""
        enrollments = {key: _enrollment(key, record)
                       for key, record in raw.get("enrollments", {}).items()}
        return Session(
            id=raw["_id"], training_id=raw["training_id"],
            organization_id=raw["organization_id"], training_title=raw["training_title"],
            starts_at=raw["starts_at"], ends_at=raw["ends_at"], capacity=raw["capacity"],
            location=Location(raw.get("city"), raw.get("address"), raw.get("online_url")),
            closes_at=raw["closes_at"], status=SessionStatus(raw["status"]),
            enrollments=enrollments, waiting_list=list(raw.get("waitlist", ())),
            seats_left=raw["seats_left"], active_emails=set(raw.get("active_emails", ())))

    def get(self, pk) -> Session:
        raw = self.document._get_collection().find_one({"_id": str(pk)}, WHOLE)
        if raw is None:
            raise self.not_found(f"no session {pk}")
        return self.from_raw(raw)

    def take_enrollment_step(self, session_id: str, enrollment_id: str,
                             decide: Callable[[Session], Step | None]) -> Session:
        """A step that reads one enrollment of the session (or none yet: enrolling), the
        session loaded with that one alone: its cost does not grow with the session."""
        session, _ = self.take_step(session_id, decide,
                                    needs=(*STEP_FIELDS, f"enrollments.{enrollment_id}"))
        return session

    def to_document(self, session: Session) -> SessionDocument:
        return SessionDocument(
            id=session.id, training_id=session.training_id,
            organization_id=session.organization_id, training_title=session.training_title,
            starts_at=session.starts_at, ends_at=session.ends_at, closes_at=session.closes_at,
            capacity=session.capacity, city=session.location.city,
            city_key=city_key(session.location.city),
            address=session.location.address, online_url=session.location.online_url,
            status=str(session.status), seats_left=session.seats_left,
            enrollments={key: _record(e) for key, e in session.enrollments.items()},
            waitlist=list(session.waiting_list),
            active_emails=[e.email_key for e in session.enrollments.values() if e.is_active])

    def write_of(self, step: Step) -> ConditionalWrite:
        """The condition, update and events that write `step` atomically (docs/catalog.md)."""
        condition, update = _write_of(step)
        return condition, update, step.events if hasattr(step, "events") else (step.event,)

    def summaries_of(self, training_id: str) -> list[dict]:
        """The training's sessions as lists show them (SessionSchema), by start date; read
        without their enrollments."""
        documents = (SessionDocument.objects(training_id=training_id).order_by("starts_at")
                     .only(*SUMMARY_FIELDS))
        return [session_summary(d) for d in documents]

    def training_ids(self, query: dict) -> list[str]:
        """The trainings that have a session matching a raw query (listing.open_sessions)."""
        return SessionDocument.objects(__raw__=query).distinct("training_id")

    def retitle(self, training_id: str, title: str) -> None:
        """Sessions carry their training's title into their events: keep it current."""
        SessionDocument.objects(training_id=training_id).update(set__training_title=title)

    def summary(self, session_id: str) -> dict:
        document = SessionDocument.objects(pk=session_id).only(*SUMMARY_FIELDS).first()
        if document is None:
            raise UnknownSession(f"no session {session_id}")
        return session_summary(document)


# What every step decides on, besides the enrollments it reads.
STEP_FIELDS = ("training_id", "organization_id", "training_title", "starts_at", "ends_at",
               "capacity", "city", "address", "online_url", "closes_at", "status",
               "seats_left", "waitlist", "active_emails")
WHOLE = {"outbox": 0, "request_ids": 0}  # a session read to show it
SUMMARY_FIELDS = ("id", "training_id", "organization_id", "starts_at", "ends_at", "capacity",
                  "seats_left", "waitlist", "city", "address", "online_url", "closes_at",
                  "status")


def session_summary(document: SessionDocument) -> dict:
    """A session as SessionSchema answers it, from its stored fields alone."""
    return {"id": document.id, "training_id": document.training_id,
            "organization_id": document.organization_id,
            "starts_at": document.starts_at, "ends_at": document.ends_at,
            "capacity": document.capacity, "seats_left": max(document.seats_left, 0),
            "waitlist_length": len(document.waitlist),
            "location": {"city": document.city, "address": document.address,
                         "online_url": document.online_url},
            "enrollment_closes_at": document.closes_at,
            "status": SessionStatus(document.status)}


def _write_of(step: Step) -> Write:
    match step:
        case Confirm(enrollment=e):
            return ({**_open_to(e), "seats_left": {"$gt": 0}},
                    {"$inc": {"seats_left": -1}, "$set": {f"enrollments.{e.id}": _mongo(e)},
                     "$push": {"active_emails": e.email_key}})
        case JoinWaitingList(enrollment=e):
            return ({**_open_to(e), "seats_left": {"$lte": 0},
                     f"waitlist.{WAITING_LIST_LIMIT - 1}": {"$exists": False}},
                    {"$set": {f"enrollments.{e.id}": _mongo(e)},
                     "$push": {"waitlist": e.id, "active_emails": e.email_key}})
        case CancelSeat(enrollment_id=x, email_key=key, promoted_id=None, at=at):
            return ({**_is(x, EnrollmentStatus.CONFIRMED), "waitlist.0": {"$exists": False}},
                    {**_cancelled(x, key, at), "$inc": {"seats_left": 1}})
        case CancelSeat(enrollment_id=x, email_key=key, promoted_id=str(w), at=at):
            cancelled = _cancelled(x, key, at)
            cancelled["$set"].update({f"enrollments.{w}.status": str(EnrollmentStatus.CONFIRMED),
                                      f"enrollments.{w}.promoted_at": at})
            return ({**_is(x, EnrollmentStatus.CONFIRMED), "waitlist.0": w},
                    {**cancelled, "$pop": {"waitlist": -1}})
        case LeaveWaitingList(enrollment_id=x, email_key=key, at=at):
            cancelled = _cancelled(x, key, at)
            cancelled["$pull"]["waitlist"] = x
            return _is(x, EnrollmentStatus.WAITLISTED), cancelled
        case CancelSession(cancelled_ids=gone, freed_seats=freed, at=at):
            return _session_cancelled(gone, freed, at)
        case RecordAttendance(enrollment_id=x, attended=attended, completed=completed):
            return (_is(x, EnrollmentStatus.CONFIRMED), {"$set": {
                f"enrollments.{x}.attended": attended, f"enrollments.{x}.completed": completed}})
    raise TypeError(f"no write for {step!r}")


def _open_to(enrollment: Enrollment) -> dict:
    return {"status": str(SessionStatus.SCHEDULED), "active_emails": {"$ne": enrollment.email_key},
            f"enrollments.{enrollment.id}": {"$exists": False},
            "closes_at": {"$gt": enrollment.enrolled_at}}  # never after it starts (schemas)


def _is(enrollment_id: str, status: EnrollmentStatus) -> dict:
    return {f"enrollments.{enrollment_id}.status": str(status)}


def _cancelled(enrollment_id: str, email_key: str, at) -> dict:
    return {"$set": {f"enrollments.{enrollment_id}.status": str(EnrollmentStatus.CANCELLED),
                     f"enrollments.{enrollment_id}.cancelled_at": at},
            "$pull": {"active_emails": email_key}}


def _session_cancelled(gone: tuple[str, ...], freed: int, at) -> Write:
    changes: dict = {"status": str(SessionStatus.CANCELLED), "waitlist": [], "active_emails": []}
    for enrollment_id in gone:
        changes[f"enrollments.{enrollment_id}.status"] = str(EnrollmentStatus.CANCELLED)
        changes[f"enrollments.{enrollment_id}.cancelled_at"] = at
    # every enrollment active when decided is cancelled: none may have joined since
    active = {f"enrollments.{enrollment_id}.status": {"$ne": str(EnrollmentStatus.CANCELLED)}
              for enrollment_id in gone}
    return ({"status": str(SessionStatus.SCHEDULED), "active_emails": {"$size": len(gone)},
             **active}, {"$set": changes, "$inc": {"seats_left": freed}})


def _record(enrollment: Enrollment) -> EnrollmentRecord:
    values = dataclasses.asdict(enrollment)
    values.pop("id")
    return EnrollmentRecord(**{**values, "language": str(enrollment.language),
                               "status": str(enrollment.status),
                               "email_key": enrollment.email_key})


def _mongo(enrollment: Enrollment) -> dict:
    return _record(enrollment).to_mongo().to_dict()


def _enrollment(enrollment_id: str, record: dict) -> Enrollment:
    return Enrollment(
        id=enrollment_id, name=record["name"], email=record["email"],
        language=Language(record["language"]), token_hash=record["token_hash"],
        enrolled_at=record["enrolled_at"], status=EnrollmentStatus(record["status"]),
        phone=record.get("phone"), promoted_at=record.get("promoted_at"),
        cancelled_at=record.get("cancelled_at"), attended=record.get("attended"),
        completed=record.get("completed"))
