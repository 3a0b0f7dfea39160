"""Enrollments in a session: the participant's request and receipt, the owner's view of
them, and attendance."""

from marshmallow import Schema, fields, validate

from services.catalog.contract.trainings import EnrollmentStatus, Language
from shared.contract.declared_events import StrictBoolean
from shared.contract.formats import HOLDER_ID_PATTERN, PHONE_PATTERN, WholeMatch
from shared.contract.paging import next_cursor_field

ENROLLED = [EnrollmentStatus.CONFIRMED.value, EnrollmentStatus.WAITLISTED.value]
ENROLLMENT_ID_PATTERN = HOLDER_ID_PATTERN  # an enrollment's id names its session
_position = validate.Range(min=1)


class EnrollmentRequestSchema(Schema):
    """POST /v1/sessions/{id}/enrollments: a participant enrolls (no account, no token).

    {"name": "Awa Diop", "email": "awa@example.org", "language": "fr", "phone": "+32 470 12 34 56"}"""

    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    email = fields.Email(required=True, validate=validate.Length(max=254))
    language = fields.Enum(Language, by_value=True, load_default=Language.FR, metadata={
        "description": "the language we write to the participant in"})
    phone = fields.String(
        load_default=None, allow_none=True, validate=WholeMatch(PHONE_PATTERN, "Not a phone number."),
        metadata={"description": "6 to 15 digits, an optional leading +, spaces . - ( ) between"})


class EnrollmentReceiptSchema(Schema):
    """The answer to an enrollment: the only time its cancel token is shown."""

    id = fields.String()
    status = fields.String(validate=validate.OneOf(ENROLLED))
    waitlist_position = fields.Integer(allow_none=True, validate=_position, metadata={
        "description": "1 for the first waiting; null when confirmed"})
    cancel_token = fields.String(metadata={
        "description": "shown once: send it as X-Cancel-Token to DELETE /v1/enrollments/{id}"})


class EnrollmentSchema(Schema):
    """An enrollment as the organization that owns the session sees it."""

    id = fields.String()
    session_id = fields.String()
    name = fields.String()
    email = fields.Email()
    language = fields.Enum(Language, by_value=True)
    phone = fields.String(allow_none=True)
    status = fields.Enum(EnrollmentStatus, by_value=True)
    waitlist_position = fields.Integer(allow_none=True, validate=_position)
    enrolled_at = fields.AwareDateTime()
    promoted_at = fields.AwareDateTime(allow_none=True)
    cancelled_at = fields.AwareDateTime(allow_none=True)
    attended = fields.Boolean(allow_none=True, metadata={"description": "null until recorded"})
    completed = fields.Boolean(allow_none=True, metadata={"description": "null until recorded"})


class EnrollmentCountsSchema(Schema):
    confirmed = fields.Integer(validate=validate.Range(min=0))
    waitlisted = fields.Integer(validate=validate.Range(min=0))
    cancelled = fields.Integer(validate=validate.Range(min=0))
    attended = fields.Integer(validate=validate.Range(min=0))
    no_show = fields.Integer(validate=validate.Range(min=0))
    completed = fields.Integer(validate=validate.Range(min=0))


class SessionEnrollmentsSchema(Schema):
    """GET /v1/sessions/{id}/enrollments: the session's enrollments in the order they came,
    a page at a time, and the counts of them all."""

    items = fields.List(fields.Nested(EnrollmentSchema))
    counts = fields.Nested(EnrollmentCountsSchema)
    next_cursor = next_cursor_field()


class AttendanceSchema(Schema):
    """POST /v1/enrollments/{id}/attendance, once the session has started: attended false is
    a no-show. {"attended": true, "completed": false}"""

    attended = StrictBoolean(required=True)
    completed = StrictBoolean(load_default=False, metadata={
        "description": "completed the whole training (recorded at its end, whether or not "
                       "this session was attended)"})
