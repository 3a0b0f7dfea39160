"""Conferences and proposals as stored. A conference's steps (domain/steps.py) are each written
as one conditional update (docs/conferences.md): its registrations' as the seating's
(shared/storage/seat_writes.py), within a published conference; its agenda's and its
details' under the layout they were decided on; its transitions from the status they left."""

import dataclasses
from collections.abc import Callable

from services.conferences.contract.errors import UnknownConference, UnknownProposal
from services.conferences.contract.vocabulary import (
    ConferenceStatus,
    ProposalStatus,
    RegistrationStatus,
)
from services.conferences.domain.agenda import AgendaItem, Speaker
from services.conferences.domain.conferences import (
    MANAGED,
    STATUSES,
    WAITING_LIST_LIMIT,
    Conference,
    Venue,
)
from services.conferences.domain.proposals import Proposal
from services.conferences.domain.registrations import Registration
from services.conferences.domain.steps import AddItem, CheckIn, Finish, Publish, Revise, Step
from services.conferences.models import ConferenceDocument, ProposalDocument, RegistrationRecord
from shared.contract.languages import Language
from shared.contract.paging import encode_cursor
from shared.rules.seating import CloseAll, Join, Seating
from shared.storage.repository import ConditionalWrite, Repository
from shared.storage.seat_writes import SeatFields, seat_write

# What every step decides on, besides the registrations it reads.
STEP_FIELDS = ("organization_id", "co_organizer_ids", "title", "description", "themes",
               "starts_at", "ends_at", "time_zone", "city", "country", "address",
               "online_url", "capacity", "languages", "registration_closes_at",
               "proposals_close_at", "requires_approval", "status", "created_at",
               "published_at", "organization_listed", "layout_version", "agenda",
               "seats_left", "waitlist", "active_emails")
WITHOUT_REGISTRATIONS = {"registrations": 0, "outbox": 0, "request_ids": 0}


class ConferenceRepository(Repository[Conference]):
    document = ConferenceDocument
    not_found = UnknownConference
    noun = "conference"

    def to_domain(self, document: ConferenceDocument) -> Conference:
        return self.from_raw(document.to_mongo())

    def from_raw(self, raw: dict) -> Conference:
        registrations = {key: _registration(key, record)
                         for key, record in raw.get("registrations", {}).items()}
        return Conference(
            id=raw["_id"], organization_id=raw["organization_id"], title=raw["title"],
            description=raw["description"], themes=list(raw["themes"]),
            starts_at=raw["starts_at"], ends_at=raw["ends_at"], time_zone=raw["time_zone"],
            venue=Venue(raw.get("city"), raw.get("country"), raw.get("address"),
                        raw.get("online_url")),
            capacity=raw["capacity"], languages=list(raw["languages"]),
            registration_closes_at=raw["registration_closes_at"],
            proposals_close_at=raw["proposals_close_at"], created_at=raw["created_at"],
            requires_approval=raw.get("requires_approval", False),
            co_organizer_ids=list(raw.get("co_organizer_ids", ())),
            status=ConferenceStatus(raw["status"]), published_at=raw.get("published_at"),
            organization_listed=raw.get("organization_listed", False),
            layout_version=raw.get("layout_version", 0),
            agenda=[_item(item) for item in raw.get("agenda", ())],
            registrations=registrations,
            seating=Seating(raw["capacity"], raw["seats_left"], list(raw.get("waitlist", ())),
                            set(raw.get("active_emails", ())), WAITING_LIST_LIMIT))

    def to_document(self, conference: Conference) -> ConferenceDocument:
        values = {f.name: getattr(conference, f.name) for f in dataclasses.fields(Conference)
                  if f.name not in ("venue", "agenda", "registrations", "seating", "status")}
        return ConferenceDocument(
            **values, **dataclasses.asdict(conference.venue),
            status=str(conference.status), search_terms=conference.search_terms,
            agenda=[_item_record(item) for item in conference.agenda],
            seats_left=conference.seats.left, waitlist=list(conference.seats.queue),
            active_emails=sorted(conference.seats.keys),
            registrations={key: _record(r) for key, r in conference.registrations.items()})

    def get(self, pk) -> Conference:
        """The conference with every registration (an organizer's listing)."""
        return self._raw(pk, {"outbox": 0, "request_ids": 0})

    def get_public(self, pk) -> Conference:
        """The conference without its registrations (what the public sees of it)."""
        return self._raw(pk, WITHOUT_REGISTRATIONS)

    def search(self, query: dict, limit: int, after: str | None
               ) -> tuple[list[Conference], str | None]:
        """A page of conferences matching a raw query (listing.py), without registrations."""
        if after is not None:
            query = {**query, "_id": {"$gt": after}}
        found = list(self.document._get_collection().find(query, WITHOUT_REGISTRATIONS)
                     .sort("_id", 1).limit(limit + 1))
        page = [self.from_raw(raw) for raw in found[:limit]]
        return page, encode_cursor(page[-1].id) if len(found) > limit else None

    def take_conference_step(self, conference_id: str,
                             decide: Callable[[Conference], Step | None]) -> Conference:
        """A step that reads no registration (its details, its agenda, its status)."""
        return self.take_step(conference_id, decide, needs=STEP_FIELDS)[0]

    def take_registration_step(self, conference_id: str, registration_id: str,
                               decide: Callable[[Conference], Step | None]) -> Conference:
        """A step that reads one registration (or none yet: registering), the conference
        loaded with that one alone: its cost does not grow with the registrations."""
        conference, _ = self.take_step(
            conference_id, decide, needs=(*STEP_FIELDS, f"registrations.{registration_id}"))
        return conference

    def write_of(self, step: Step) -> ConditionalWrite:
        """The condition, update and events that write `step` atomically."""
        match step:
            case Publish(at=at, event=event):
                return ({"status": str(ConferenceStatus.DRAFT)},
                        {"$set": {"status": str(ConferenceStatus.PUBLISHED), "published_at": at}},
                        (event,))
            case Finish():
                return ({"status": str(ConferenceStatus.PUBLISHED)},
                        {"$set": {"status": str(ConferenceStatus.FINISHED)}}, ())
            case Revise():
                return _revision(step)
            case AddItem(item=item, layout_version=version):
                return ({"layout_version": version, "status": {"$in": [str(s) for s in MANAGED]}},
                        {"$push": {"agenda": {"$each": [_item_record(item)],
                                              "$sort": {"starts_at": 1, "id": 1}}},
                         "$inc": {"layout_version": 1}}, ())
            case CheckIn(registration_id=x, at=at, event=event):
                return ({f"registrations.{x}.status": str(RegistrationStatus.CONFIRMED),
                         f"registrations.{x}.checked_in_at": {"$exists": False}},
                        {"$set": {f"registrations.{x}.checked_in_at": at}}, (event,))
        return _seat_step(step)

    def _raw(self, pk, projection: dict) -> Conference:
        raw = self.document._get_collection().find_one({"_id": str(pk)}, projection)
        if raw is None:
            raise self.not_found(f"no conference {pk}")
        return self.from_raw(raw)


class ProposalRepository(Repository[Proposal]):
    document = ProposalDocument
    not_found = UnknownProposal
    noun = "proposal"

    def to_domain(self, document: ProposalDocument) -> Proposal:
        values = {f.name: document[f.name] for f in dataclasses.fields(Proposal)}
        values.update(status=ProposalStatus(document.status),
                      speakers=[Speaker(**s) for s in document.speakers])
        return Proposal(**values)

    def to_document(self, proposal: Proposal) -> ProposalDocument:
        values = dataclasses.asdict(proposal)
        values.update(status=str(proposal.status))
        return ProposalDocument(**values)


def _seat_step(step) -> ConditionalWrite:
    """A registration's step, as every place writes it, within a published conference (or,
    for cancelling it, a draft or published one)."""
    condition, update = seat_write(step, SEATS)
    if isinstance(step, CloseAll):
        condition["status"] = {"$in": [str(s) for s in MANAGED]}
        update["$set"]["status"] = str(ConferenceStatus.CANCELLED)
    else:
        condition["status"] = str(ConferenceStatus.PUBLISHED)
    if isinstance(step, Join):  # before the closing (never after the start)
        condition["registration_closes_at"] = {"$gt": step.holder.registered_at}
    return condition, update, step.events


def _revision(step: Revise) -> ConditionalWrite:
    condition: dict = {"layout_version": step.layout_version,
                       "status": {"$in": [str(s) for s in MANAGED]}}
    update: dict = {"$set": dict(step.changes), "$inc": {"layout_version": 1}}
    if step.resize is not None:  # the seating moves with the capacity, in the same write
        seats_condition, seats_update = seat_write(step.resize, SEATS)
        condition.update(seats_condition)
        update["$set"].update(seats_update.get("$set", {}))
        update["$inc"].update(seats_update["$inc"])
    return condition, update, step.events


def _record(registration: Registration) -> RegistrationRecord:
    values = dataclasses.asdict(registration)
    values.pop("id")
    return RegistrationRecord(**{**values, "language": str(registration.language),
                                 "status": str(registration.status),
                                 "email_key": registration.email_key})


def _mongo(registration: Registration) -> dict:
    return _record(registration).to_mongo().to_dict()


def _registration(registration_id: str, record: dict) -> Registration:
    optional = ("organization", "approved_at", "promoted_at", "cancelled_at", "rejected_at",
                "checked_in_at")
    return Registration(
        id=registration_id, name=record["name"], email=record["email"],
        language=Language(record["language"]), token_hash=record["token_hash"],
        registered_at=record["registered_at"], status=RegistrationStatus(record["status"]),
        **{name: record.get(name) for name in optional})


def _item(record: dict) -> AgendaItem:
    return AgendaItem(id=record["id"], title=record["title"], starts_at=record["starts_at"],
                      ends_at=record["ends_at"], room=record.get("room"),
                      speakers=tuple(Speaker(**s) for s in record.get("speakers", ())),
                      proposal_id=record.get("proposal_id"))


def _item_record(item: AgendaItem) -> dict:
    return {**dataclasses.asdict(item), "speakers": [dataclasses.asdict(s) for s in item.speakers]}


SEATS = SeatFields(holders="registrations", statuses={p: str(s) for p, s in STATUSES.items()},
                   record=_mongo, queue_limit=WAITING_LIST_LIMIT)
