"""Notifications in tests: the events it tells of, with realistic payloads (one value per
field name, as producers put them on the wire), and `tell`, which publishes events and
waits until the service has recorded what they make."""

import uuid
from dataclasses import fields
from typing import Any

import requests

import services.catalog.contract.events  # noqa: F401  (registers the events told of)
import services.conferences.contract.events  # noqa: F401
import services.partnerships.contract.events  # noqa: F401
from shared.contract.events import Event, registry
from shared.storage import mongo
from tests.support.broker import publish_events
from tests.support.management import queue_info
from tests.support.waiting import wait_until

# One realistic value per field name. A field added to an event without a value here fails
# the tests that use it: its words need a look.
VALUES: dict[str, Any] = {
    "organization_id": "o-1", "name": "Lire Ensemble", "country": "SN", "region": "south",
    "city": "Dakar", "sectors": ["literacy"], "contact_email": "contact@lire.sn", "language": "fr",
    "partnership_id": "p-1", "proposer_id": "o-1", "partner_id": "o-2", "kind": "south_north",
    "focus_areas": ["literacy", "digital_skills"], "starts_on": "2027-09-01", "ends_on": "2028-06-30",
    "ended_by": "o-2", "session_id": "s-1", "training_id": "t-1",
    "training_title": "Premiers pas en informatique",
    "starts_at": "2027-07-12T07:00:00+00:00", "ends_at": "2027-07-12T15:00:00+00:00",
    "address": "Rue Haute 12", "online_url": None, "enrollment_id": "e-1",
    "participant_name": "Awa Diop", "email": "awa@example.org", "cancelled_by": "participant",
    "conference_id": "c-1", "co_organizer_ids": ["o-2"], "title": "Rencontres de Dakar",
    "time_zone": "Africa/Dakar", "proposal_id": "pr-1", "conference_title": "Rencontres de Dakar",
    "speakers": ["Awa Diop", "Jan Peeters"], "registration_id": "r-1",
    "participant_organization": None, "capacity": 20, "attended": True, "completed": False,
}
QUEUE = "notify"  # the service's one queue of the events it tells of


def payload_of(event_class: Any, **changes: Any) -> dict[str, Any]:
    return {**{field.name: VALUES[field.name] for field in fields(event_class)}, **changes}


def event_of(event_class: Any, revision: int | None = None, **changes: Any) -> Event:
    """An event of this class as its producer publishes it, its values changed as told."""
    payload = registry.get(event_class.event_type).strict.load(payload_of(event_class, **changes))
    subject = next((payload[f] for f in ("organization_id", "session_id", "conference_id")
                    if f in payload), None)
    return registry.new_event(event_class.event_type, payload, "tests", uuid.uuid4().hex,
                              aggregate_id=subject, revision=revision)


def tell(config: dict, *events: Event) -> None:
    """Publishes the events and waits until notifications has handled each (its ledger says
    done): the messages they make are recorded by then."""
    publish_events(config["AMQP_URI"], *events)
    ledger = mongo.connect("notifications").processed_events
    for event in events:
        handled = {"_id": f"notifications.{QUEUE}:{event.id}", "state": "done"}
        wait_until(lambda handled=handled: ledger.find_one(handled), timeout=15)


def consuming(amqp_uri: str) -> bool:
    """Whether notifications consumes its queue (declared, bindings and all) yet."""
    try:
        return queue_info(amqp_uri, f"notifications.{QUEUE}").get("consumers", 0) > 0
    except requests.HTTPError:  # not declared yet
        return False
