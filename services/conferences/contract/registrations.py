"""Registrations to a conference: the participant's request and receipt, the organizers'
view of them."""

from marshmallow import Schema, fields, validate

from services.conferences.contract.vocabulary import RegistrationStatus
from shared.contract.formats import HOLDER_ID_PATTERN
from shared.contract.languages import Language
from shared.contract.paging import next_cursor_field

REGISTERED = [RegistrationStatus.CONFIRMED.value, RegistrationStatus.PENDING_APPROVAL.value,
              RegistrationStatus.WAITLISTED.value]
REGISTRATION_ID_PATTERN = HOLDER_ID_PATTERN  # a registration's id names its conference
_position = validate.Range(min=1)


class RegistrationRequestSchema(Schema):
    """POST /v1/conferences/{id}/registrations: anyone registers (no account, no token).

    {"name": "Mariama Bah", "email": "mariama@example.org", "language": "fr",
     "organization": "Collectif des Femmes"}"""

    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    email = fields.Email(required=True, validate=validate.Length(max=254))
    language = fields.Enum(Language, by_value=True, load_default=Language.FR, metadata={
        "description": "the language we write to the participant in"})
    organization = fields.String(load_default=None, allow_none=True,
                                 validate=validate.Length(min=1, max=200))


class RegistrationReceiptSchema(Schema):
    """The answer to a registration: the only time its cancel token is shown."""

    id = fields.String()
    status = fields.String(validate=validate.OneOf(REGISTERED))
    waitlist_position = fields.Integer(allow_none=True, validate=_position)
    cancel_token = fields.String(metadata={
        "description": "shown once: send it as X-Cancel-Token to DELETE /v1/registrations/{id}"})


class RegistrationSchema(Schema):
    """A registration as the conference's organizers see it."""

    id = fields.String()
    conference_id = fields.String()
    name = fields.String()
    email = fields.Email()
    language = fields.Enum(Language, by_value=True)
    organization = fields.String(allow_none=True)
    status = fields.Enum(RegistrationStatus, by_value=True)
    waitlist_position = fields.Integer(allow_none=True, validate=_position)
    registered_at = fields.AwareDateTime()
    approved_at = fields.AwareDateTime(allow_none=True)
    promoted_at = fields.AwareDateTime(allow_none=True)
    cancelled_at = fields.AwareDateTime(allow_none=True)
    rejected_at = fields.AwareDateTime(allow_none=True)
    checked_in_at = fields.AwareDateTime(allow_none=True)


class RegistrationCountsSchema(Schema):
    confirmed = fields.Integer(validate=validate.Range(min=0))
    pending_approval = fields.Integer(validate=validate.Range(min=0))
    waitlisted = fields.Integer(validate=validate.Range(min=0))
    cancelled = fields.Integer(validate=validate.Range(min=0))
    rejected = fields.Integer(validate=validate.Range(min=0))
    checked_in = fields.Integer(validate=validate.Range(min=0))


class ConferenceRegistrationsSchema(Schema):
    """GET /v1/conferences/{id}/registrations: in the order they came, a page at a time,
    with the counts of them all."""

    items = fields.List(fields.Nested(RegistrationSchema))
    counts = fields.Nested(RegistrationCountsSchema)
    next_cursor = next_cursor_field()
