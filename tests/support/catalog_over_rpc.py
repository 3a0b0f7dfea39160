"""The catalog in integration tests: trainings offered over its own RPC, and the
`organization.*` events that make an organization known, verified or suspended to it,
published on the broker as partnerships' outbox publishes them (FRENCH_A1 is the
training offered unless told otherwise: `publicly_visible` searches for its words)."""

import uuid
from collections.abc import Callable

import services.partnerships.contract.events  # noqa: F401  (registers the organization.* events)
from services.catalog.contract.errors import UnknownTraining
from shared.contract.events import Event, registry
from shared.storage import mongo
from tests.support.broker import publish_events
from tests.support.catalog import FRENCH_A1
from tests.support.waiting import wait_until

REPLICA_QUEUE = "organization_replica"  # each replicating service's queue of them


def organization_news(status: str, organization_id: str, revision: int) -> Event:
    """organization.verified or organization.suspended of this revision of the organization,
    with the payload partnerships' contract requires of it."""
    payload: dict = {"organization_id": organization_id}
    if status == "verified":
        payload.update(name="Collectif des femmes de Schaerbeek", country="BE", region="north",
                       city="Bruxelles", sectors=["french_language"],
                       contact_email="contact@example.org", language="fr")
    else:
        payload.update(reason="no activity this year", active_partnership_ids=[])
    return registry.new_event(f"organization.{status}", payload, "partnerships",
                              uuid.uuid4().hex, aggregate_id=organization_id, revision=revision)


def announce(config: dict, event: Event, service: str = "catalog") -> None:
    """Publishes the event and waits until `service` has handled it (its ledger says done):
    what the test reads next is the service's state after the event, late or not."""
    publish_events(config["AMQP_URI"], event)
    ledger = mongo.connect(service).processed_events
    handled = {"_id": f"{service}.{REPLICA_QUEUE}:{event.id}", "state": "done"}
    wait_until(lambda: ledger.find_one(handled), timeout=15)


def known_organization(config: dict, revision: int = 2, service: str = "catalog") -> str:
    """The id of an organization `service` knows as verified."""
    organization_id = uuid.uuid4().hex[:24]
    announce(config, organization_news("verified", organization_id, revision), service)
    return organization_id


def offered_training(catalog, organization_id: str, training: dict | None = None,
                     sessions: tuple[dict, ...] = (), publish: bool = True) -> tuple[dict, list[dict]]:
    """A training of the organization with its sessions (`catalog`: an RPC proxy), published
    unless told otherwise."""
    created = catalog.create_training(organization_id, training or FRENCH_A1)
    scheduled = [catalog.schedule_session(created["id"], organization_id, draft)
                 for draft in sessions]
    if publish:
        created = catalog.publish_training(created["id"], organization_id)
    return created, scheduled


def every_page(fetch: Callable[[str | None], dict]) -> list[list[dict]]:
    """The items of each page `fetch(cursor)` answers, following next_cursor to the end."""
    pages, cursor = [], None
    while True:
        page = fetch(cursor)
        pages.append(page["items"])
        if (cursor := page["next_cursor"]) is None:
            return pages


def found(catalog, **filters) -> list[str]:
    """The ids of the trainings a public search finds, over all its pages."""
    def search(cursor: str | None) -> dict:
        return catalog.search_trainings({**filters, **({"cursor": cursor} if cursor else {})})
    return [t["id"] for items in every_page(search) for t in items]


def publicly_visible(catalog, training_id: str) -> bool:
    """Found by a search and shown to the public: both or neither (else it fails)."""
    listed = training_id in found(catalog, q="francais")
    try:
        catalog.get_training(training_id)
        shown = True
    except UnknownTraining:
        shown = False
    assert listed == shown, f"listed {listed} but shown {shown}"
    return listed
