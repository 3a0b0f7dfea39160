"""Sessions of a training: their RPC/HTTP payloads, and the bound on their size."""

from typing import Any

from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

from services.catalog.contract.trainings import SessionStatus
from shared.contract.formats import Moment

MAX_CAPACITY = 500  # a session's enrollments live in its document: keep it bounded

_city = validate.Length(min=1, max=100)
_address = validate.Length(max=300)
_online_url = [validate.Length(max=2000)]
IN_PERSON, ONLINE = "in person", "online"
# What LocationSchema's rule says, in JSON Schema: the document declares it beside the field
# (marshmallow has no oneOf), so that a generator draws only locations the rule accepts.
LOCATION_ONE_OF = [
    {"title": IN_PERSON, "required": ["city"], "not": {"required": ["online_url"]}},
    {"title": ONLINE, "required": ["online_url"],
     "not": {"anyOf": [{"required": ["city"]}, {"required": ["address"]}]}},
]


class LocationSchema(Schema):
    """Where a session takes place: `{city, address?}` in person, or `{online_url}`."""

    city = fields.String(validate=_city)
    address = fields.String(validate=_address, metadata={"description": "only with a city"})
    online_url = fields.Url(schemes={"http", "https"}, validate=_online_url,
                            metadata={"description": "only without a city or an address"})

    @validates_schema
    def exactly_one_place(self, data: dict[str, Any], **kwargs: Any) -> None:
        if "online_url" in data and ("city" in data or "address" in data):
            raise ValidationError("a session is either in person (city, address) or online "
                                  "(online_url), not both", "online_url")
        if "online_url" not in data and "city" not in data:
            raise ValidationError("a city, or an online_url for a session online", "city")


class SessionDraftSchema(Schema):
    """POST /v1/trainings/{id}/sessions: a session of one of the caller's trainings.

    {"starts_at": "2027-03-01T09:30:00+01:00", "ends_at": "2027-03-01T12:30:00+01:00",
     "capacity": 20, "location": {"city": "Bruxelles", "address": "Rue Haute 12"}}"""

    starts_at = Moment(required=True)
    ends_at = Moment(required=True, metadata={"description": "after starts_at"})
    capacity = fields.Integer(required=True, strict=True,
                              validate=validate.Range(min=1, max=MAX_CAPACITY))
    location = fields.Nested(LocationSchema, required=True, metadata={
        "oneOf": LOCATION_ONE_OF,
        "description": "in person: a city (and an address); online: an online_url alone"})
    enrollment_closes_at = Moment(load_default=None, allow_none=True, metadata={
        "description": "when enrollment closes: at starts_at if absent, null or later"})

    @validates_schema
    def ends_after_it_starts(self, data: dict[str, Any], **kwargs: Any) -> None:
        if "starts_at" in data and "ends_at" in data and data["ends_at"] <= data["starts_at"]:
            raise ValidationError("must be after starts_at", "ends_at")

    @post_load
    def closes_at_the_latest_when_it_starts(self, data: dict[str, Any],
                                            **kwargs: Any) -> dict[str, Any]:
        closes = data["enrollment_closes_at"]
        data["enrollment_closes_at"] = min(closes or data["starts_at"], data["starts_at"])
        return data


class PlaceSchema(Schema):
    """A session's location as answered: the fields of the other kind are null."""

    city = fields.String(allow_none=True)
    address = fields.String(allow_none=True)
    online_url = fields.String(allow_none=True)


class SessionSchema(Schema):
    id = fields.String()
    training_id = fields.String()
    starts_at = fields.AwareDateTime()
    ends_at = fields.AwareDateTime()
    capacity = fields.Integer(validate=validate.Range(min=1, max=MAX_CAPACITY))
    seats_left = fields.Integer(validate=validate.Range(min=0, max=MAX_CAPACITY))
    waitlist_length = fields.Integer(validate=validate.Range(min=0))
    location = fields.Nested(PlaceSchema)
    enrollment_closes_at = fields.AwareDateTime()
    status = fields.Enum(SessionStatus, by_value=True)
