"""nameko's `@rpc`, knowing that our typed errors are answers, not crashes (logged as such),
and that a broker that blinks while a reply is sent is no reason to die.

nameko replies, then acks the request, inside the worker's result callback; it survives only
amqp's own ConnectionError there, while a reset connection raises the builtin one (or the
publisher gives up), and any exception in that callback kills the whole container. Here a
reply or ack that fails is logged and left to the broker: the unacked request is delivered
again once the connection is back, and commands are safe to run twice (shared/storage/requests.py).
Each answer's time, from the request's arrival to its reply, goes to the service's metrics.
"""

import logging
import time

from nameko.rpc import Rpc, RpcConsumer

from shared.contract.errors import MaillageError
from shared.runtime import metrics

log = logging.getLogger(__name__)


class SturdyRpcConsumer(RpcConsumer):
    def handle_result(self, message, result, exc_info):
        try:
            return super().handle_result(message, result, exc_info)
        except Exception:
            log.warning("could not reply to or acknowledge an RPC request; the broker will "
                        "deliver it again", exc_info=True)
            return result, exc_info


class SturdyRpc(Rpc):
    rpc_consumer = SturdyRpcConsumer()

    def handle_message(self, body, message):
        message.maillage_received_at = time.monotonic()  # kombu's Message takes attributes
        super().handle_message(body, message)

    def handle_result(self, message, worker_ctx, result, exc_info):
        result, exc_info = super().handle_result(message, worker_ctx, result, exc_info)
        seconds = time.monotonic() - getattr(message, "maillage_received_at", time.monotonic())
        metrics.RPC_SERVER_SECONDS.labels(
            self.container.service_name, self.method_name, "ok" if exc_info is None else "error",
        ).observe(seconds)
        return result, exc_info


def rpc(method):
    return SturdyRpc.decorator(expected_exceptions=(MaillageError,))(method)
