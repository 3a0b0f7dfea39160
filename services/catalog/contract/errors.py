"""Errors the catalog service raises over RPC (the gateway maps them to HTTP statuses;
class names are unique across every contract: errors and logs name them by class)."""

from shared.contract.errors import Conflict, Forbidden, NotFound


class OrganizationNotKnownToCatalog(NotFound):
    """No organization event has reached the catalog for this id (yet)."""

    code = "UNKNOWN_ORGANIZATION"


class UnknownTraining(NotFound):
    code = "UNKNOWN_TRAINING"


class UnknownSession(NotFound):
    code = "UNKNOWN_SESSION"


class UnknownEnrollment(NotFound):
    code = "UNKNOWN_ENROLLMENT"


class EnrollmentClosed(Conflict):
    """The session is cancelled, has started, or its enrollment closing time has passed."""

    code = "ENROLLMENT_CLOSED"


class AlreadyEnrolled(Conflict):
    """This email is already enrolled (or waiting) in this session."""

    code = "ALREADY_ENROLLED"


class WaitingListFull(Conflict):
    code = "WAITING_LIST_FULL"


class EnrollmentNotActive(Conflict):
    """The enrollment was cancelled already, or is not confirmed where that is needed."""

    code = "ENROLLMENT_NOT_ACTIVE"


class SessionInThePast(Conflict):
    """A session is scheduled to start, and its enrollment to close, after now."""

    code = "SESSION_IN_THE_PAST"


class SessionNotStarted(Conflict):
    """Attendance is recorded once the session has started."""

    code = "SESSION_NOT_STARTED"


class NotTheOwner(Forbidden):
    """Only the organization that owns the training may do this."""

    code = "NOT_THE_OWNER"


class InvalidCancelToken(Forbidden):
    code = "INVALID_CANCEL_TOKEN"


class TrainingTransitionRefused(Conflict):
    code = "ILLEGAL_TRANSITION"
