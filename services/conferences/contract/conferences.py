"""Conferences and their agenda: RPC/HTTP payloads (proposals.py and registrations.py hold
the others)."""

from typing import Any

from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

from services.conferences.contract.places import (
    VENUE_ONE_OF,
    VenueAnswerSchema,
    VenueSchema,
    time_zone,
)
from services.conferences.contract.vocabulary import ConferenceStatus
from shared.contract.formats import OBJECT_ID_PATTERN, Moment, WholeMatch, unique
from shared.contract.paging import PageQuerySchema, next_cursor_field

MAX_CAPACITY = 2000  # registrations live in the conference's document: keep it bounded
MAX_AGENDA_ITEMS = 200
LANGUAGE_PATTERN = "^[a-z]{2}$"  # ISO 639-1: fr, en, wo, ln, ar...

_language = fields.String(validate=WholeMatch(LANGUAGE_PATTERN, "Not an ISO 639-1 code."))


def _themes(**kwargs: Any) -> fields.List:
    return fields.List(fields.String(validate=validate.Length(min=1, max=60)),
                       validate=validate.Length(min=1, max=10), **kwargs)


def _languages(**kwargs: Any) -> fields.List:
    return fields.List(_language, validate=[validate.Length(min=1, max=10), unique],
                       metadata={"uniqueItems": True, "example": ["fr", "en"]}, **kwargs)


def _co_organizers(**kwargs: Any) -> fields.List:
    return fields.List(fields.String(validate=WholeMatch(OBJECT_ID_PATTERN)),
                       validate=[validate.Length(max=10), unique],
                       metadata={"uniqueItems": True, "description":
                                 "verified organizations who manage it too"}, **kwargs)


def _venue(**kwargs: Any) -> fields.Nested:
    return fields.Nested(VenueSchema, metadata={"oneOf": VENUE_ONE_OF}, **kwargs)


class SpeakerSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    organization = fields.String(load_default=None, allow_none=True,
                                 validate=validate.Length(max=200))
    bio = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))


def speakers(**kwargs: Any) -> fields.List:
    return fields.List(fields.Nested(SpeakerSchema), validate=validate.Length(min=1, max=20),
                       **kwargs)


class ConferenceDraftSchema(Schema):
    """POST /v1/conferences: a conference of the caller's organization, created as a draft.

    {"title": "Violences plurielles : regards croisés Sud/Nord", "description": "...",
     "themes": ["violences de genre"], "starts_at": "2027-05-12T09:00:00+00:00",
     "ends_at": "2027-05-13T17:00:00+00:00", "time_zone": "Africa/Dakar",
     "venue": {"city": "Dakar", "country": "SN"}, "capacity": 150, "languages": ["fr", "wo"],
     "requires_approval": true, "co_organizer_ids": ["65f0..."]}"""

    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    description = fields.String(required=True, validate=validate.Length(min=1, max=5000))
    themes = _themes(required=True)
    starts_at = Moment(required=True)
    ends_at = Moment(required=True, metadata={"description": "after starts_at"})
    time_zone = time_zone(load_default="Europe/Brussels")
    venue = _venue(required=True)
    capacity = fields.Integer(required=True, strict=True,
                              validate=validate.Range(min=1, max=MAX_CAPACITY))
    languages = _languages(required=True)
    registration_closes_at = Moment(load_default=None, allow_none=True, metadata={
        "description": "when registration closes: at starts_at if absent, null or later"})
    proposals_close_at = Moment(load_default=None, allow_none=True, metadata={
        "description": "when proposals close: at starts_at if absent, null or later"})
    requires_approval = fields.Boolean(load_default=False, metadata={
        "description": "true: every registration awaits an organizer's approval"})
    co_organizer_ids = _co_organizers(load_default=list)

    @validates_schema
    def ends_after_it_starts(self, data: dict[str, Any], **kwargs: Any) -> None:
        if "starts_at" in data and "ends_at" in data and data["ends_at"] <= data["starts_at"]:
            raise ValidationError("must be after starts_at", "ends_at")

    @post_load
    def close_at_the_latest_when_it_starts(self, data: dict[str, Any],
                                           **kwargs: Any) -> dict[str, Any]:
        for name in ("registration_closes_at", "proposals_close_at"):
            data[name] = min(data[name] or data["starts_at"], data["starts_at"])
        return data


class ConferenceChangesSchema(Schema):
    """PATCH /v1/conferences/{id} (a draft or published one): the fields to change, at least
    one. Dates keep every agenda item inside them."""

    class Meta:
        json_schema = {"minProperties": 1}

    title = fields.String(validate=validate.Length(min=1, max=200))
    description = fields.String(validate=validate.Length(min=1, max=5000))
    themes = _themes()
    languages = _languages()
    capacity = fields.Integer(strict=True, validate=validate.Range(min=1, max=MAX_CAPACITY),
                              metadata={"description": "not below the seats already taken"})
    co_organizer_ids = _co_organizers()
    registration_closes_at = Moment(allow_none=True)
    proposals_close_at = Moment(allow_none=True)

    @validates_schema
    def changes_something(self, data: dict[str, Any], **kwargs: Any) -> None:
        if not data:
            raise ValidationError(f"name at least one of: {', '.join(self.fields)}")


AGENDA_ITEM_ONE_OF = [
    {"title": "written out", "required": ["title", "speakers"],
     "not": {"required": ["proposal_id"]}},
    {"title": "from a proposal", "required": ["proposal_id"],
     "not": {"anyOf": [{"required": ["title"]}, {"required": ["speakers"]}]}},
]


class AgendaItemRequestSchema(Schema):
    """POST /v1/conferences/{id}/sessions: an agenda item, written out or from an accepted
    proposal (its title and speakers come from it).

    {"title": "Ouverture", "starts_at": "...", "ends_at": "...", "room": "Salle A",
     "speakers": [{"name": "Awa Diop", "organization": "Réseau des Femmes de Kindu"}]}
    {"proposal_id": "66c...", "starts_at": "...", "ends_at": "...", "room": "Salle B"}"""

    class Meta:
        json_schema = {"oneOf": AGENDA_ITEM_ONE_OF}  # what written_out_or_from_a_proposal says

    title = fields.String(validate=validate.Length(min=1, max=200))
    speakers = speakers()
    proposal_id = fields.String(validate=WholeMatch(OBJECT_ID_PATTERN))
    starts_at = Moment(required=True)
    ends_at = Moment(required=True, metadata={"description": "after starts_at"})
    room = fields.String(load_default=None, allow_none=True,
                         validate=validate.Length(min=1, max=100),
                         metadata={"description": "none: a plenary, which overlaps nothing"})

    @validates_schema
    def written_out_or_from_a_proposal(self, data: dict[str, Any], **kwargs: Any) -> None:
        if "proposal_id" in data and data.keys() & {"title", "speakers"}:
            raise ValidationError("an item from a proposal takes its title and speakers",
                                  "proposal_id")
        if "proposal_id" not in data and not {"title", "speakers"} <= data.keys():
            raise ValidationError("a title and speakers, or a proposal_id", "title")
        if "starts_at" in data and "ends_at" in data and data["ends_at"] <= data["starts_at"]:
            raise ValidationError("must be after starts_at", "ends_at")


class AgendaItemSchema(Schema):
    id = fields.String()
    title = fields.String()
    starts_at = fields.AwareDateTime()
    ends_at = fields.AwareDateTime()
    room = fields.String(allow_none=True)
    speakers = fields.List(fields.Nested(SpeakerSchema))
    proposal_id = fields.String(allow_none=True)


class ConferenceSummarySchema(Schema):
    id = fields.String()
    organization_id = fields.String()
    co_organizer_ids = fields.List(fields.String())
    title = fields.String()
    description = fields.String()
    themes = fields.List(fields.String())
    starts_at = fields.AwareDateTime()
    ends_at = fields.AwareDateTime()
    time_zone = fields.String()
    venue = fields.Nested(VenueAnswerSchema)
    capacity = fields.Integer(validate=validate.Range(min=1, max=MAX_CAPACITY))
    seats_left = fields.Integer(validate=validate.Range(min=0, max=MAX_CAPACITY))
    waitlist_length = fields.Integer(validate=validate.Range(min=0))
    languages = fields.List(fields.String())
    registration_closes_at = fields.AwareDateTime()
    proposals_close_at = fields.AwareDateTime()
    requires_approval = fields.Boolean()
    status = fields.Enum(ConferenceStatus, by_value=True)
    created_at = fields.AwareDateTime()
    published_at = fields.AwareDateTime(allow_none=True)


class ConferenceSchema(ConferenceSummarySchema):
    """GET /v1/conferences/{id}: with its agenda, in time order."""

    agenda = fields.List(fields.Nested(AgendaItemSchema))


class ConferenceListSchema(Schema):
    items = fields.List(fields.Nested(ConferenceSummarySchema))
    next_cursor = next_cursor_field()


class ConferenceFiltersSchema(PageQuerySchema):
    """GET /v1/conferences query: published conferences of listed organizations."""

    q = fields.String(validate=validate.Length(min=1, max=200), metadata={
        "description": "words of the title, description and themes; case and accents ignored"})
    theme = fields.String(validate=validate.Length(min=1, max=60))
    country = fields.String(validate=validate.Length(equal=2))
    language = fields.String(validate=WholeMatch(LANGUAGE_PATTERN, "Not an ISO 639-1 code."))
    starts_after = Moment(metadata={"description": "starting at or after this"})
    starts_before = Moment(metadata={"description": "starting before this"})
