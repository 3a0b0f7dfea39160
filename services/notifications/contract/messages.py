"""The delivery log: what an operator sees of each message (GET /v1/notifications)."""

from marshmallow import Schema, fields, validate

from services.notifications.contract.vocabulary import Channel, MessageStatus
from shared.contract.paging import PageQuerySchema, next_cursor_field


class AttemptSchema(Schema):
    at = fields.AwareDateTime()
    error = fields.String(allow_none=True, metadata={"description": "null: it went through"})


class NotificationSchema(Schema):
    id = fields.String()
    event_id = fields.String()
    event_type = fields.String()
    channel = fields.Enum(Channel, by_value=True)
    recipient = fields.String(metadata={"description": "an email address or a webhook URL"})
    language = fields.String()
    subject = fields.String(allow_none=True)
    transactional = fields.Boolean()
    status = fields.Enum(MessageStatus, by_value=True)
    attempts = fields.List(fields.Nested(AttemptSchema))
    created_at = fields.AwareDateTime()
    sent_at = fields.AwareDateTime(allow_none=True)


class NotificationListSchema(Schema):
    items = fields.List(fields.Nested(NotificationSchema))
    next_cursor = next_cursor_field()


class NotificationFiltersSchema(PageQuerySchema):
    """GET /v1/notifications query (operators): every filter optional."""

    recipient = fields.String(validate=validate.Length(min=1, max=2000))
    event_type = fields.String(validate=validate.Length(min=1, max=100))
    status = fields.Enum(MessageStatus, by_value=True)
