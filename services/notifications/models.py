"""How the notifications service keeps its state in its own database,
`maillage_notifications` (docs/notifications.md): every message it decided to send, the
organizations it tells (with their contact and webhook), and the addresses that asked for
no more than their own transactional messages."""

from bson import ObjectId
from mongoengine import (
    BooleanField,
    DateTimeField,
    Document,
    EmbeddedDocument,
    EmbeddedDocumentField,
    ListField,
    StringField,
)

from services.notifications.contract.vocabulary import Channel, MessageStatus
from shared.storage.organization_replicas import OrganizationReplicaDocument
from shared.storage.outbox import Aggregate

DB_ALIAS = "notifications"


def new_id() -> str:
    return str(ObjectId())  # grows with time: the delivery log pages in the order messages came


class ContactedOrganization(OrganizationReplicaDocument):
    """A partner organization as notifications knows it: its replica (kept from
    `organization.*` events, with the contact's address) and the webhook it set itself."""

    meta = {"db_alias": DB_ALIAS, "collection": "organizations"}

    contact_email = StringField()
    webhook_url = StringField()
    webhook_secret = StringField()  # kept to sign with: a signature needs the secret itself
    webhook_updated_at = DateTimeField()


class DeliveryAttempt(EmbeddedDocument):
    at = DateTimeField(required=True)
    error = StringField()  # None: it went through


class MessageDocument(Aggregate):
    """One message to one recipient about one event, from the moment it is decided (pending)
    to the moment it is sent, fails for good, or is suppressed. What it says is rendered
    when it is recorded: a retry sends the very words first decided."""

    meta = {
        "db_alias": DB_ALIAS,
        "collection": "messages",
        "indexes": [
            {"fields": ["key"], "name": "one_per_event_and_recipient", "unique": True},
            {"fields": ["status", "channel", "next_attempt_at"], "name": "due"},
            {"fields": ["status", "lease_until"], "name": "leases"},
            {"fields": ["recipient_hash"], "name": "by_recipient"},
            {"fields": ["event_type"], "name": "by_event_type"},
        ],
    }

    id = StringField(primary_key=True, default=new_id)
    key = StringField(required=True)  # domain/messages.py message_key
    event_id = StringField(required=True)
    event_type = StringField(required=True)
    correlation_id = StringField()  # the event's: its notification.* events carry it on
    channel = StringField(required=True, choices=[c.value for c in Channel])
    recipient = StringField(required=True)  # an email address or a webhook URL
    recipient_hash = StringField(required=True)
    organization_id = StringField()  # the organization told (its contact or its webhook)
    language = StringField(required=True)
    transactional = BooleanField(required=True)
    subject = StringField()
    text = StringField()
    html = StringField()
    unsubscribe_url = StringField()  # a non-transactional email's own link
    body = StringField()  # a webhook's JSON, exactly the bytes signed
    status = StringField(required=True, choices=[s.value for s in MessageStatus])
    attempts = ListField(EmbeddedDocumentField(DeliveryAttempt))
    next_attempt_at = DateTimeField()
    claim = StringField()  # the delivery loop sending it now
    lease_until = DateTimeField()  # after this, that loop is presumed dead
    handed_over = BooleanField()  # the email went to the mail server: it may have it
    created_at = DateTimeField(required=True)
    sent_at = DateTimeField()


class Unsubscribed(Document):
    """An address that wants only its own transactional messages, kept by its hash."""

    meta = {"db_alias": DB_ALIAS, "collection": "unsubscribed"}

    id = StringField(primary_key=True)  # domain/messages.py recipient_hash
    at = DateTimeField(required=True)
