"""The delivery loop as a nameko dependency: one loop per process, started with the service
and stopped with it; workers get its `wake` (handlers call it once they recorded messages).

It writes through the service's Store (its relay publishes notification.sent and
notification.failed), so it is declared after it:

    store = Store(messages=MessageRepository)
    outgoing = Outgoing()
"""

import uuid
from collections.abc import Callable
from datetime import timedelta

from nameko.extensions import DependencyProvider

from services.notifications.delivery import DeliveryLoop, Senders
from services.notifications.domain.retries import RetryPolicy
from services.notifications.models import MessageDocument
from services.notifications.repositories import MessageRepository
from services.notifications.sending import EmailSender, WebhookSender
from shared.runtime.config import Settings
from shared.runtime.config import load as load_settings
from shared.service.store import Store

STOP_GRACE_SECONDS = 3.0  # within the container's stop deadline (STOP_DEADLINE_SECONDS)


def loop_of(settings: Settings, store: Store) -> DeliveryLoop:
    first, longest = settings.delivery_backoff_seconds
    senders = Senders(EmailSender(settings.smtp_url, settings.mail_from, settings.smtp_timeout_seconds),
                      WebhookSender(settings.webhook_timeout_seconds,
                                    settings.webhook_allow_private_addresses))

    def messages(about: MessageDocument | None) -> MessageRepository:
        """A repository whose events carry on the correlation id of the event told of."""
        correlation = (about.correlation_id if about is not None else None) or uuid.uuid4().hex
        return MessageRepository(store.writes_for(correlation))

    return DeliveryLoop(messages, senders, RetryPolicy(settings.delivery_attempts, first, longest),
                        settings.delivery_concurrency,
                        timedelta(seconds=settings.delivery_lease_seconds))


class Outgoing(DependencyProvider):
    def start(self) -> None:
        store = next(d for d in self.container.dependencies if isinstance(d, Store))
        self.loop = loop_of(load_settings(), store)
        self.container.spawn_managed_thread(self.loop.run, identifier="delivery-loop")

    def stop(self) -> None:
        self.loop.stop(STOP_GRACE_SECONDS)

    def get_dependency(self, worker_ctx) -> Callable[[], None]:
        return self.loop.wake
