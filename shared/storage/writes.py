"""What every write of one request shares: who writes (service, correlation and request
ids), how its events are enveloped, and the relay that publishes them.

The request id is numbered per write target (`<request id>.<n>`): a request that creates
two documents, or changes one twice, makes its writes in the same order when delivered
again, so each of them is recognised as itself (shared/storage/requests.py)."""

from collections.abc import Iterable, Sequence
from typing import Protocol

from bson import ObjectId

from shared.contract.declared_events import DomainEvent
from shared.contract.events import Event, registry
from shared.storage import requests


class Relay(Protocol):
    """Publishes outbox entries once written (shared/messaging/relay.py)."""

    def enqueue(self, collection: str, document_id: object, entries: Iterable[dict]) -> None: ...


class Writes:
    def __init__(self, relay: Relay, service: str, correlation_id: str,
                 request_id: str | None):
        self._relay, self._service = relay, service
        self._correlation_id, self._request_id = correlation_id, request_id
        self._counts: dict[str, int] = {}

    def occurrence(self, target: str) -> str | None:
        """This request's nth write to `target`, or None when the caller sent no request id."""
        if self._request_id is None:
            return None
        self._counts[target] = self._counts.get(target, 0) + 1
        return f"{self._request_id}.{self._counts[target]}"

    def new_id(self, purpose: str) -> str:
        """An id for something this request creates inside an aggregate (an activity in a
        partnership): the same on a redelivery, so the answer can name the first one."""
        occurrence = self.occurrence(f"id:{purpose}")
        return str(ObjectId()) if occurrence is None else requests.derived_id(occurrence, purpose)

    def envelopes(self, events: Iterable[DomainEvent], aggregate_id,
                  revision: int | None) -> list[Event]:
        return [registry.new_event(e.event_type, e.payload(), self._service, self._correlation_id,
                                   aggregate_id=str(aggregate_id), revision=revision)
                for e in events]

    def relay(self, collection: str, document_id, entries: Sequence[dict]) -> None:
        self._relay.enqueue(collection, document_id, entries)
