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
from services.catalog.domain.sessions import STATUSES, WAITING_LIST_LIMIT, Location, Session
from services.catalog.domain.steps import RecordAttendance, Step
from services.catalog.domain.trainings import Training
from services.catalog.listing import city_key
from services.catalog.models import EnrollmentRecord, SessionDocument, TrainingDocument
from shared.rules.seating import CloseAll, Join, Seating
from shared.storage.repository import ConditionalWrite, Repository
from shared.storage.seat_writes import SeatFields, seat_write


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
            enrollments=enrollments,
            seating=Seating(raw["capacity"], raw["seats_left"], list(raw.get("waitlist", ())),
                            set(raw.get("active_emails", ())), WAITING_LIST_LIMIT))

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
            waitlist=list(session.waiting_list), active_emails=sorted(session.seats.keys))

    def write_of(self, step: Step) -> ConditionalWrite:
        """The condition, update and events that write `step` atomically (docs/catalog.md):
        the seating's steps as every place writes them, within a scheduled session."""
        if isinstance(step, RecordAttendance):
            x = step.enrollment_id
            return ({f"enrollments.{x}.status": str(EnrollmentStatus.CONFIRMED)},
                    {"$set": {f"enrollments.{x}.attended": step.attended,
                              f"enrollments.{x}.completed": step.completed}}, (step.event,))
        condition, update = seat_write(step, SEATS)
        condition["status"] = str(SessionStatus.SCHEDULED)
        if isinstance(step, Join):  # before the closing (which is never after the start)
            condition["closes_at"] = {"$gt": step.holder.enrolled_at}
        if isinstance(step, CloseAll):
            update["$set"]["status"] = str(SessionStatus.CANCELLED)
        return condition, update, step.events

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


SEATS = SeatFields(holders="enrollments", statuses={p: str(s) for p, s in STATUSES.items()},
                   record=_mongo, queue_limit=WAITING_LIST_LIMIT)
