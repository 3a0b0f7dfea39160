"""What the public catalog shows as the catalog learns of organizations from their events
(the real CatalogService over RPC, events published on the real RabbitMQ, the Mongo-wire
server): a suspension hides an organization's trainings, a verification shows them again, and
a late event, an edit in between or a training created before the organization was known
never shows what should stay hidden."""

import pytest

from services.catalog.contract.errors import UnknownSession
from services.catalog.domain.trainings import Training
from services.catalog.models import TrainingDocument
from services.catalog.repositories import TrainingRepository
from services.catalog.service import CatalogService
from shared.storage import organization_replicas as replica
from shared.storage.writes import Writes
from tests.support.catalog import participant, session_draft
from tests.support.catalog_over_rpc import (
    announce,
    known_organization,
    offered_training,
    organization_news,
    publicly_visible,
)

pytestmark = pytest.mark.integration


class Unrelayed:
    """Leaves a repository's events in the outbox: these tests read the database."""

    def enqueue(self, collection: str, document_id: object, entries) -> None:
        pass


@pytest.fixture
def catalog(proxy_to_running):
    return proxy_to_running(CatalogService)


def test_a_suspension_hides_trainings_a_late_event_changes_nothing_a_verification_shows_them(
    catalog, config
):
    organization_id, bystander = known_organization(config), known_organization(config)
    training, [session] = offered_training(catalog, organization_id, sessions=(session_draft(5),))
    other, _ = offered_training(catalog, bystander)
    assert publicly_visible(catalog, training["id"])

    announce(config, organization_news("suspended", organization_id, 3))
    assert not publicly_visible(catalog, training["id"])
    assert publicly_visible(catalog, other["id"])
    assert catalog.get_training(training["id"], organization_id)["status"] == "published"
    with pytest.raises(UnknownSession):  # hidden: takes no enrollment either
        catalog.enroll(session["id"], participant())

    announce(config, organization_news("verified", organization_id, 2))  # late: older revision
    assert not publicly_visible(catalog, training["id"])

    announce(config, organization_news("verified", organization_id, 4))
    assert publicly_visible(catalog, training["id"])
    assert catalog.enroll(session["id"], participant())["status"] == "confirmed"


def test_an_edit_between_a_suspension_and_a_late_verification_does_not_list_the_training_again(
    catalog, config
):
    organization_id = known_organization(config)
    training, _ = offered_training(catalog, organization_id)
    announce(config, organization_news("suspended", organization_id, 3))

    catalog.change_training(training["id"], organization_id, {"title": "Français, le soir"})
    catalog.unpublish_training(training["id"], organization_id)
    catalog.publish_training(training["id"], organization_id)
    announce(config, organization_news("verified", organization_id, 2))  # late: older revision

    assert not publicly_visible(catalog, training["id"])


def test_an_organization_event_landing_during_a_training_edit_is_not_undone_by_its_save(
    catalog, config
):
    organization_id = known_organization(config)
    training, _ = offered_training(catalog, organization_id)
    suspension, landed = organization_news("suspended", organization_id, 3), list[int]()

    def edit_while_the_suspension_lands(read: Training) -> list:
        if not landed:  # between this edit's read and its save
            landed.append(replica.list_owned(TrainingDocument._get_collection(), suspension))
        read.edit({"title": "Français, le soir"})
        return []

    TrainingRepository(Writes(Unrelayed(), "catalog", "c", None)).change(
        training["id"], edit_while_the_suspension_lands)

    assert landed == [1] and not publicly_visible(catalog, training["id"])
    assert catalog.get_training(training["id"], organization_id)["title"] == "Français, le soir"


def test_a_training_created_before_the_catalog_knows_its_organization_is_listed_once_verified(
    catalog, config
):
    newcomer, suspended = "a1" * 12, "b2" * 12
    announce(config, organization_news("suspended", suspended, 3))
    early, _ = offered_training(catalog, newcomer)
    of_suspended, _ = offered_training(catalog, suspended)
    assert not publicly_visible(catalog, early["id"])
    assert not publicly_visible(catalog, of_suspended["id"])

    announce(config, organization_news("verified", newcomer, 2))

    assert publicly_visible(catalog, early["id"])
    assert not publicly_visible(catalog, of_suspended["id"])
