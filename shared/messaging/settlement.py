"""What becomes of each message a consumer took: acknowledged, forwarded elsewhere (a delay
queue, the dead-letter queue) then acknowledged, or requeued; and which are still open.

None of these raise: they run in nameko's callbacks and threads, where an exception kills
the whole service. When the channel is gone, the broker takes the message back by itself.
"""

import logging
from collections.abc import Callable

import eventlet

log = logging.getLogger(__name__)


class Settlement:
    def __init__(self, queue_consumer, queue: str):
        self.queue_consumer, self.queue = queue_consumer, queue
        self.open: dict[int, object] = {}  # messages neither acked, forwarded nor requeued

    def track(self, message) -> None:
        self.open[id(message)] = message

    def ack(self, message) -> None:
        self.open.pop(id(message), None)
        try:
            self.queue_consumer.ack_message(message)
        except Exception:  # the channel is gone: the broker redelivers, the ledger says done
            log.warning("could not acknowledge a message from %s", self.queue, exc_info=True)

    def requeue(self, message) -> None:
        """Back to the queue at once (the broker counts it: its delivery limit bounds a loop)."""
        self.open.pop(id(message), None)
        try:
            self.queue_consumer.requeue_message(message)
        except Exception:  # the channel is gone: the broker requeues it by itself
            log.warning("could not requeue a message from %s", self.queue, exc_info=True)

    def forward(self, send_copy: Callable, message, *args) -> None:
        """Sends a copy of the message elsewhere, then acks it; requeues it if that fails."""
        try:
            send_copy(message, *args)
        except Exception:
            log.exception("could not forward a message from %s; requeueing it", self.queue)
            self.requeue(message)
            return
        self.ack(message)

    def wait(self, seconds: float) -> int:
        """Waits up to `seconds` for every open message to be settled; returns how many are
        still open."""
        with eventlet.Timeout(seconds, False):
            while self.open:
                eventlet.sleep(0.02)
        return len(self.open)
