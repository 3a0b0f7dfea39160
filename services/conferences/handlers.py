"""What the conferences service does with the events it consumes (shared/messaging/handlers.py)."""

from pymongo.database import Database

import services.partnerships.contract.events  # noqa: F401  (registers the organization.* events)
from services.conferences.models import ConferenceDocument, KnownOrganization
from shared.contract.events import Event
from shared.messaging.handlers import EventHandlers
from shared.storage import organization_replicas


def replicate_organization(event: Event, database: Database) -> None:
    """Keeps the replica of partner organizations (only verified ones organize and submit)
    and lists or hides the conferences they own. Each write is guarded by the
    organization's revision, so a redelivery after a crash between the two completes the
    second and repeats nothing."""
    organization_replicas.apply(database[KnownOrganization._meta["collection"]], event)
    organization_replicas.list_owned(database[ConferenceDocument._meta["collection"]], event)


ORGANIZATION_EVENTS = EventHandlers({
    "organization.verified": replicate_organization,
    "organization.suspended": replicate_organization,
})
