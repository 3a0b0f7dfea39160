"""Routes of the conferences: conferences and their agenda (with their iCalendar), the call for
proposals, and registrations to them. Organizers (the owner and the co-organizers) are
checked by the service, which knows them."""

from services.conferences.contract.conferences import (
    AgendaItemRequestSchema,
    AgendaItemSchema,
    ConferenceChangesSchema,
    ConferenceDraftSchema,
    ConferenceFiltersSchema,
    ConferenceListSchema,
    ConferenceSchema,
)
from services.conferences.contract.proposals import (
    ProposalListSchema,
    ProposalRequestSchema,
    ProposalSchema,
)
from services.conferences.contract.registrations import (
    REGISTRATION_ID_PATTERN,
    ConferenceRegistrationsSchema,
    RegistrationReceiptSchema,
    RegistrationRequestSchema,
    RegistrationSchema,
)
from services.gateway.auth import Caller, Policy
from services.gateway.cancel_tokens import cancel_token_header, cancelling
from services.gateway.http import PathParameter, route
from services.gateway.ratelimit import RateLimit
from services.gateway.services import TimedService
from shared.contract.paging import PageQuerySchema

CALENDAR = "text/calendar"
REGISTRATION_ID = PathParameter("registration_id", REGISTRATION_ID_PATTERN,
                                "its conference's id and its own")


class ConferenceRoutes:
    conferences: TimedService  # its backend's RPC proxy, which the gateway's class adds

    @route("POST", "/v1/conferences", policy=Policy.PARTNER,
           summary="Create a conference (draft) of the caller's organization",
           body=ConferenceDraftSchema, response=(201, ConferenceSchema))
    def create_conference(self, caller: Caller, body: dict):
        return 201, self.conferences.create_conference(caller.organization_id, body)

    @route("GET", "/v1/conferences", policy=Policy.PUBLIC, summary="Search published conferences",
           query=ConferenceFiltersSchema, response=(200, ConferenceListSchema))
    def search_conferences(self, caller: Caller, query: dict):
        return self.conferences.search_conferences(query)

    @route("GET", "/v1/conferences/<conference_id>", policy=Policy.PUBLIC,
           summary="One conference, with its agenda", response=(200, ConferenceSchema))
    def get_conference(self, caller: Caller, conference_id: str):
        return self.conferences.get_conference(conference_id, caller.organization_id,
                                               caller.is_operator)

    @route("GET", "/v1/conferences/<conference_id>.ics", policy=Policy.PUBLIC,
           summary="One conference and its agenda as iCalendar, in its time zone",
           response=(200, None), media_type=CALENDAR)
    def conference_calendar(self, caller: Caller, conference_id: str):
        return self.conferences.conference_calendar(conference_id, caller.organization_id,
                                                    caller.is_operator)

    @route("PATCH", "/v1/conferences/<conference_id>", policy=Policy.PARTNER,
           summary="Change a draft or published conference (its organizers)",
           body=ConferenceChangesSchema, response=(200, ConferenceSchema))
    def change_conference(self, caller: Caller, body: dict, conference_id: str):
        return self.conferences.change_conference(conference_id, caller.organization_id, body)

    @route("POST", "/v1/conferences/<conference_id>/publish", policy=Policy.PARTNER,
           summary="Publish a conference: registrations and proposals open (its organizers)",
           response=(200, ConferenceSchema))
    def publish_conference(self, caller: Caller, conference_id: str):
        return self.conferences.publish_conference(conference_id, caller.organization_id)

    @route("POST", "/v1/conferences/<conference_id>/cancel", policy=Policy.PARTNER,
           summary="Cancel a conference and every registration to it (its organizers)",
           response=(200, ConferenceSchema))
    def cancel_conference(self, caller: Caller, conference_id: str):
        return self.conferences.cancel_conference(conference_id, caller.organization_id)

    @route("POST", "/v1/conferences/<conference_id>/finish", policy=Policy.PARTNER,
           summary="Mark a conference as held (its organizers)", response=(200, ConferenceSchema))
    def finish_conference(self, caller: Caller, conference_id: str):
        return self.conferences.finish_conference(conference_id, caller.organization_id)

    @route("POST", "/v1/conferences/<conference_id>/sessions", policy=Policy.PARTNER,
           summary="Add an agenda item, written out or from an accepted proposal (its "
                   "organizers)", body=AgendaItemRequestSchema, response=(201, AgendaItemSchema))
    def add_agenda_item(self, caller: Caller, body: dict, conference_id: str):
        return 201, self.conferences.add_agenda_item(conference_id, caller.organization_id, body)


class ProposalRoutes:
    conferences: TimedService

    @route("POST", "/v1/conferences/<conference_id>/proposals", policy=Policy.PARTNER,
           summary="Propose a talk, while the conference takes proposals (any verified "
                   "organization)", body=ProposalRequestSchema, response=(201, ProposalSchema))
    def submit_proposal(self, caller: Caller, body: dict, conference_id: str):
        return 201, self.conferences.submit_proposal(conference_id, caller.organization_id, body)

    @route("GET", "/v1/conferences/<conference_id>/proposals", policy=Policy.PARTNER,
           summary="A conference's proposals: all for its organizers, a submitter's own",
           query=PageQuerySchema, response=(200, ProposalListSchema))
    def list_proposals(self, caller: Caller, query: dict, conference_id: str):
        return self.conferences.list_proposals(conference_id, caller.organization_id,
                                               caller.is_operator, query)

    @route("POST", "/v1/proposals/<proposal_id>/accept", policy=Policy.PARTNER,
           summary="Accept a proposal (the conference's organizers)",
           response=(200, ProposalSchema))
    def accept_proposal(self, caller: Caller, proposal_id: str):
        return self.conferences.accept_proposal(proposal_id, caller.organization_id)

    @route("POST", "/v1/proposals/<proposal_id>/reject", policy=Policy.PARTNER,
           summary="Reject a proposal (the conference's organizers)",
           response=(200, ProposalSchema))
    def reject_proposal(self, caller: Caller, proposal_id: str):
        return self.conferences.reject_proposal(proposal_id, caller.organization_id)


class RegistrationRoutes:
    conferences: TimedService

    @route("POST", "/v1/conferences/<conference_id>/registrations", policy=Policy.PUBLIC,
           summary="Register (confirmed, awaiting approval, or on the waiting list)",
           body=RegistrationRequestSchema, response=(201, RegistrationReceiptSchema),
           rate_limit=RateLimit.REGISTRATIONS)
    def register(self, caller: Caller, body: dict, conference_id: str):
        return 201, self.conferences.register(conference_id, body)

    @route("GET", "/v1/conferences/<conference_id>/registrations", policy=Policy.PARTNER,
           summary="A conference's registrations, with counts (its organizers)",
           query=PageQuerySchema, response=(200, ConferenceRegistrationsSchema))
    def list_registrations(self, caller: Caller, query: dict, conference_id: str):
        return self.conferences.list_registrations(conference_id, caller.organization_id, query)

    @route("POST", "/v1/registrations/<registration_id>/approve", policy=Policy.PARTNER,
           summary="Approve a registration: it takes a seat (the conference's organizers)",
           response=(200, RegistrationSchema), path_parameters=(REGISTRATION_ID,))
    def approve_registration(self, caller: Caller, registration_id: str):
        return self.conferences.approve_registration(registration_id, caller.organization_id)

    @route("POST", "/v1/registrations/<registration_id>/reject", policy=Policy.PARTNER,
           summary="Reject a registration awaiting approval (the conference's organizers)",
           response=(200, RegistrationSchema), path_parameters=(REGISTRATION_ID,))
    def reject_registration(self, caller: Caller, registration_id: str):
        return self.conferences.reject_registration(registration_id, caller.organization_id)

    @route("POST", "/v1/registrations/<registration_id>/check-in", policy=Policy.PARTNER,
           summary="Check a confirmed participant in, once, from the first day (the "
                   "conference's organizers)",
           response=(200, RegistrationSchema), path_parameters=(REGISTRATION_ID,))
    def check_in(self, caller: Caller, registration_id: str):
        return self.conferences.check_in(registration_id, caller.organization_id)

    @route("DELETE", "/v1/registrations/<registration_id>", policy=Policy.PUBLIC,
           summary="Cancel a registration (its participant with X-Cancel-Token, or the "
                   "conference's organizers); the first waiting takes the seat",
           response=(200, RegistrationSchema), headers=(cancel_token_header("registration"),),
           path_parameters=(REGISTRATION_ID,))
    def cancel_registration(self, caller: Caller, registration_id: str,
                            cancel_token: str | None):
        return self.conferences.cancel_registration(registration_id, *cancelling(caller, cancel_token))
