"""Where a message goes when it is not handled now: back to its queue after a delay (the
`maillage.delay.<ms>` queues), or to its dead-letter queue `<queue>.dead`, with why.

A copy is published with confirms, mandatory (a copy no queue takes is refused, not
dropped); the caller acknowledges the original only after that, so a message is never in
neither place.
"""

import logging
import traceback
from datetime import UTC, datetime

import pymongo.errors

from shared.contract.events import Event
from shared.messaging.broker import BROKER_ERRORS, ConfirmingPublisher, OutgoingMessage
from shared.messaging.topology import dead_letter_queue, delay_exchange

log = logging.getLogger(__name__)
# A handler failing because a dependency is unreachable says nothing against its message:
# it is retried later without counting an attempt, for as long as the outage lasts.
TRANSIENT_ERRORS = (pymongo.errors.ConnectionFailure, *BROKER_ERRORS)
ATTEMPTS_HEADER = "x-maillage-attempts"
ERROR_HEADER = "x-maillage-error"
# when the message first failed (kept on every later copy) and when it last failed: what an
# operator reading a dead letter asks first (`maillage dlq list`)
FIRST_FAILURE_HEADER = "x-maillage-first-failure"
LAST_FAILURE_HEADER = "x-maillage-last-failure"


def is_transient(error: BaseException) -> bool:
    return isinstance(error, TRANSIENT_ERRORS) or (
        isinstance(error, pymongo.errors.PyMongoError)
        and error.has_error_label("RetryableWriteError"))


class Redelivery:
    def __init__(self, publisher: ConfirmingPublisher, queue: str, retry_delays: tuple[float, ...]):
        self.publisher, self.queue, self.retry_delays = publisher, queue, retry_delays

    def dead_letter(self, message, reason: str) -> None:
        log.error("dead-lettering a message from %s: %s", self.queue, reason)
        self._publish_copy(message, "", dead_letter_queue(self.queue),
                           {ERROR_HEADER: reason[:2000], **_failure_times(message)})

    def later(self, message) -> None:
        """Back after the longest delay, without counting an attempt."""
        self._publish_copy(message, delay_exchange(self.retry_delays[-1]), self.queue, {})

    def after_failure(self, message, event: Event, exc_info) -> None:
        """Retried after the next delay, or dead-lettered once every delay is spent."""
        attempts = int((message.headers or {}).get(ATTEMPTS_HEADER, 0)) + 1
        error = "".join(traceback.format_exception_only(exc_info[0], exc_info[1])).strip()
        if attempts > len(self.retry_delays):
            self.dead_letter(message, f"{event.type} {event.id} failed {attempts} times: {error}")
            return
        delay = self.retry_delays[attempts - 1]
        log.warning("%s %s failed (attempt %d), retrying in %ss: %s",
                    event.type, event.id, attempts, delay, error)
        self._publish_copy(message, delay_exchange(delay), self.queue,
                           {ATTEMPTS_HEADER: attempts, ERROR_HEADER: error[:2000],
                            **_failure_times(message)})

    def _publish_copy(self, message, exchange: str, routing_key: str, headers: dict) -> None:
        headers = {**(message.headers or {}), **headers,
                   "x-maillage-forwarded-at": datetime.now(UTC).isoformat()}
        self.publisher.publish_one(OutgoingMessage(
            exchange=exchange, routing_key=routing_key, body=message.body,
            message_id=message.properties.get("message_id") or "", headers=headers,
            content_type=message.content_type or "application/octet-stream", mandatory=True,
        ))


def _failure_times(message) -> dict:
    failed_at = datetime.now(UTC).isoformat()
    first = (message.headers or {}).get(FIRST_FAILURE_HEADER, failed_at)
    return {FIRST_FAILURE_HEADER: first, LAST_FAILURE_HEADER: failed_at}
