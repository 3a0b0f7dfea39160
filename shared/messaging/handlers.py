"""What a service does with the events it consumes, as a table: event type -> handler.

    ORGANIZATION_EVENTS = EventHandlers({
        "organization.verified": replicate_organization,
        "organization.suspended": replicate_organization,
    })

A handler is a plain function `handler(event, dependencies)`: unit tests call it without
nameko. The service class only wires the table to a queue:

    @consumes(*ORGANIZATION_EVENTS, queue="organization_replica")
    def on_organization_event(self, event):
        ORGANIZATION_EVENTS.handle(event, self.database)
"""

from collections.abc import Callable
from typing import Any

from shared.contract.events import Event

Handler = Callable[[Event, Any], object]


class EventHandlers(dict[str, Handler]):
    def handle(self, event: Event, dependencies: Any) -> object:
        return self[event.type](event, dependencies)
