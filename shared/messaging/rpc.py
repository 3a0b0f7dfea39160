"""nameko's `@rpc`, knowing that our typed errors are answers, not crashes (logged as such),
and that a broker that blinks while a reply is sent is no reason to die.

nameko replies, then acks the request, inside the worker's result callback; it survives only
amqp's own ConnectionError there, while a reset connection raises the builtin one (or the
publisher gives up), and any exception in that callback kills the whole container. Here a
reply or ack that fails is logged and left to the broker: the unacked request is delivered
again once the connection is back, and commands are safe to run twice (shared/storage/requests.py).
Each answer's time, from the request's arrival to its reply, goes to the service's metrics.

Replies are published without waiting for the broker's confirm: a reply the broker loses is
an answer that did not come in time, which the caller already handles (504; commands are safe
to send again), and waiting for the confirm was a fifth of a point read's time. For the same
reason a caller reads its replies without acknowledging them (`AcklessReplyListener`): the
one waiting for a reply reads it once, and no one else could take it if it did not.
The caller's side (`UnconfirmedServiceProxy`) publishes requests without a confirm too; the
gateway decides when it may (services/gateway/services.py).
"""

import functools
import inspect
import logging
import time
from functools import partial

from nameko.amqp.publish import Publisher
from nameko.constants import (
    AMQP_SSL_CONFIG_KEY,
    AMQP_URI_CONFIG_KEY,
    DEFAULT_SERIALIZER,
    LOGIN_METHOD_CONFIG_KEY,
    SERIALIZER_CONFIG_KEY,
)
from nameko.exceptions import IncorrectSignature
from nameko.messaging import QueueConsumer
from nameko.rpc import (
    MethodProxy,
    ReplyListener,
    Responder,
    Rpc,
    RpcConsumer,
    ServiceProxy,
    get_rpc_exchange,
)

from shared.contract.errors import MaillageError
from shared.messaging.producers import reuse_connection_templates
from shared.runtime import metrics

log = logging.getLogger(__name__)
reuse_connection_templates()  # nameko's publishers build their broker URL's template once


class UnconfirmedPublisher(Publisher):
    """Publishes without waiting for the broker's confirm, and so without `mandatory`: a
    message the broker returned would arrive on a channel no one reads."""

    use_confirms = False

    def publish(self, payload, **kwargs) -> None:
        super().publish(payload, **{**kwargs, "mandatory": False})


class Replier(Responder):
    publisher_cls = UnconfirmedPublisher


class UnconfirmedMethodProxy(MethodProxy):
    publisher_cls = UnconfirmedPublisher


class UnconfirmedServiceProxy(ServiceProxy):
    def __getattr__(self, name: str) -> UnconfirmedMethodProxy:
        return UnconfirmedMethodProxy(self.worker_ctx, self.service_name, name,
                                      self.reply_listener, **self.options)


class AcklessQueueConsumer(QueueConsumer):
    """nameko's, consuming without acknowledgements (for replies alone: a container's
    event consumers have their own queue consumer)."""

    def get_consumers(self, consumer_cls, channel):
        for provider in self._providers:
            self._consumers[provider] = consumer_cls(
                queues=[provider.queue], callbacks=[partial(self.handle_message, provider)],
                accept=self.accept, no_ack=True)
        return self._consumers.values()


class AcklessReplyListener(ReplyListener):
    queue_consumer = AcklessQueueConsumer()

    def handle_message(self, body, message) -> None:
        """nameko's, without the acknowledgement."""
        waiting = self._reply_events.pop(message.properties.get("correlation_id"), None)
        if waiting is not None:
            waiting.send(body)


class SturdyRpcConsumer(RpcConsumer):
    def handle_result(self, message, result, exc_info):
        try:
            return self._reply(message, result, exc_info)
        except Exception:
            log.warning("could not reply to or acknowledge an RPC request; the broker will "
                        "deliver it again", exc_info=True)
            return result, exc_info

    def _reply(self, message, result, exc_info):
        """nameko's RpcConsumer.handle_result, with a Replier."""
        config = self.container.config
        responder = Replier(config[AMQP_URI_CONFIG_KEY], get_rpc_exchange(config),
                            config.get(SERIALIZER_CONFIG_KEY, DEFAULT_SERIALIZER), message,
                            ssl=config.get(AMQP_SSL_CONFIG_KEY),
                            login_method=config.get(LOGIN_METHOD_CONFIG_KEY))
        result, exc_info = responder.send_response(result, exc_info)
        self.queue_consumer.ack_message(message)
        return result, exc_info


class SturdyRpc(Rpc):
    rpc_consumer = SturdyRpcConsumer()

    @functools.cached_property
    def _signature(self) -> inspect.Signature:
        return inspect.signature(getattr(self.container.service_cls, self.method_name))

    def check_signature(self, args, kwargs) -> None:
        """nameko's, with the method's signature read once (getcallargs reads it per call)."""
        try:
            self._signature.bind(None, *args, **kwargs)  # None: the unbound method's self
        except TypeError as exc:
            raise IncorrectSignature(str(exc)) from None

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
