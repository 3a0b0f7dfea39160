"""nameko's queue consumer, except that an undecodable message reaches its provider (to be
dead-lettered) instead of breaking the consumer loop."""

from functools import partial

from nameko.messaging import QueueConsumer


class EnvelopeQueueConsumer(QueueConsumer):
    def get_consumers(self, consumer_cls, channel):
        consumers = super().get_consumers(consumer_cls, channel)
        for provider, consumer in self._consumers.items():
            consumer.on_decode_error = partial(self._undecodable, provider)
        return consumers

    def _undecodable(self, provider, message, exc) -> None:
        provider.track(message)
        self.container.spawn_managed_thread(
            partial(provider.reject, message, f"undecodable message: {exc}")
        )
