"""Who manages a conference, over RPC against the real RabbitMQ and Mongo-wire server: the
owner and its co-organizers; any other organization, verified as it may be, is refused every
organizer's command and changes nothing stored."""

import pytest

from services.conferences.service import ConferencesService
from tests.support.conferences import attendee, conference_draft, talk
from tests.support.conferences_over_rpc import (
    answers,
    organization,
    published,
    stored,
    stored_proposal,
)

pytestmark = pytest.mark.integration


@pytest.fixture
def conferences(proxy_to_running):
    return proxy_to_running(ConferencesService)


def test_a_non_organizer_is_refused_every_organizers_command_and_nothing_changes(
        conferences, config):
    owner, partner, stranger, speaker = (organization(config) for _ in range(4))
    draft = conferences.create_conference(owner, conference_draft(co_organizer_ids=[partner]))
    conference = published(conferences, owner, capacity=5, requires_approval=True,
                           co_organizer_ids=[partner])
    proposal = conferences.submit_proposal(conference["id"], speaker, talk())
    held, approved = (conferences.register(conference["id"], attendee()) for _ in range(2))
    conferences.approve_registration(approved["id"], partner)
    before = [stored(draft["id"]), stored(conference["id"]), stored_proposal(proposal["id"])]
    item = {"title": "Atelier", "speakers": [{"name": "Awa Diop"}],
            "starts_at": conference["starts_at"], "ends_at": conference["ends_at"]}

    refusals = answers(
        config, ("publish_conference", draft["id"], stranger),
        ("change_conference", draft["id"], stranger, {"capacity": 80}),
        ("cancel_conference", draft["id"], stranger),
        ("change_conference", conference["id"], stranger, {"title": "Autre chose"}),
        ("add_agenda_item", conference["id"], stranger, item),
        ("cancel_conference", conference["id"], stranger),
        ("finish_conference", conference["id"], stranger),
        ("accept_proposal", proposal["id"], stranger),
        ("reject_proposal", proposal["id"], stranger),
        ("approve_registration", held["id"], stranger),
        ("reject_registration", held["id"], stranger),
        ("check_in", approved["id"], stranger),
        ("cancel_registration", approved["id"], None, stranger),
        ("list_registrations", conference["id"], stranger, {}))

    assert [type(refusal).__name__ for refusal in refusals] == ["NotAnOrganizer"] * 14, refusals
    after = [stored(draft["id"]), stored(conference["id"]), stored_proposal(proposal["id"])]
    assert after == before
    assert conferences.list_registrations(conference["id"], partner, {})["counts"]["confirmed"] == 1


def test_the_submitter_of_a_proposal_sees_its_own_and_decides_none(conferences, config):
    owner, speaker, other = (organization(config) for _ in range(3))
    conference = published(conferences, owner)
    mine = conferences.submit_proposal(conference["id"], speaker, talk())
    conferences.submit_proposal(conference["id"], other, talk("Radicalisation et prévention"))

    [refusal] = answers(config, ("accept_proposal", mine["id"], speaker))

    assert type(refusal).__name__ == "NotAnOrganizer"
    assert stored_proposal(mine["id"])["status"] == "submitted"
    seen = conferences.list_proposals(conference["id"], speaker, False, {})["items"]
    assert [p["id"] for p in seen] == [mine["id"]]
    assert len(conferences.list_proposals(conference["id"], owner, False, {})["items"]) == 2
