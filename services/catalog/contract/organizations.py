"""The partner organizations as the catalog knows them (from partnerships' events)."""

from marshmallow import Schema, fields


class KnownOrganizationSchema(Schema):
    """get_organization's answer: what the catalog needs to accept an organization's trainings."""

    id = fields.String()
    name = fields.String(allow_none=True)
    country = fields.String(allow_none=True)
    city = fields.String(allow_none=True)
    region = fields.String(allow_none=True)
    status = fields.String(metadata={"example": "verified"})
    revision = fields.Integer()
