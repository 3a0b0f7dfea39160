"""Partnerships and their joint activities: their vocabulary and the RPC payloads."""

import enum

from marshmallow import Schema, fields, validate

from services.partnerships.contract.organizations import Region
from shared.contract.paging import PageQuerySchema, next_cursor_field


class PartnershipKind(enum.StrEnum):
    """Who proposes to whom: `north_south` is a northern organization proposing to a
    southern one."""

    NORTH_SOUTH = "north_south"
    SOUTH_NORTH = "south_north"
    SOUTH_SOUTH = "south_south"
    NORTH_NORTH = "north_north"


class PartnershipStatus(enum.StrEnum):
    PROPOSED = "proposed"
    ACTIVE = "active"
    DECLINED = "declined"
    ENDED = "ended"


class ActivityKind(enum.StrEnum):
    EXCHANGE_VISIT = "exchange_visit"
    TRAINING = "training"
    CONFERENCE = "conference"
    PUBLICATION = "publication"
    OTHER = "other"



class PartnershipProposalSchema(Schema):
    """POST /v1/partnerships: the caller's organization proposes to another."""

    partner_id = fields.String(required=True, validate=validate.Length(min=1, max=64))
    kind = fields.Enum(PartnershipKind, by_value=True, required=True)
    focus_areas = fields.List(
        fields.String(validate=validate.Length(min=1, max=80)),
        required=True, validate=validate.Length(min=1, max=10),
        metadata={"example": ["gender-based violence", "female entrepreneurship"]},
    )
    description = fields.String(required=True, validate=validate.Length(min=1, max=5000))
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(load_default=None, allow_none=True)


class ActivitySchema(Schema):
    """POST /v1/partnerships/{id}/activities: a joint activity of the two partners."""

    id = fields.String(dump_only=True)
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    kind = fields.Enum(ActivityKind, by_value=True, required=True)
    date = fields.Date(required=True)
    summary = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=5000))
    participants_count = fields.Integer(
        load_default=None, allow_none=True, strict=True, validate=validate.Range(min=0, max=1_000_000)
    )
    recorded_by = fields.String(dump_only=True)
    recorded_at = fields.AwareDateTime(dump_only=True)


class ActivityListSchema(Schema):
    items = fields.List(fields.Nested(ActivitySchema))


class PartnershipSchema(Schema):
    id = fields.String()
    proposer_id = fields.String()
    partner_id = fields.String()
    kind = fields.Enum(PartnershipKind, by_value=True)
    focus_areas = fields.List(fields.String())
    description = fields.String()
    starts_on = fields.Date()
    ends_on = fields.Date(allow_none=True)
    status = fields.Enum(PartnershipStatus, by_value=True)
    proposed_at = fields.AwareDateTime()
    accepted_at = fields.AwareDateTime(allow_none=True)
    declined_at = fields.AwareDateTime(allow_none=True)
    ended_at = fields.AwareDateTime(allow_none=True)
    ended_by = fields.String(allow_none=True)
    activities_count = fields.Function(lambda p: len(p.activities),
                                       metadata={"type": "integer", "minimum": 0})


class PartnershipListSchema(Schema):
    items = fields.List(fields.Nested(PartnershipSchema))
    next_cursor = next_cursor_field()


class PartnershipFiltersSchema(PageQuerySchema):
    """GET /v1/partnerships query: every filter optional."""

    organization_id = fields.String(validate=validate.Length(min=1, max=64))
    status = fields.Enum(PartnershipStatus, by_value=True)
    kind = fields.Enum(PartnershipKind, by_value=True)
    focus_area = fields.String(validate=validate.Length(min=1, max=80))


class NetworkOrganizationSchema(Schema):
    id = fields.String()
    name = fields.String()
    region = fields.Enum(Region, by_value=True)
    country = fields.String()


class NetworkLinkSchema(Schema):
    organization = fields.Nested(NetworkOrganizationSchema)
    partnership_id = fields.String()
    kind = fields.Enum(PartnershipKind, by_value=True)


class NetworkSchema(Schema):
    items = fields.List(fields.Nested(NetworkLinkSchema))
