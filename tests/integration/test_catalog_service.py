"""The catalog service over its RPC, against the real RabbitMQ and Mongo-wire server: the
public search and its filters, an enrollment delivered twice, and the owner's view and
cancellation of enrollments (what suspensions hide: test_catalog_visibility.py)."""

from functools import partial

import pytest

from services.catalog.contract.errors import (
    AlreadyEnrolled,
    InvalidCancelToken,
    NotTheOwner,
)
from services.catalog.models import SessionDocument
from services.catalog.service import CatalogService
from shared.storage import requests
from shared.storage.outbox import Aggregate
from tests.support.catalog import FRENCH_A1, moment, participant, session_draft
from tests.support.catalog_over_rpc import (
    every_page,
    found,
    known_organization,
    offered_training,
)
from tests.support.concurrency import at_once
from tests.support.rpc_calls import rpc_call
from tests.support.waiting import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.spy_on("enrollment.*")]
NUMERIQUE = {**FRENCH_A1, "title": "Atelier numerique", "description": "Courriels et démarches",
             "category": "digital_skills", "languages": ["nl"], "tags": []}


@pytest.fixture
def catalog(proxy_to_running):
    return proxy_to_running(CatalogService)


def test_search_matches_words_without_case_or_accents_and_each_filter(catalog, config):
    owner, other = known_organization(config), known_organization(config)
    french, _ = offered_training(catalog, owner, sessions=(session_draft(1, days=10),))
    digital, _ = offered_training(catalog, owner, NUMERIQUE, sessions=(session_draft(
        5, days=40, location={"city": "Liège"}),))
    online, _ = offered_training(catalog, other, sessions=(session_draft(
        5, days=5, location={"online_url": "https://meet.example.org/fle"}),))
    sewing, _ = offered_training(catalog, owner, {**FRENCH_A1, "title": "Couture"})

    assert found(catalog, q="FRANÇAIS") == [french["id"], online["id"], sewing["id"]]
    assert found(catalog, q="Etrangere, francais!") == [french["id"], online["id"]]  # title words
    assert found(catalog, q="NUMÉRIQUE") == [digital["id"]]
    assert found(catalog, category="digital_skills") == found(catalog, language="nl") == [digital["id"]]
    assert found(catalog, city="liege") == [digital["id"]]
    assert found(catalog, city="Bruxelles") == [french["id"]]
    assert found(catalog, organization_id=other) == [online["id"]]
    assert found(catalog, starts_after=moment(20)) == [digital["id"]]
    assert found(catalog, starts_before=moment(7)) == [online["id"]]
    assert found(catalog, starts_after=moment(7), starts_before=moment(20)) == [french["id"]]
    assert found(catalog, has_seats=True) == [french["id"], digital["id"], online["id"]]


def test_a_full_cancelled_or_closed_session_does_not_count_for_seats_or_place(catalog, config):
    owner = known_organization(config)
    full, [filled] = offered_training(catalog, owner, sessions=(session_draft(1),))
    cancelled, [called_off] = offered_training(catalog, owner, sessions=(
        session_draft(5, location={"city": "Mons"}),))
    closing, _ = offered_training(catalog, owner, sessions=(session_draft(
        5, location={"city": "Namur"}, enrollment_closes_at=moment(hours=4 / 3600)),))
    assert found(catalog, has_seats=True) == [full["id"], cancelled["id"], closing["id"]]
    assert (found(catalog, city="MONS"), found(catalog, city="namur")) == (
        [cancelled["id"]], [closing["id"]])

    catalog.enroll(filled["id"], participant())
    catalog.cancel_session(called_off["id"], owner)
    wait_until(lambda: found(catalog, city="namur") == [], timeout=10)  # its enrollment closed

    assert found(catalog, has_seats=True) == []
    assert found(catalog, city="Bruxelles") == [full["id"]]  # full, but still open
    assert found(catalog, city="mons") == []
    assert found(catalog) == [full["id"], cancelled["id"], closing["id"]]  # all still published


def test_cursor_pages_cover_every_match_once(catalog, config):
    owner = known_organization(config)
    offered = {offered_training(catalog, owner, sessions=(session_draft(3),))[0]["id"]
               for _ in range(5)}
    offered_training(catalog, owner, publish=False)

    def two_at_a_time(filters: dict, cursor: str | None) -> dict:
        return catalog.search_trainings({**filters, "limit": 2, **({"cursor": cursor} if cursor else {})})

    for filters in ({}, {"q": "francais"}, {"city": "bruxelles", "has_seats": True}):
        pages = every_page(partial(two_at_a_time, filters))
        assert [len(items) for items in pages] == [2, 2, 1], filters
        assert sorted(t["id"] for items in pages for t in items) == sorted(offered), filters


def test_an_enrollment_delivered_twice_answers_the_same_id_and_token_and_enrolls_once(
    catalog, config, spy
):
    owner = known_organization(config)
    _, [session] = offered_training(catalog, owner, sessions=(session_draft(3),))
    person, request_id = participant(), requests.new_id()

    def deliver():
        return rpc_call(config, "catalog", "enroll", session["id"], person, request_id=request_id)

    first, *copies = [deliver(), *at_once(deliver, deliver, deliver), deliver()]

    assert all(copy == first for copy in copies) and first["status"] == "confirmed"
    listing = catalog.list_enrollments(session["id"], owner, {})
    assert [e["id"] for e in listing["items"]] == [first["id"]]
    assert (listing["counts"]["confirmed"], catalog.get_session(session["id"])["seats_left"]) == (1, 2)
    wait_until(lambda: SessionDocument.objects.get(pk=session["id"]).outbox == [])
    assert [e["payload"]["enrollment_id"] for e in spy.of_type("enrollment.confirmed")] == [first["id"]]
    with pytest.raises(AlreadyEnrolled):  # another request for the same email is decided anew
        catalog.enroll(session["id"], {**person, "email": person["email"].upper()})
    assert catalog.cancel_enrollment(first["id"], first["cancel_token"])["status"] == "cancelled"


def test_an_enrollment_delivered_again_after_many_others_on_its_session_answers_its_receipt(
    catalog, config
):
    owner = known_organization(config)
    _, [session] = offered_training(catalog, owner, sessions=(session_draft(3),))
    person, request_id = participant(), requests.new_id()
    first = rpc_call(config, "catalog", "enroll", session["id"], person, request_id=request_id)
    at_once(*[lambda: rpc_call(config, "catalog", "enroll", session["id"], participant(),
                               request_id=requests.new_id())] * Aggregate.RECENT_REQUESTS)

    again = rpc_call(config, "catalog", "enroll", session["id"], person, request_id=request_id)

    assert again == first


def test_the_owner_pages_enrollments_in_arrival_order_with_counts_and_cancels_them(
    catalog, config, spy
):
    owner, stranger = known_organization(config), known_organization(config)
    _, [session] = offered_training(catalog, owner, sessions=(session_draft(2),))
    people = [catalog.enroll(session["id"], participant(f"P{n}")) for n in range(5)]
    assert [p["waitlist_position"] for p in people] == [None, None, 1, 2, 3]

    with pytest.raises(InvalidCancelToken):
        catalog.cancel_enrollment(people[1]["id"], people[0]["cancel_token"])
    with pytest.raises(NotTheOwner):
        catalog.cancel_enrollment(people[1]["id"], None, stranger)
    with pytest.raises(NotTheOwner):
        catalog.list_enrollments(session["id"], stranger, {})
    assert catalog.cancel_enrollment(people[1]["id"], people[1]["cancel_token"])["status"] == "cancelled"
    assert catalog.cancel_enrollment(people[4]["id"], None, owner)["status"] == "cancelled"
    again = catalog.cancel_enrollment(people[1]["id"], people[1]["cancel_token"])
    assert again["status"] == "cancelled"  # a second cancellation changes nothing

    pages = every_page(lambda cursor: catalog.list_enrollments(
        session["id"], owner, {"limit": 2, "cursor": cursor}))
    assert [[e["name"] for e in items] for items in pages] == [["P0", "P1"], ["P2", "P3"], ["P4"]]
    listed = {e["name"]: e for items in pages for e in items}
    assert [(listed[f"P{n}"]["status"], listed[f"P{n}"]["waitlist_position"]) for n in range(5)] == [
        ("confirmed", None), ("cancelled", None), ("confirmed", None), ("waitlisted", 1),
        ("cancelled", None)]
    assert listed["P2"]["promoted_at"] is not None and listed["P0"]["promoted_at"] is None
    assert catalog.list_enrollments(session["id"], owner, {})["counts"] == {
        "confirmed": 2, "waitlisted": 1, "cancelled": 2, "attended": 0, "no_show": 0, "completed": 0}
    promoted = wait_until(lambda: spy.of_type("enrollment.promoted"))
    assert [e["payload"]["enrollment_id"] for e in promoted] == [people[2]["id"]]
