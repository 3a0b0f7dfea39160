"""Shapes that belong to the gateway itself (credentials, identity, health)."""

from marshmallow import Schema, fields


class ApiKeySchema(Schema):
    id = fields.String()
    organization_id = fields.String()
    created_at = fields.AwareDateTime()
    revoked_at = fields.AwareDateTime(allow_none=True)


class IssuedApiKeySchema(ApiKeySchema):
    key = fields.String(metadata={"description": "shown once; send as Authorization: Bearer <key>"})


class CallerSchema(Schema):
    role = fields.String(metadata={"example": "partner"})
    organization_id = fields.String(allow_none=True)


class HealthSchema(Schema):
    status = fields.String(metadata={"example": "ok"})
    services = fields.Dict(keys=fields.String(), values=fields.String())
