"""The notifications service: nameko entrypoints only. Who hears of what is decided in
domain/, what each event records in handlers.py, how messages leave in delivery.py
(docs/notifications.md)."""

from services.notifications import views
from services.notifications.composing import Links
from services.notifications.contract.errors import (
    InvalidUnsubscribeToken,
    OrganizationNotKnownToNotifications,
)
from services.notifications.contract.messages import (
    NotificationFiltersSchema,
    NotificationListSchema,
    NotificationSchema,
)
from services.notifications.contract.preferences import (
    UnsubscribedSchema,
    UnsubscribeSchema,
    WebhookAnswerSchema,
    WebhookSchema,
)
from services.notifications.contract.vocabulary import Channel, MessageStatus
from services.notifications.domain.messages import recipient_hash
from services.notifications.domain.unsubscribing import token_matches
from services.notifications.domain.webhook_targets import host_of, private_literal
from services.notifications.handlers import EVENTS, Notifying
from services.notifications.models import ContactedOrganization, MessageDocument, Unsubscribed
from services.notifications.outgoing import Outgoing
from services.notifications.repositories import MessageRepository
from shared.contract.errors import InvalidInput
from shared.contract.events import Event
from shared.contract.validation import dump, load
from shared.messaging.consumer import consumes
from shared.messaging.rpc import rpc
from shared.runtime.clock import now
from shared.runtime.config import load as load_settings
from shared.runtime.correlation import CorrelationId
from shared.service.health import HealthCheck
from shared.service.secrets import RequiredSecret
from shared.service.store import Store
from shared.storage.mongo import MongoDatabase


class NotificationsService(HealthCheck):
    name = "notifications"
    correlation_id = CorrelationId()
    store = Store(messages=MessageRepository)
    outgoing = Outgoing()  # after the store: it writes through the store's relay
    database = MongoDatabase([ContactedOrganization, Unsubscribed])
    unsubscribe_secret = RequiredSecret("unsubscribe_secret")

    @consumes(*EVENTS, queue="notify")
    def notify(self, event: Event) -> None:
        links = Links(load_settings().public_url, self.unsubscribe_secret)
        EVENTS.handle(event, Notifying(self.store.messages, self.database, links, self.outgoing))

    @rpc
    def set_webhook(self, organization_id: str, webhook: dict) -> dict:
        """{"organization_id": "65f...", "webhook": {"url": "https://...", "secret": "..."}}
        -> {"organization_id", "url", "updated_at"}; every later event about it is posted there."""
        fields = load(WebhookSchema, webhook)
        host = host_of(fields["url"])  # None: the URL format admits it, sending fails it
        if host and private_literal(host) and not load_settings().webhook_allow_private_addresses:
            raise InvalidInput("webhook URLs must reach a public address",
                                   {"url": ["must not point to a private or local address"]})
        changes = {"webhook_url": fields["url"], "webhook_secret": fields["secret"],
                   "webhook_updated_at": now()}
        self._organization(organization_id).update(**{f"set__{k}": v for k, v in changes.items()})
        return dump(WebhookAnswerSchema, {"organization_id": organization_id, "url": fields["url"],
                                           "updated_at": changes["webhook_updated_at"]})

    @rpc
    def remove_webhook(self, organization_id: str) -> None:
        """Events are no longer posted; messages already recorded fail as "removed"."""
        self._organization(organization_id).update(
            unset__webhook_url=True, unset__webhook_secret=True, set__webhook_updated_at=now())

    @rpc
    def unsubscribe(self, request: dict) -> dict:
        """{"email": "...", "token": "..."} -> only transactional messages go there from now
        on; those not sent yet are suppressed too."""
        fields = load(UnsubscribeSchema, request)
        if not token_matches(self.unsubscribe_secret, fields["email"], fields["token"]):
            raise InvalidUnsubscribeToken("this link is not the one sent to this address")
        hashed = recipient_hash(fields["email"])
        Unsubscribed.objects(pk=hashed).update_one(upsert=True, set_on_insert__at=now())
        MessageDocument.objects(recipient_hash=hashed, status=MessageStatus.PENDING.value,
                                channel=Channel.EMAIL.value, transactional=False).update(
            set__status=MessageStatus.SUPPRESSED.value)
        return dump(UnsubscribedSchema, {"email": fields["email"], "suppressed": True})

    @rpc
    def list_notifications(self, filters: dict) -> dict:
        """The delivery log, oldest first, filtered by recipient, event type and status."""
        query = load(NotificationFiltersSchema, filters)
        found, next_cursor = self.store.messages.page(
            limit=query["limit"], after=query["cursor"], **views.log_query(query))
        return dump(NotificationListSchema,
            {"items": [views.notification(m) for m in found], "next_cursor": next_cursor})

    @rpc
    def get_notification(self, message_id: str) -> dict:
        return dump(NotificationSchema, views.notification(self.store.messages.get(message_id)))

    def _organization(self, organization_id: str):
        found = ContactedOrganization.objects(pk=str(organization_id))
        if found.first() is None:
            raise OrganizationNotKnownToNotifications(
                f"notifications knows no organization {organization_id} (yet)")
        return found
