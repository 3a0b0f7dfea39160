"""Organizations: their vocabulary and the RPC payloads about them."""

import enum

from marshmallow import Schema, fields, validate

from shared.contract.countries import ISO_3166_ALPHA_2
from shared.contract.paging import PageQuerySchema, next_cursor_field


class Region(enum.StrEnum):
    NORTH = "north"
    SOUTH = "south"


class OrganizationStatus(enum.StrEnum):
    PENDING = "pending"
    VERIFIED = "verified"
    SUSPENDED = "suspended"


LANGUAGES = ("fr", "en", "nl")
_text = validate.Length(min=1, max=200)
_country = validate.OneOf(
    sorted(ISO_3166_ALPHA_2), error="Not an ISO 3166-1 alpha-2 country code (e.g. BE, SN, CD)."
)


class OrganizationApplicationSchema(Schema):
    """POST /v1/organizations: an organization applies to join the network."""

    name = fields.String(required=True, validate=_text)
    country = fields.String(
        required=True, validate=_country, metadata={"description": "ISO 3166-1 alpha-2, e.g. BE, SN, CD"}
    )
    city = fields.String(required=True, validate=_text)
    region = fields.Enum(Region, by_value=True, required=True)
    sectors = fields.List(
        fields.String(validate=validate.Length(min=1, max=80)),
        required=True, validate=validate.Length(min=1, max=20),
    )
    contact_email = fields.Email(required=True)
    language = fields.String(load_default="fr", validate=validate.OneOf(LANGUAGES))
    website = fields.Url(load_default=None, allow_none=True, schemes={"http", "https"})
    description = fields.String(
        load_default=None, allow_none=True, validate=validate.Length(max=5000)
    )


class OrganizationSchema(Schema):
    id = fields.String()
    name = fields.String()
    country = fields.String()
    city = fields.String()
    region = fields.Enum(Region, by_value=True)
    sectors = fields.List(fields.String())
    contact_email = fields.Email()
    language = fields.String()
    website = fields.String(allow_none=True)
    description = fields.String(allow_none=True)
    status = fields.Enum(OrganizationStatus, by_value=True)
    registered_at = fields.AwareDateTime()
    verified_at = fields.AwareDateTime(allow_none=True)
    suspended_at = fields.AwareDateTime(allow_none=True)


class OrganizationListSchema(Schema):
    items = fields.List(fields.Nested(OrganizationSchema))
    next_cursor = next_cursor_field()


class OrganizationFiltersSchema(PageQuerySchema):
    """GET /v1/organizations query: every filter optional; status is for operators."""

    region = fields.Enum(Region, by_value=True)
    country = fields.String(validate=_country)
    sector = fields.String(validate=validate.Length(min=1, max=80))
    status = fields.Enum(OrganizationStatus, by_value=True)


class SuspensionSchema(Schema):
    reason = fields.String(load_default="suspended by an operator", validate=_text)
