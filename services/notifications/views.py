"""What an operator reads of a message (the delivery log): its story, not its words' bytes."""

from services.notifications.contract.vocabulary import Channel, MessageStatus
from services.notifications.domain.messages import recipient_hash
from services.notifications.models import MessageDocument


def notification(message: MessageDocument) -> dict:
    return {
        "id": message.pk, "event_id": message.event_id, "event_type": message.event_type,
        "channel": Channel(message.channel), "recipient": message.recipient,
        "language": message.language, "subject": message.subject,
        "transactional": message.transactional, "status": MessageStatus(message.status),
        "attempts": [{"at": a.at, "error": a.error} for a in message.attempts],
        "created_at": message.created_at, "sent_at": message.sent_at,
    }


def log_query(filters: dict) -> dict:
    """The delivery log's filters as a query: a recipient is found by its hash, so the
    address typed need not match the case it was stored in."""
    query: dict = {}
    if "recipient" in filters:
        query["recipient_hash"] = recipient_hash(filters["recipient"])
    if "event_type" in filters:
        query["event_type"] = filters["event_type"]
    if "status" in filters:
        query["status"] = filters["status"].value
    return query
