"""From an event and one of its recipients to the message recorded: its key, its words in
the recipient's language (or, for a webhook, the event's JSON exactly as it will be signed),
and whether it goes out at all (an unsubscribed address gets only transactional mail)."""

import json
from dataclasses import dataclass
from urllib.parse import urlencode

from services.notifications.contract.vocabulary import Channel, MessageStatus
from services.notifications.domain.messages import message_key, recipient_hash
from services.notifications.domain.recipients import Recipient
from services.notifications.domain.unsubscribing import unsubscribe_token
from services.notifications.models import MessageDocument
from services.notifications.rendering import render
from shared.contract.events import ENVELOPE, Event, registry
from shared.runtime.clock import now


@dataclass(frozen=True)
class Links:
    """Where links in emails point: the gateway as people reach it (PUBLIC_URL)."""

    public_url: str
    unsubscribe_secret: str

    def unsubscribe(self, address: str) -> str:
        token = unsubscribe_token(self.unsubscribe_secret, address)
        return f"{self.public_url}/v1/unsubscribe?{urlencode({'email': address, 'token': token})}"


def webhook_body(event: Event) -> str:
    """The event as its producer published it: its envelope, its payload in wire form
    (consuming it turned dates into datetimes)."""
    wire = {**ENVELOPE.dump(event), "payload": registry.get(event.type).strict.dump(event.payload)}
    return json.dumps(wire, ensure_ascii=False, separators=(",", ":"))


def compose(event: Event, recipient: Recipient, links: Links, suppressed: bool,
            names: dict[str, str | None] | None = None) -> MessageDocument:
    """`names`: what the words may name besides the payload (the partners' names)."""
    at = now()
    message = MessageDocument(
        key=message_key(event.id, recipient.channel, recipient.address), event_id=event.id,
        event_type=event.type, correlation_id=event.correlation_id,
        channel=recipient.channel.value, recipient=recipient.address,
        recipient_hash=recipient_hash(recipient.address), organization_id=recipient.organization_id,
        language=recipient.language, transactional=recipient.transactional,
        status=(MessageStatus.SUPPRESSED if suppressed and not recipient.transactional
                else MessageStatus.PENDING).value,
        created_at=at, next_attempt_at=at)
    if recipient.channel is Channel.WEBHOOK:
        message.body = webhook_body(event)
        return message
    context = {**event.payload, **(names or {}), "recipient_name": recipient.name}
    if not recipient.transactional:
        message.unsubscribe_url = context["unsubscribe_url"] = links.unsubscribe(recipient.address)
    words = render(event.type, recipient.language, context)
    message.subject, message.text, message.html = words.subject, words.text, words.html
    return message
