"""The conferences service: nameko entrypoints only; rules live in domain/, what it does with
events in handlers.py, how each step is written in repositories.py (docs/conferences.md)."""

from collections.abc import Callable

from services.conferences import listing, views
from services.conferences.calendar import calendar_of
from services.conferences.contract.conferences import (
    AgendaItemRequestSchema,
    AgendaItemSchema,
    ConferenceChangesSchema,
    ConferenceDraftSchema,
    ConferenceFiltersSchema,
    ConferenceListSchema,
    ConferenceSchema,
)
from services.conferences.contract.errors import (
    CoOrganizerNotVerified,
    InvalidRegistrationToken,
    ProposalNotSchedulable,
    UnknownConference,
    UnknownRegistration,
)
from services.conferences.contract.proposals import (
    ProposalListSchema,
    ProposalRequestSchema,
    ProposalSchema,
)
from services.conferences.contract.registrations import (
    ConferenceRegistrationsSchema,
    RegistrationReceiptSchema,
    RegistrationRequestSchema,
    RegistrationSchema,
)
from services.conferences.contract.vocabulary import CancelledBy, ProposalStatus
from services.conferences.domain.agenda import AgendaItem, Speaker
from services.conferences.domain.conferences import Conference, Venue
from services.conferences.domain.proposals import Proposal
from services.conferences.domain.registrations import Registration
from services.conferences.handlers import ORGANIZATION_EVENTS
from services.conferences.models import ConferenceDocument, KnownOrganization, new_id
from services.conferences.repositories import ConferenceRepository, ProposalRepository
from shared.contract.events import Event
from shared.contract.paging import PageQuerySchema
from shared.contract.validation import dump, load
from shared.messaging.consumer import consumes
from shared.messaging.rpc import rpc
from shared.rules import cancel_tokens as tokens
from shared.runtime.clock import now
from shared.runtime.correlation import CorrelationId
from shared.service.health import HealthCheck
from shared.service.secrets import RequiredSecret
from shared.service.store import Store
from shared.storage import organization_replicas
from shared.storage.mongo import MongoDatabase


class ConferencesService(HealthCheck):
    name = "conferences"
    correlation_id = CorrelationId()
    store = Store(conferences=ConferenceRepository, proposals=ProposalRepository)
    database = MongoDatabase([KnownOrganization])
    token_secret = RequiredSecret("cancel_token_secret")

    @consumes(*ORGANIZATION_EVENTS, queue="organization_replica")
    def replicate_organization(self, event: Event) -> None:
        ORGANIZATION_EVENTS.handle(event, self.database)

    # Conferences -------------------------------------------------------------------------

    @rpc
    def create_conference(self, organization_id: str, draft: dict) -> dict:
        """{"organization_id": "65f...", "draft": {"title": ..., "starts_at": ..., "venue":
        {"city": "Dakar", "country": "SN"}, "capacity": 150, ...}} -> the conference, draft."""
        fields = load(ConferenceDraftSchema, draft)
        self._require_verified(fields["co_organizer_ids"])
        conference = Conference.draft(now(), id=new_id(), organization_id=organization_id,
                                      venue=Venue(**fields.pop("venue")), **fields)
        stored = self.store.conferences.add(conference)
        organization_replicas.list_new(KnownOrganization._get_collection(),
                                       ConferenceDocument._get_collection(), stored.id,
                                       organization_id)
        return self._answer(stored.id)

    @rpc
    def change_conference(self, conference_id: str, organization_id: str, changes: dict) -> dict:
        edits = load(ConferenceChangesSchema, changes)
        self._require_verified(edits.get("co_organizer_ids", []))
        return self._step(conference_id, organization_id, lambda c: c.revise(edits, now()),
                          whole="capacity" in edits)  # it may promote the first waiting

    @rpc
    def publish_conference(self, conference_id: str, organization_id: str) -> dict:
        return self._step(conference_id, organization_id, lambda c: c.publish(now()))

    @rpc
    def cancel_conference(self, conference_id: str, organization_id: str) -> dict:
        """Cancels it and every registration still in, each with its event."""
        return self._step(conference_id, organization_id, lambda c: c.cancel(now()), whole=True)

    @rpc
    def finish_conference(self, conference_id: str, organization_id: str) -> dict:
        return self._step(conference_id, organization_id, lambda c: c.finish(now()))

    @rpc
    def get_conference(self, conference_id: str, viewer_id: str | None = None,
                       as_operator: bool = False) -> dict:
        conference = self._visible(conference_id, viewer_id, as_operator)
        return dump(ConferenceSchema, views.conference(conference))

    @rpc
    def conference_calendar(self, conference_id: str, viewer_id: str | None = None,
                            as_operator: bool = False) -> str:
        """The conference and its agenda as iCalendar text."""
        return calendar_of(self.get_conference(conference_id, viewer_id, as_operator))

    @rpc
    def search_conferences(self, query: dict) -> dict:
        filters = load(ConferenceFiltersSchema, query)
        found, next_cursor = self.store.conferences.search(
            listing.public_conferences(filters), filters["limit"], filters["cursor"])
        return dump(ConferenceListSchema,
            {"items": [views.conference(c) for c in found], "next_cursor": next_cursor})

    @rpc
    def add_agenda_item(self, conference_id: str, organization_id: str, item: dict) -> dict:
        """An item written out, or an accepted proposal of this conference scheduled."""
        fields = load(AgendaItemRequestSchema, item)
        if "proposal_id" in fields:
            proposal = self.store.proposals.get(fields["proposal_id"])
            if proposal.conference_id != conference_id or proposal.status != ProposalStatus.ACCEPTED:
                raise ProposalNotSchedulable("only an accepted proposal of this conference")
            fields.update(title=proposal.title, speakers=proposal.speakers)
        else:
            fields["speakers"] = [Speaker(**s) for s in fields["speakers"]]
        added = AgendaItem(id=self.store.new_id("agenda item"), title=fields["title"],
                           starts_at=fields["starts_at"], ends_at=fields["ends_at"],
                           room=fields["room"], speakers=tuple(fields["speakers"]),
                           proposal_id=fields.get("proposal_id"))
        conference = self._organized(conference_id, organization_id, lambda c: c.add_item(added))
        [stored] = [i for i in conference.agenda if i.id == added.id]
        return dump(AgendaItemSchema, stored)

    # Proposals ---------------------------------------------------------------------------

    @rpc
    def submit_proposal(self, conference_id: str, organization_id: str, proposal: dict) -> dict:
        """By any verified organization, while the conference takes proposals."""
        fields = load(ProposalRequestSchema, proposal)
        conference = self.store.conferences.get_public(conference_id)
        conference.require_proposals_open(now())
        submitted = Proposal(id=new_id(), conference_id=conference_id,
                             conference_title=conference.title, organization_id=organization_id,
                             submitted_at=now(), **{**fields, "speakers": [
                                 Speaker(**s) for s in fields["speakers"]]})
        return dump(ProposalSchema, self.store.proposals.add(submitted, submitted.submitted()))

    @rpc
    def list_proposals(self, conference_id: str, viewer_id: str | None, as_operator: bool,
                       query: dict) -> dict:
        """All of them for its organizers (and operators), a submitter's own for a submitter."""
        page = load(PageQuerySchema, query)
        conference = self.store.conferences.get_public(conference_id)
        mine = {} if as_operator or conference.is_organizer(viewer_id) else {
            "organization_id": viewer_id}
        proposals, next_cursor = self.store.proposals.page(
            conference_id=conference_id, limit=page["limit"], after=page["cursor"], **mine)
        return dump(ProposalListSchema, {"items": proposals, "next_cursor": next_cursor})

    @rpc
    def accept_proposal(self, proposal_id: str, organization_id: str) -> dict:
        return self._decide(proposal_id, organization_id, lambda p: p.accept(organization_id, now()))

    @rpc
    def reject_proposal(self, proposal_id: str, organization_id: str) -> dict:
        return self._decide(proposal_id, organization_id, lambda p: p.reject(organization_id, now()))

    # Registrations -----------------------------------------------------------------------

    @rpc
    def register(self, conference_id: str, request: dict) -> dict:
        """{"conference_id": "66d...", "request": {"name": "Mariama Bah", "email": ...}} ->
        {"id", "status", "waitlist_position", "cancel_token"}."""
        person = load(RegistrationRequestSchema, request)
        registration_id = tokens.holder_id(conference_id, self.store.new_id("registration"))
        token = tokens.cancel_token(self.token_secret, registration_id)
        newcomer = Registration(id=registration_id, token_hash=tokens.token_hash(token),
                                registered_at=now(), **person)

        def decide(conference: Conference):
            if not conference.visible_to(None, as_operator=False):
                raise UnknownConference(f"no conference {conference_id}")
            return conference.register(newcomer, now())

        conference = self.store.conferences.take_registration_step(
            conference_id, registration_id, decide)
        return dump(RegistrationReceiptSchema, views.receipt(conference, registration_id, token))

    @rpc
    def list_registrations(self, conference_id: str, organization_id: str, query: dict) -> dict:
        page = load(PageQuerySchema, query)
        conference = self.store.conferences.get(conference_id)
        conference.require_organizer(organization_id)
        return dump(ConferenceRegistrationsSchema,
            views.registrations_page(conference, page["limit"], page["cursor"]))

    @rpc
    def approve_registration(self, registration_id: str, organization_id: str) -> dict:
        return self._registration_step(registration_id, organization_id,
                                       lambda c: c.approve(registration_id, now()))

    @rpc
    def reject_registration(self, registration_id: str, organization_id: str) -> dict:
        return self._registration_step(registration_id, organization_id,
                                       lambda c: c.reject(registration_id, now()))

    @rpc
    def check_in(self, registration_id: str, organization_id: str) -> dict:
        return self._registration_step(registration_id, organization_id,
                                       lambda c: c.check_in(registration_id, now()))

    @rpc
    def cancel_registration(self, registration_id: str, cancel_token: str | None = None,
                            organization_id: str | None = None) -> dict:
        """By the participant (`cancel_token`) or an organizer; a freed seat goes to the
        first waiting in the same write."""
        def decide(conference: Conference):
            leaving = conference.registration(registration_id)
            if cancel_token is not None:
                if not tokens.token_matches(cancel_token, leaving.token_hash):
                    raise InvalidRegistrationToken("this cancel token is not this registration's")
                return conference.cancel_registration(registration_id, CancelledBy.PARTICIPANT, now())
            conference.require_organizer(organization_id)
            return conference.cancel_registration(registration_id, CancelledBy.ORGANIZER, now())

        conference = self._on_registration(registration_id, lambda conference_id: (
            self.store.conferences.take_step(conference_id, decide)[0]))
        return dump(RegistrationSchema, views.registration(conference, registration_id))

    # -------------------------------------------------------------------------------------

    def _answer(self, conference_id: str) -> dict:
        return dump(ConferenceSchema, views.conference(
            self.store.conferences.get_public(conference_id)))

    def _organized(self, conference_id: str, organization_id: str, decide: Callable,
                   whole: bool = False) -> Conference:
        """A step of the conference by one of its organizers; `whole`: it reads every
        registration (cancelling them all), else none."""
        def organized(conference: Conference):
            conference.require_organizer(organization_id)
            return decide(conference)

        if whole:
            return self.store.conferences.take_step(conference_id, organized)[0]
        return self.store.conferences.take_conference_step(conference_id, organized)

    def _step(self, conference_id: str, organization_id: str, decide: Callable,
              whole: bool = False) -> dict:
        self._organized(conference_id, organization_id, decide, whole)
        return self._answer(conference_id)

    def _visible(self, conference_id: str, viewer_id: str | None, as_operator: bool) -> Conference:
        conference = self.store.conferences.get_public(conference_id)
        if not conference.visible_to(viewer_id, as_operator):
            raise UnknownConference(f"no conference {conference_id}")
        return conference

    def _decide(self, proposal_id: str, organization_id: str, decide: Callable) -> dict:
        proposal = self.store.proposals.get(proposal_id)
        self.store.conferences.get_public(proposal.conference_id).require_organizer(organization_id)
        return dump(ProposalSchema, self.store.proposals.change(proposal_id, decide))

    def _registration_step(self, registration_id: str, organization_id: str,
                           decide: Callable) -> dict:
        def organized(conference: Conference):
            conference.require_organizer(organization_id)
            return decide(conference)

        conference = self._on_registration(registration_id, lambda conference_id: (
            self.store.conferences.take_registration_step(conference_id, registration_id,
                                                          organized)))
        return dump(RegistrationSchema, views.registration(conference, registration_id))

    def _on_registration(self, registration_id: str, step: Callable) -> Conference:
        conference_id = tokens.place_of(registration_id)
        try:
            if conference_id is None:
                raise UnknownConference(f"no conference holds {registration_id}")
            return step(conference_id)
        except UnknownConference:
            raise UnknownRegistration(f"no registration {registration_id}") from None

    def _require_verified(self, organization_ids: list[str]) -> None:
        known = {o.id for o in KnownOrganization.objects(pk__in=organization_ids,
                                                           status="verified").only("id")}
        missing = [o for o in organization_ids if o not in known]
        if missing:
            raise CoOrganizerNotVerified(
                "co-organizers are verified organizations of the network",
                {"co_organizer_ids": [f"not verified: {', '.join(missing)}"]})
