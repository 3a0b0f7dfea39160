"""Partnerships: the RPC payloads and the partnership.* events."""

from marshmallow import Schema, fields, validate

from services.partnerships.domain import (
    ActivityKind,
    PartnershipKind,
    PartnershipStatus,
    Region,
)
from shared.events import EventType, registry
from shared.pagination import PageQuerySchema


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
    activities_count = fields.Function(lambda p: len(p.activities))


class PartnershipListSchema(Schema):
    items = fields.List(fields.Nested(PartnershipSchema))
    next_cursor = fields.String(allow_none=True)


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


# Events (v1). Producers validate strictly; consumers read tolerantly.
class PartnershipChangedV1(Schema):
    partnership_id = fields.String(required=True)
    proposer_id = fields.String(required=True)
    partner_id = fields.String(required=True)
    kind = fields.String(required=True, validate=validate.OneOf([k.value for k in PartnershipKind]))
    revision = fields.Integer(required=True, strict=True)


class PartnershipProposedV1(PartnershipChangedV1):
    focus_areas = fields.List(fields.String(), required=True)
    starts_on = fields.String(required=True)
    ends_on = fields.String(required=True, allow_none=True)


class PartnershipEndedV1(PartnershipChangedV1):
    ended_by = fields.String(required=True)


class ActivityRecordedV1(Schema):
    partnership_id = fields.String(required=True)
    activity_id = fields.String(required=True)
    title = fields.String(required=True)
    kind = fields.String(required=True, validate=validate.OneOf([k.value for k in ActivityKind]))
    date = fields.String(required=True)
    recorded_by = fields.String(required=True)
    participants_count = fields.Integer(required=True, allow_none=True, strict=True)
    revision = fields.Integer(required=True, strict=True)


registry.register(EventType("partnership.proposed", 1, PartnershipProposedV1))
registry.register(EventType("partnership.accepted", 1, PartnershipChangedV1))
registry.register(EventType("partnership.declined", 1, PartnershipChangedV1))
registry.register(EventType("partnership.ended", 1, PartnershipEndedV1))
registry.register(EventType("partnership.activity_recorded", 1, ActivityRecordedV1))
