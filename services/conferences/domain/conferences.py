"""A conference, its organizers, its agenda and its registrations.

    draft ──publish──▶ published ──finish (once ended)──▶ finished
      └───────cancel──────┴──────▶ cancelled (every registration still in, with it)

The owner and its co-organizers manage it. While published and before its registration
closing time, a newcomer is held for approval if it requires one, else seated while seats
are left, else queued: the seating rules every place shares (shared/rules/seating.py).
"""

from dataclasses import dataclass, field, replace
from datetime import datetime, time
from zoneinfo import ZoneInfo

from services.conferences.contract.conferences import MAX_AGENDA_ITEMS
from services.conferences.contract.errors import (
    AgendaFull,
    AlreadyCheckedIn,
    AlreadyRegistered,
    CheckInNotOpen,
    ConferenceFull,
    ConferenceInThePast,
    ConferenceTransitionRefused,
    ConferenceWaitingListFull,
    NotAnOrganizer,
    ProposalNotSchedulable,
    ProposalsClosed,
    RegistrationClosed,
    RegistrationNotConfirmed,
    RegistrationNotPending,
    UnknownRegistration,
)
from services.conferences.contract.events import (
    AttendeeCheckedIn,
    ConferenceCancelled,
    ConferencePublished,
    RegistrationApproved,
    RegistrationCancelled,
    RegistrationConfirmed,
    RegistrationPendingApproval,
    RegistrationPromoted,
    RegistrationRejected,
    RegistrationWaitlisted,
)
from services.conferences.contract.vocabulary import (
    CancelledBy,
    ConferenceStatus,
    RegistrationStatus,
)
from services.conferences.domain.agenda import AgendaItem, check_fits
from services.conferences.domain.registrations import Registration
from services.conferences.domain.steps import AddItem, CheckIn, Finish, Publish, Revise, Step
from shared.rules.search_terms import terms_of
from shared.rules.seating import Approve, CloseAll, Join, Leave, Place, Refusal, Resize, Seating

WAITING_LIST_LIMIT = 1000
PLACES = {RegistrationStatus.CONFIRMED: Place.SEATED, RegistrationStatus.WAITLISTED: Place.QUEUED,
          RegistrationStatus.PENDING_APPROVAL: Place.HELD}
STATUSES = {place: status for status, place in PLACES.items()}
JOINED = {Place.SEATED: RegistrationConfirmed, Place.QUEUED: RegistrationWaitlisted,
          Place.HELD: RegistrationPendingApproval}
MANAGED = (ConferenceStatus.DRAFT, ConferenceStatus.PUBLISHED)


@dataclass(frozen=True)
class Venue:
    city: str | None = None
    country: str | None = None
    address: str | None = None
    online_url: str | None = None


@dataclass
class Conference:
    id: str
    organization_id: str
    title: str
    description: str
    themes: list[str]
    starts_at: datetime
    ends_at: datetime
    time_zone: str
    venue: Venue
    capacity: int
    languages: list[str]
    registration_closes_at: datetime
    proposals_close_at: datetime
    created_at: datetime
    requires_approval: bool = False
    co_organizer_ids: list[str] = field(default_factory=list)
    status: ConferenceStatus = ConferenceStatus.DRAFT
    published_at: datetime | None = None
    organization_listed: bool = False
    layout_version: int = 0  # moves with the dates and the agenda only
    agenda: list[AgendaItem] = field(default_factory=list)
    # The registrations loaded: all, or only those a step needs; the seating is kept whole.
    registrations: dict[str, Registration] = field(default_factory=dict)
    seating: Seating | None = None

    def __post_init__(self) -> None:
        if self.seating is None:
            held = [r for r in self.registrations.values() if r.is_in]
            seated = [r for r in held if r.status == RegistrationStatus.CONFIRMED]
            self.seating = Seating(self.capacity, self.capacity - len(seated),
                                   [r.id for r in held if r.status == RegistrationStatus.WAITLISTED],
                                   {r.email_key for r in held}, WAITING_LIST_LIMIT)

    @classmethod
    def draft(cls, now: datetime, **details) -> "Conference":
        conference = cls(created_at=now, **details)
        if conference.starts_at <= now:
            raise ConferenceInThePast("a conference starts in the future",
                                      {"starts_at": ["must be in the future"]})
        return conference

    # What it is ------------------------------------------------------------------------

    @property
    def seats(self) -> Seating:
        assert self.seating is not None, "set by __post_init__"
        return self.seating

    @property
    def search_terms(self) -> list[str]:
        return terms_of(self.title, self.description, *self.themes)

    @property
    def is_listed(self) -> bool:
        return self.status == ConferenceStatus.PUBLISHED and self.organization_listed

    def visible_to(self, organization_id: str | None, as_operator: bool) -> bool:
        """Drafts are their organizers' (and operators'); the rest is public while its
        owner is listed."""
        if as_operator or self.is_organizer(organization_id):
            return True
        return self.status != ConferenceStatus.DRAFT and self.organization_listed

    def is_organizer(self, organization_id: str | None) -> bool:
        return organization_id is not None and (
            organization_id == self.organization_id or organization_id in self.co_organizer_ids)

    def require_organizer(self, organization_id: str | None) -> None:
        if not self.is_organizer(organization_id):
            raise NotAnOrganizer("only the conference's organizers may do this")

    def registration(self, registration_id: str) -> Registration:
        try:
            return self.registrations[registration_id]
        except KeyError:
            raise UnknownRegistration(f"no registration {registration_id}") from None

    def require_proposals_open(self, now: datetime) -> None:
        if self.status != ConferenceStatus.PUBLISHED or now >= self.proposals_close_at:
            raise ProposalsClosed(f"conference {self.id} takes no proposals now")

    # Its life ----------------------------------------------------------------------------

    def publish(self, now: datetime) -> Publish:
        self._require(ConferenceStatus.DRAFT, action="publish")
        return Publish(now, self._conference_event(ConferencePublished))

    def finish(self, now: datetime) -> Finish:
        self._require(ConferenceStatus.PUBLISHED, action="finish")
        if now < self.ends_at:
            raise ConferenceTransitionRefused("a conference finishes once it has ended",
                                              {"status": ["it has not ended yet"]})
        return Finish(now)

    def cancel(self, now: datetime) -> CloseAll | None:
        if self.status == ConferenceStatus.CANCELLED:
            return None
        self._require(*MANAGED, action="cancel")
        still_in = [r for r in self.registrations.values() if r.is_in]
        events = [self._conference_event(ConferenceCancelled)] + [
            self._about(RegistrationCancelled, r, cancelled_by=CancelledBy.CONFERENCE_CANCELLED)
            for r in still_in]
        freed = sum(r.status == RegistrationStatus.CONFIRMED for r in still_in)
        return CloseAll(tuple(r.id for r in still_in), freed,
                        str(RegistrationStatus.CANCELLED), now, tuple(events))

    def revise(self, changes: dict, now: datetime) -> Revise:
        """A PATCH (its dates stay: the agenda lies within them), checked against the seats
        taken as they are."""
        self._require(*MANAGED, action="change")
        changes = dict(changes)
        for name in ("registration_closes_at", "proposals_close_at"):
            if name in changes:
                changes[name] = min(changes[name] or self.starts_at, self.starts_at)
        text = {"title", "description", "themes"} & changes.keys()
        if text:
            revised = replace(self, **{name: changes[name] for name in text})
            changes["search_terms"] = revised.search_terms
        return Revise(changes, self.layout_version, self._resize(changes, now))

    def _resize(self, changes: dict, now: datetime) -> Resize | None:
        """A new capacity: seats left move with it, and the seats it frees go to the first
        waiting in the same step (whose registrations must be loaded)."""
        delta = changes.get("capacity", self.capacity) - self.capacity
        if not delta:
            return None
        promoted = self.seats.resized(delta)
        if not isinstance(promoted, tuple):
            raise ConferenceFull(f"{self.capacity - self.seats.left} seats are taken already",
                                 {"capacity": ["below the seats already taken"]})
        events = tuple(self._about(RegistrationPromoted, self.registrations[p]) for p in promoted)
        return Resize(delta, promoted, self.seats.left, tuple(self.seats.queue), now, events)

    def add_item(self, item: AgendaItem) -> AddItem:
        self._require(*MANAGED, action="change the agenda of")
        if len(self.agenda) >= MAX_AGENDA_ITEMS:
            raise AgendaFull(f"an agenda holds at most {MAX_AGENDA_ITEMS} items")
        if item.proposal_id is not None and any(
                i.proposal_id == item.proposal_id for i in self.agenda):
            raise ProposalNotSchedulable(f"proposal {item.proposal_id} is on the agenda already")
        check_fits(item, self.agenda, self.starts_at, self.ends_at)
        return AddItem(item, self.layout_version)

    # Registrations (a step asked for again once taken is None) ---------------------------

    def register(self, newcomer: Registration, now: datetime) -> Join | None:
        if newcomer.id in self.registrations:  # its id derives from its request
            return None
        if self.status != ConferenceStatus.PUBLISHED or now >= self.registration_closes_at:
            raise RegistrationClosed(f"conference {self.id} takes no registrations now")
        place = self.seats.admission(newcomer.email_key, hold=self.requires_approval)
        if place is Refusal.DUPLICATE:
            raise AlreadyRegistered("this email is already registered to this conference",
                                    {"email": ["already registered to this conference"]})
        if not isinstance(place, Place):
            raise ConferenceWaitingListFull(f"the waiting list of conference {self.id} is full")
        joining = replace(newcomer, status=STATUSES[place])
        return Join(joining.id, joining.email_key, place, joining,
                    (self._about(JOINED[place], joining),))

    def approve(self, registration_id: str, now: datetime) -> Approve | None:
        registration = self.registration(registration_id)
        if registration.status == RegistrationStatus.CONFIRMED and registration.approved_at:
            return None
        self._require_pending(registration)
        self._require_open_registrations()
        if self.seats.approval() is Refusal.FULL:
            raise ConferenceFull(f"conference {self.id} has no seat left")
        return Approve(registration_id, now, (self._about(RegistrationApproved, registration),))

    def reject(self, registration_id: str, now: datetime) -> Leave | None:
        registration = self.registration(registration_id)
        if registration.status == RegistrationStatus.REJECTED:
            return None
        self._require_pending(registration)
        self._require_open_registrations()
        return Leave(registration_id, registration.email_key, Place.HELD,
                     str(RegistrationStatus.REJECTED), None, now,
                     (self._about(RegistrationRejected, registration),))

    def cancel_registration(self, registration_id: str, by: CancelledBy,
                            now: datetime) -> Leave | None:
        leaving = self.registration(registration_id)
        if not leaving.is_in:
            return None
        self._require_open_registrations()
        was = PLACES[leaving.status]
        promoted = self.seats.successor(was)
        events = [self._about(RegistrationCancelled, leaving, cancelled_by=by)]
        if promoted is not None:
            events.append(self._about(RegistrationPromoted, self.registrations[promoted]))
        return Leave(registration_id, leaving.email_key, was,
                     str(RegistrationStatus.CANCELLED), promoted, now, tuple(events))

    def check_in(self, registration_id: str, now: datetime) -> CheckIn:
        attendee = self.registration(registration_id)
        if attendee.checked_in_at is not None:
            raise AlreadyCheckedIn(f"registration {registration_id} checked in already")
        if attendee.status != RegistrationStatus.CONFIRMED:
            raise RegistrationNotConfirmed(f"registration {registration_id} is {attendee.status}")
        zone = ZoneInfo(self.time_zone)
        first_day = datetime.combine(self.starts_at.astimezone(zone).date(), time(), zone)
        if now < first_day or self.status != ConferenceStatus.PUBLISHED:
            raise CheckInNotOpen("check-in opens on the day the conference starts")
        return CheckIn(registration_id, now,
                       self._about(AttendeeCheckedIn, attendee, checked_in_at=now))

    # The step, in memory (the repository writes the same in one update) ---------------

    def apply(self, step: Step | None) -> None:
        """`step` on the object in memory (None, a step found taken already: nothing)."""
        match step:
            case Join(holder=joining):
                self.registrations[joining.id] = joining
            case Leave(holder_id=gone, status=status, promoted_id=promoted, at=at):
                self._out(gone, RegistrationStatus(status), at)
                if promoted is not None:
                    self.registrations[promoted].status = RegistrationStatus.CONFIRMED
                    self.registrations[promoted].promoted_at = at
            case Approve(holder_id=approved, at=at):
                self.registrations[approved].status = RegistrationStatus.CONFIRMED
                self.registrations[approved].approved_at = at
            case CloseAll(holder_ids=gone, at=at):
                self.status = ConferenceStatus.CANCELLED
                for registration_id in gone:
                    self._out(registration_id, RegistrationStatus.CANCELLED, at)
            case Publish(at=at):
                self.status, self.published_at = ConferenceStatus.PUBLISHED, at
            case Finish():
                self.status = ConferenceStatus.FINISHED
            case Revise(changes=changes, resize=resize):
                for name, value in changes.items():
                    if name != "search_terms":
                        setattr(self, name, value)
                self.layout_version += 1
                if resize is not None:
                    for promoted in resize.promoted_ids:
                        self.registrations[promoted].status = RegistrationStatus.CONFIRMED
                        self.registrations[promoted].promoted_at = resize.at
                    self.seats.apply(resize)
            case AddItem(item=item):
                self.agenda = sorted([*self.agenda, item], key=lambda i: (i.starts_at, i.id))
                self.layout_version += 1
            case CheckIn(registration_id=present, at=at):
                self.registrations[present].checked_in_at = at
        if isinstance(step, Join | Leave | Approve | CloseAll):
            self.seats.apply(step)

    def _out(self, registration_id: str, status: RegistrationStatus, at: datetime) -> None:
        registration = self.registrations[registration_id]
        registration.status = status
        setattr(registration, f"{status}_at", at)

    def _require(self, *allowed: ConferenceStatus, action: str) -> None:
        if self.status not in allowed:
            raise ConferenceTransitionRefused(
                f"cannot {action} a conference that is {self.status}",
                {"status": [f"is {self.status}; {action} needs {' or '.join(allowed)}"]})

    def _require_open_registrations(self) -> None:
        """Registrations change while the conference is published (once finished, they
        are its record)."""
        if self.status != ConferenceStatus.PUBLISHED:
            raise RegistrationClosed(f"conference {self.id} is {self.status}: its "
                                     "registrations no longer change")

    def _require_pending(self, registration: Registration) -> None:
        if registration.status != RegistrationStatus.PENDING_APPROVAL:
            raise RegistrationNotPending(f"registration {registration.id} is {registration.status}")

    def _conference_event(self, event_type, **details):
        return event_type(
            conference_id=self.id, organization_id=self.organization_id,
            co_organizer_ids=list(self.co_organizer_ids), title=self.title,
            starts_at=self.starts_at, ends_at=self.ends_at, time_zone=self.time_zone,
            city=self.venue.city, country=self.venue.country, address=self.venue.address,
            online_url=self.venue.online_url, **details)

    def _about(self, event_type, registration: Registration, **details):
        return self._conference_event(
            event_type, registration_id=registration.id, participant_name=registration.name,
            email=registration.email, language=registration.language,
            participant_organization=registration.organization, **details)
