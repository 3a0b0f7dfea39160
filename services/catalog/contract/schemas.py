"""Trainings: their RPC/HTTP payloads (sessions.py and enrollments.py hold the others)."""

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from services.catalog.contract.sessions import SessionSchema
from services.catalog.contract.trainings import Category, Language, TrainingStatus
from shared.contract.formats import OBJECT_ID_PATTERN, Moment, QueryBoolean, WholeMatch, unique
from shared.contract.paging import PageQuerySchema, next_cursor_field

MAX_LANGUAGES, MAX_TAGS = len(Language), 20


def _title(**kwargs: Any) -> fields.String:
    return fields.String(validate=validate.Length(min=1, max=200), **kwargs)


def _description(**kwargs: Any) -> fields.String:
    return fields.String(validate=validate.Length(min=1, max=5000), **kwargs)


def _category(**kwargs: Any) -> fields.Enum:
    return fields.Enum(Category, by_value=True, **kwargs)


def _languages(**kwargs: Any) -> fields.List:
    return fields.List(fields.Enum(Language, by_value=True),
                       validate=[validate.Length(min=1, max=MAX_LANGUAGES), unique],
                       metadata={"uniqueItems": True, "example": ["fr", "nl"]}, **kwargs)


def _audience(**kwargs: Any) -> fields.String:
    return fields.String(allow_none=True, validate=validate.Length(max=500), **kwargs)


def _prerequisites(**kwargs: Any) -> fields.String:
    return fields.String(allow_none=True, validate=validate.Length(max=2000), **kwargs)


def _tags(**kwargs: Any) -> fields.List:
    return fields.List(fields.String(validate=validate.Length(min=1, max=40)),
                       validate=validate.Length(max=MAX_TAGS), **kwargs)


class TrainingDraftSchema(Schema):
    """POST /v1/trainings: a training of the caller's organization, created as a draft.

    {"title": "Français langue étrangère, niveau A1", "description": "...",
     "category": "french_language", "languages": ["fr", "en"], "tags": ["alphabétisation"]}"""

    title = _title(required=True)
    description = _description(required=True)
    category = _category(required=True)
    languages = _languages(required=True)
    audience = _audience(load_default=None)
    prerequisites = _prerequisites(load_default=None)
    tags = _tags(load_default=list)


class TrainingChangesSchema(Schema):
    """PATCH /v1/trainings/{id}: the fields to change, at least one; the others stay as they
    are (audience and prerequisites may be set to null, the rest may not)."""

    class Meta:
        json_schema = {"minProperties": 1}  # what changes_something says, for the document

    title = _title()
    description = _description()
    category = _category()
    languages = _languages()
    audience = _audience()
    prerequisites = _prerequisites()
    tags = _tags()

    @validates_schema
    def changes_something(self, data: dict[str, Any], **kwargs: Any) -> None:
        if not data:
            raise ValidationError(f"name at least one of: {', '.join(self.fields)}")


class TrainingSummarySchema(Schema):
    """A training as lists show it (its sessions: GET /v1/trainings/{id})."""

    id = fields.String()
    organization_id = fields.String()
    title = fields.String()
    description = fields.String()
    category = fields.Enum(Category, by_value=True)
    languages = fields.List(fields.Enum(Language, by_value=True))
    audience = fields.String(allow_none=True)
    prerequisites = fields.String(allow_none=True)
    tags = fields.List(fields.String())
    status = fields.Enum(TrainingStatus, by_value=True)
    created_at = fields.AwareDateTime()
    published_at = fields.AwareDateTime(allow_none=True)


class TrainingSchema(TrainingSummarySchema):
    """GET /v1/trainings/{id}: the training with its sessions."""

    sessions = fields.List(fields.Nested(SessionSchema))


class TrainingListSchema(Schema):
    items = fields.List(fields.Nested(TrainingSummarySchema))
    next_cursor = next_cursor_field()


class TrainingFiltersSchema(PageQuerySchema):
    """GET /v1/trainings query: every filter optional. Only published trainings of listed
    organizations; the session filters match a training if one of its open sessions does."""

    q = fields.String(validate=validate.Length(min=1, max=200), metadata={
        "description": "words of the title, description and tags; case and accents ignored"})
    category = fields.Enum(Category, by_value=True)
    language = fields.Enum(Language, by_value=True)
    city = fields.String(validate=validate.Length(min=1, max=100))
    organization_id = fields.String(validate=WholeMatch(OBJECT_ID_PATTERN))
    starts_after = Moment(metadata={"description": "a session starting at or after this"})
    starts_before = Moment(metadata={"description": "a session starting before this"})
    has_seats = QueryBoolean(metadata={
        "description": "true: only trainings with an open session that has a seat left; "
                       "false filters nothing"})
