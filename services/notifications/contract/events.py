"""The events the notifications service publishes. A recipient appears as a hash: an
address never leaves the service in an event (nor appears in a log)."""

from dataclasses import dataclass

from services.notifications.contract.vocabulary import Channel
from shared.contract.declared_events import DomainEvent, event


@dataclass(frozen=True)
class NotificationEvent(DomainEvent):
    message_id: str
    about_event_id: str  # the event it tells of
    about_event_type: str
    channel: Channel
    recipient_hash: str
    attempts: int


@event("notification.sent", 1)
@dataclass(frozen=True)
class NotificationSent(NotificationEvent):
    pass


@event("notification.failed", 1)
@dataclass(frozen=True)
class NotificationFailed(NotificationEvent):
    error: str
