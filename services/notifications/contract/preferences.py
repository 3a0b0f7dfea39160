"""Webhooks and unsubscribing: RPC/HTTP payloads."""

from marshmallow import Schema, fields, validate


class WebhookSchema(Schema):
    """PUT /v1/organizations/{id}/webhook (the partner, its own organization).

    {"url": "https://partner.example.org/maillage", "secret": "a long random string"}"""

    url = fields.Url(required=True, schemes={"http", "https"},
                     validate=validate.Length(max=2000))
    secret = fields.String(required=True, load_only=True, validate=validate.Length(min=16, max=200),
                           metadata={"description": "keys the X-Maillage-Signature of each "
                                                    "delivery; never shown again"})


class WebhookAnswerSchema(Schema):
    organization_id = fields.String()
    url = fields.String()
    updated_at = fields.AwareDateTime()


class UnsubscribeSchema(Schema):
    """POST /v1/unsubscribe: the address and the token of its emails' unsubscribe link."""

    email = fields.Email(required=True, validate=validate.Length(max=254))
    token = fields.String(required=True, validate=validate.Length(min=1, max=100))


class UnsubscribedSchema(Schema):
    email = fields.Email()
    suppressed = fields.Boolean(metadata={
        "description": "true: only messages about the person's own enrollments and "
                       "registrations still go to this address"})
