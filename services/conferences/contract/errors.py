"""Errors the conferences service raises over RPC (the gateway maps them to HTTP statuses;
class names are unique across every contract: errors and logs name them by class)."""

from shared.contract.errors import Conflict, Forbidden, NotFound


class UnknownConference(NotFound):
    code = "UNKNOWN_CONFERENCE"


class UnknownProposal(NotFound):
    code = "UNKNOWN_PROPOSAL"


class UnknownRegistration(NotFound):
    code = "UNKNOWN_REGISTRATION"


class NotAnOrganizer(Forbidden):
    """Only the owner and the co-organizers manage a conference."""

    code = "NOT_AN_ORGANIZER"


class InvalidRegistrationToken(Forbidden):
    code = "INVALID_CANCEL_TOKEN"


class CoOrganizerNotVerified(Conflict):
    """A co-organizer must be an organization the service knows as verified."""

    code = "CO_ORGANIZER_NOT_VERIFIED"


class ConferenceInThePast(Conflict):
    code = "CONFERENCE_IN_THE_PAST"


class ConferenceTransitionRefused(Conflict):
    code = "ILLEGAL_TRANSITION"


class RegistrationClosed(Conflict):
    """Not published, started, or past its registration closing time."""

    code = "REGISTRATION_CLOSED"


class AlreadyRegistered(Conflict):
    code = "ALREADY_REGISTERED"


class ConferenceWaitingListFull(Conflict):
    code = "WAITING_LIST_FULL"


class ConferenceFull(Conflict):
    """An approval takes a seat: none is left."""

    code = "CONFERENCE_FULL"


class RegistrationNotPending(Conflict):
    """Only a registration awaiting approval is approved or rejected."""

    code = "REGISTRATION_NOT_PENDING"


class RegistrationNotConfirmed(Conflict):
    """Only a confirmed registration checks in."""

    code = "REGISTRATION_NOT_CONFIRMED"


class AlreadyCheckedIn(Conflict):
    code = "ALREADY_CHECKED_IN"


class CheckInNotOpen(Conflict):
    """Check-in opens on the day the conference starts (in its time zone)."""

    code = "CHECK_IN_NOT_OPEN"


class ProposalsClosed(Conflict):
    """Proposals are taken while the conference is published, not started, and before
    its proposals_close_at."""

    code = "PROPOSALS_CLOSED"


class ProposalNotSubmitted(Conflict):
    """A proposal is accepted or rejected once."""

    code = "PROPOSAL_ALREADY_DECIDED"


class ProposalNotSchedulable(Conflict):
    """Only an accepted proposal of this conference, not yet on its agenda."""

    code = "PROPOSAL_NOT_SCHEDULABLE"


class AgendaConflict(Conflict):
    """Two items overlap in one room."""

    code = "AGENDA_CONFLICT"


class ItemOutsideConference(Conflict):
    """An agenda item lies within the conference's dates."""

    code = "ITEM_OUTSIDE_CONFERENCE"


class AgendaFull(Conflict):
    code = "AGENDA_FULL"
