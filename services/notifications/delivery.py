"""The delivery loop: sends what the handlers recorded, apart from consuming events
(docs/notifications.md, "Exactly-once effect").

Each process runs one loop (a managed thread). It claims the message due first under a
lease, sends it in a green thread of its own (at most `concurrency` at once per channel, so a
slow webhook or a dead mail server holds only its own messages), and settles the outcome: sent
(with notification.sent in the same write), due again after a backoff, or failed for good
(notification.failed). Handlers wake it when they record something; it also looks every
POLL_SECONDS, for retries that came due and messages other processes recorded."""

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import eventlet
from eventlet.greenpool import GreenPool
from eventlet.queue import Empty, LightQueue
from eventlet.semaphore import Semaphore

from services.notifications.contract.vocabulary import Channel
from services.notifications.domain.retries import RetryPolicy
from services.notifications.models import ContactedOrganization, MessageDocument
from services.notifications.repositories import MessageRepository
from services.notifications.sending import (
    EmailSender,
    MaybeDelivered,
    PermanentFailure,
    SendFailed,
    WebhookSender,
)
from shared.runtime.clock import now

log = logging.getLogger(__name__)
POLL_SECONDS = 0.5
SETTLE_RETRY_SECONDS = 1.0  # the database blinked after a send: keep the outcome, try again


@dataclass(frozen=True)
class Senders:
    email: EmailSender
    webhook: WebhookSender


class DeliveryLoop:
    def __init__(self, messages: Callable[[MessageDocument | None], MessageRepository],
                 senders: Senders, policy: RetryPolicy, concurrency: int, lease: timedelta):
        self.messages, self.senders, self.policy = messages, senders, policy
        self.lease, self.owner = lease, uuid.uuid4().hex
        # A pool per channel: webhooks that hang until their timeout hold back no email.
        self.pools = {channel: GreenPool(concurrency) for channel in Channel}
        self._in_doubt = Semaphore(1)
        self._wakeup: LightQueue = LightQueue()
        self._next_sweep = now()
        self._stopping = False
        self._sending: set[str] = set()  # ids of the messages this loop is sending
        self._claim_unanswered = False

    def wake(self) -> None:
        """Something was recorded: look now rather than at the next poll."""
        if self._wakeup.qsize() == 0:
            self._wakeup.put(None)

    def stop(self, grace_seconds: float) -> None:
        """Claims nothing more and lets the sends under way finish (within the grace): a
        restart then leaves no email `unknown`."""
        self._stopping = True
        with eventlet.Timeout(grace_seconds, False):
            for pool in self.pools.values():
                pool.waitall()

    def run(self) -> None:
        while not self._stopping:
            try:
                self.claim_and_send()
            except Exception as exc:  # the database is down: never die, look again soon
                log.warning("delivery loop could not claim messages, will retry: %s", exc)
            self._sleep()

    def claim_and_send(self) -> None:
        """Starts sending every due message while its channel's pool has room."""
        self._sweep_leases()
        repository = self.messages(None)
        if self._claim_unanswered:
            repository.release(self.owner, keep=self._sending, now=now())
            self._claim_unanswered = False
        for channel, pool in self.pools.items():
            while pool.free() and not self._stopping:
                message = self._claim(repository, channel)
                if message is None:
                    break
                self._sending.add(message.pk)
                pool.spawn_n(self.deliver, message)

    def _claim(self, repository: MessageRepository, channel: Channel) -> MessageDocument | None:
        """A claim whose answer the database did not give (it stopped, the connection broke)
        may have been written: the next round gives back what this loop holds and is not
        sending, rather than leaving it until the lease ends."""
        try:
            return repository.claim_next(channel, self.owner, now(), self.lease)
        except Exception:
            self._claim_unanswered = True
            raise

    def deliver(self, message: MessageDocument) -> None:
        in_doubt: list[bool] = []  # holds True once this email holds the one place in doubt
        try:
            self._send(message, in_doubt)
            outcome: SendFailed | None = None
        except SendFailed as failure:
            outcome = failure
        except Exception as exc:  # a bug or a dependency failing: this attempt failed, say why
            log.exception("sending message %s failed unexpectedly", message.pk)
            failed = MaybeDelivered if in_doubt else SendFailed
            outcome = failed(f"{type(exc).__name__}: {exc}"[:500])
        try:
            self._settle(message, outcome)
        finally:
            self._sending.discard(message.pk)
            if in_doubt:
                self._in_doubt.release()
        self.wake()  # a slot is free: take the next due message now

    def _send(self, message: MessageDocument, in_doubt: list[bool]) -> None:
        if message.channel == Channel.EMAIL.value:
            self.senders.email.send(message, lambda: self._hand_over(message, in_doubt))
            return
        organization = ContactedOrganization.objects(pk=message.organization_id).only(
            "webhook_secret", "webhook_url").first()
        if organization is None or not organization.webhook_secret:
            raise PermanentFailure("the organization removed its webhook")
        self.senders.webhook.send(message, organization.webhook_secret)

    def _hand_over(self, message: MessageDocument, in_doubt: list[bool]) -> None:
        """Notes that the email may reach its recipient from now on; if that cannot be
        noted, it is not sent (a crash after this would otherwise send it twice).

        From here until its outcome is written, the email is in doubt: a crash leaves it
        `unknown`. One email at a time may be in doubt (the others wait with their envelope
        accepted), so a process killed at any moment leaves at most one email unknown, not
        one per concurrent send; the wait is the mail server's answer to one message."""
        self._in_doubt.acquire()
        in_doubt.append(True)
        try:
            noted = self.messages(message).handing_over(message, self.owner)
        except Exception as exc:
            raise SendFailed(f"could not note the handover: {exc}"[:500]) from None
        if not noted:
            raise SendFailed("the claim on this message ran out before it was sent")

    def _settle(self, message: MessageDocument, failure: SendFailed | None) -> None:
        """Writes the outcome, waiting out a database outage (within the lease: after it,
        `cut_short` settles the message instead, and this write changes nothing)."""
        deadline = now() + self.lease
        while now() < deadline:
            try:
                self._write_outcome(message, failure)
                return
            except Exception as exc:
                log.warning("could not record the outcome of message %s, will retry: %s",
                            message.pk, exc)
                eventlet.sleep(SETTLE_RETRY_SECONDS)

    def _write_outcome(self, message: MessageDocument, failure: SendFailed | None) -> None:
        repository, at = self.messages(message), now()
        attempts = len(message.attempts) + 1
        if failure is None:
            repository.mark_sent(message, self.owner, at)
        elif isinstance(failure, MaybeDelivered):
            repository.mark_unknown(message, self.owner, at, str(failure))
        elif isinstance(failure, PermanentFailure) or self.policy.gives_up_after(attempts):
            repository.mark_failed(message, self.owner, at, str(failure))
        else:
            repository.retry_later(message, self.owner, at, str(failure),
                                   self.policy.next_attempt_at(at, attempts))
        if failure is not None:
            log.info("message %s (%s, %s) attempt %d failed: %s", message.pk, message.event_type,
                     message.channel, attempts, failure)

    def _sweep_leases(self) -> None:
        if now() < self._next_sweep:
            return
        self._next_sweep = now() + self.lease / 4
        for message in self.messages(None).cut_short(now()):
            log.warning("message %s (%s, %s) was being sent by a process that stopped: %s",
                        message.pk, message.event_type, message.channel, message.status)

    def _sleep(self) -> None:
        try:
            self._wakeup.get(timeout=POLL_SECONDS)
        except Empty:
            pass
