"""Commands delivered twice over real RPC, RabbitMQ and Mongo-wire: the second delivery of a
request (same request id in the worker context, as a broker redelivery or a client retry
through the gateway carries it) is answered from what the first stored, never decided again."""

import uuid

import pytest

from services.partnerships.contract.errors import DuplicateOrganization, IllegalTransition
from services.partnerships.models import OrganizationDocument, PartnershipDocument
from shared.messaging.rpc import rpc
from shared.service.store import Store
from shared.storage import mongo, outbox, requests
from shared.storage.outbox import Aggregate
from tests.support.concurrency import at_once
from tests.support.organizations import application
from tests.support.recorder import Note, NoteRepository, NoteTaken
from tests.support.rpc_calls import rpc_call
from tests.support.waiting import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.spy_on("organization.*", "partnership.*")]
TERMS = {"focus_areas": ["literacy"], "description": "Mentoring", "starts_on": "2027-01-15"}
ACTIVITY = {"title": "Exchange visit in Thiès", "kind": "exchange_visit", "date": "2027-03-02"}


class NoterOfSeveral:
    """Requests that write more than once: two creations, or two changes of one note."""

    name = "noter"
    store = Store(notes=NoteRepository)

    @rpc
    def take_two_notes(self, text: str) -> list[str]:
        notes = [Note(text=f"{text} {n}") for n in (1, 2)]
        return [self.store.notes.add(note, NoteTaken(note.id, note.text)).id for note in notes]

    @rpc
    def amend_twice(self, note_id: str) -> str:
        for mark in ("!", "?"):
            self.store.notes.change(note_id, lambda note, mark=mark: amend(note, mark))
        return Note.objects.get(pk=note_id).text


def amend(note: Note, mark: str) -> NoteTaken:
    note.text += mark
    return NoteTaken(note.id, note.text)


def delivered(config, method: str, *args, request_id: str, service: str = "partnerships"):
    """One delivery of a request, as the gateway sends it."""
    return rpc_call(config, service, method, *args, request_id=request_id)


def settled(spy, event_type: str, count: int) -> list[dict]:
    """The events of a type once the outbox is empty (so none is still on its way)."""
    wait_until(lambda: all(d.outbox == [] for d in OrganizationDocument.objects)
               and all(d.outbox == [] for d in PartnershipDocument.objects))
    return wait_until(lambda: len(spy.of_type(event_type)) >= count and spy.of_type(event_type))


def test_a_suspension_delivered_twice_answers_the_stored_state_instead_of_a_conflict(
    partnerships, config, spy
):
    organization = partnerships.apply_organization(application())
    request_id = requests.new_id()

    first = delivered(config, "suspend_organization", organization["id"], {"reason": "inactive"},
                      request_id=request_id)
    again = delivered(config, "suspend_organization", organization["id"], {"reason": "inactive"},
                      request_id=request_id)

    assert first["status"] == again["status"] == "suspended"
    assert again == first
    assert OrganizationDocument.objects.get(pk=organization["id"]).revision == 2
    assert len(settled(spy, "organization.suspended", 1)) == 1
    with pytest.raises(IllegalTransition):  # a new request is still decided on its own
        delivered(config, "suspend_organization", organization["id"], {"reason": "again"},
                  request_id=requests.new_id())


def test_an_application_delivered_twice_returns_the_organization_the_first_one_created(
    partnerships, config, spy
):
    request_id, applied = requests.new_id(), application()

    first = delivered(config, "apply_organization", applied, request_id=request_id)
    again = delivered(config, "apply_organization", applied, request_id=request_id)

    assert again == first
    assert OrganizationDocument.objects.count() == 1
    assert len(settled(spy, "organization.registered", 1)) == 1
    with pytest.raises(DuplicateOrganization):  # another request for the same name: a conflict
        delivered(config, "apply_organization", applied, request_id=requests.new_id())


def test_an_activity_delivered_twice_is_recorded_once_and_answered_with_its_first_id(
    partnerships, config, spy, brussels, dakar
):
    partnership = partnerships.propose_partnership(
        brussels, {**TERMS, "partner_id": dakar, "kind": "north_south"})
    partnerships.accept_partnership(partnership["id"], dakar)
    request_id = requests.new_id()

    first = delivered(config, "record_activity", partnership["id"], dakar, ACTIVITY,
                      request_id=request_id)
    again = delivered(config, "record_activity", partnership["id"], dakar, ACTIVITY,
                      request_id=request_id)

    assert again == first
    assert [a["id"] for a in partnerships.list_activities(partnership["id"])["items"]] == [first["id"]]
    assert len(settled(spy, "partnership.activity_recorded", 1)) == 1


def test_copies_of_one_request_delivered_at_once_decide_once_and_all_answer_success(
    partnerships, config, spy
):
    organization = partnerships.apply_organization(application())
    request_id = requests.new_id()

    def deliver():
        return delivered(config, "verify_organization", organization["id"],
                         request_id=request_id)["status"]

    answers = at_once(*[deliver] * 6)

    assert answers == ["verified"] * 6
    assert OrganizationDocument.objects.get(pk=organization["id"]).revision == 2
    assert len(settled(spy, "organization.verified", 1)) == 1


def test_each_write_of_a_request_that_writes_several_times_is_recognised_as_itself(
    config, running
):
    running(NoterOfSeveral)
    request_id = requests.new_id()

    created = delivered(config, "take_two_notes", "bonjour", request_id=request_id, service="noter")
    again = delivered(config, "take_two_notes", "bonjour", request_id=request_id, service="noter")
    [first_note, _] = created
    amended = delivered(config, "amend_twice", first_note, request_id=request_id, service="noter")
    amended_again = delivered(config, "amend_twice", first_note, request_id=request_id,
                              service="noter")

    assert again == created and len(set(created)) == 2 and Note.objects.count() == 2
    assert amended == amended_again == "bonjour 1!?"
    assert Note.objects.get(pk=first_note).revision == 3


def test_an_aggregate_remembers_only_its_most_recent_requests(isolated_env):
    mongo.connect("noter")
    outbox.ensure_request_index(Note._get_collection())
    note = Note(text="bonjour")
    outbox.insert(note, [], request_id="creating")
    request_ids = [uuid.uuid4().hex for _ in range(Aggregate.RECENT_REQUESTS + 6)]

    for request_id in request_ids:
        outbox.update(note, [], request_id)

    stored = Note.objects.get(pk=note.id)
    assert stored.request_ids == request_ids[-Aggregate.RECENT_REQUESTS:]
    assert stored.created_by_request == "creating"
    assert stored.revision == len(request_ids) + 1
