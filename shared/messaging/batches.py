"""Work put from many greenthreads and taken by one, in batches.

The taker blocks for the first item, then takes whatever else has accumulated (up to a
maximum) without waiting for more: under load a round trip serves many items, when idle
an item is served at once. No polling, no sleeps.
"""

from typing import Generic, TypeVar

from eventlet.queue import Empty, LightQueue

Item = TypeVar("Item")


class Batches(Generic[Item]):
    def __init__(self, max_batch: int):
        self.max_batch = max_batch
        self._queue: LightQueue = LightQueue()

    def put(self, item: Item) -> None:
        self._queue.put(item)

    def next_batch(self) -> list[Item]:
        batch = [self._queue.get()]
        while len(batch) < self.max_batch:
            try:
                batch.append(self._queue.get_nowait())
            except Empty:
                break
        return batch
