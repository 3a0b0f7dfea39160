"""A conference's life, its agenda and its call for proposals, in plain Python: published from
a draft only, finished once ended, cancelled with every registration still in; revised
never below the seats taken; agenda items within its dates, never two at once in one room;
a proposal decided once and scheduled once (registrations: test_conference_rules.py)."""

from datetime import timedelta

import pytest

from services.conferences.contract.errors import (
    AgendaConflict,
    ConferenceFull,
    ConferenceTransitionRefused,
    ItemOutsideConference,
    NotAnOrganizer,
    ProposalNotSchedulable,
    ProposalNotSubmitted,
    ProposalsClosed,
    RegistrationClosed,
)
from services.conferences.contract.vocabulary import CancelledBy, ProposalStatus
from services.conferences.contract.vocabulary import ConferenceStatus as C
from services.conferences.contract.vocabulary import RegistrationStatus as S
from services.conferences.domain.agenda import AgendaItem, Speaker
from services.conferences.domain.proposals import Proposal
from tests.support.conference_domain import (
    ENDS,
    NOW,
    OWNER,
    PARTNER,
    STARTS,
    STRANGER,
    conference,
    recounted,
    register,
    seating,
    status_of,
    taken,
)


def item(hours: float, length: float = 1, room: str | None = "Salle A", **changes) -> AgendaItem:
    """An agenda item `hours` after the conference starts."""
    starts_at = STARTS + timedelta(hours=hours)
    return AgendaItem(**{"id": f"i{hours}{room}", "title": f"Atelier {hours}", "room": room,
                         "starts_at": starts_at, "ends_at": starts_at + timedelta(hours=length),
                         **changes})


def proposal() -> Proposal:
    return Proposal(id="p1", conference_id="c" * 24, conference_title="Regards croisés",
                    organization_id="speaker", title="Microcrédit à Thiès", abstract="Retour",
                    language="fr", submitted_at=NOW,
                    speakers=[Speaker("Fatou Ndiaye"), Speaker("Awa Diop")])


def test_the_owner_and_co_organizers_manage_it_and_nobody_else():
    c = conference()
    c.require_organizer(OWNER)
    c.require_organizer(PARTNER)
    for outsider in (STRANGER, None):
        with pytest.raises(NotAnOrganizer):
            c.require_organizer(outsider)


def test_a_draft_is_published_once_and_says_when_and_where():
    c = conference(status=C.DRAFT)
    step = taken(c, c.publish(NOW))
    assert (c.status, c.published_at, step.event.event_type) == (C.PUBLISHED, NOW,
                                                                 "conference.published")
    assert (step.event.title, step.event.starts_at, step.event.ends_at, step.event.city,
            step.event.co_organizer_ids) == (c.title, STARTS, ENDS, "Bruxelles", [PARTNER])
    for status in (C.PUBLISHED, C.CANCELLED, C.FINISHED):
        with pytest.raises(ConferenceTransitionRefused):
            conference(status=status).publish(NOW)


def test_a_published_conference_finishes_once_it_has_ended():
    c = conference()
    with pytest.raises(ConferenceTransitionRefused):
        c.finish(ENDS - timedelta(minutes=1))
    taken(c, c.finish(ENDS))
    assert c.status == C.FINISHED
    for status in (C.FINISHED, C.DRAFT):
        with pytest.raises(ConferenceTransitionRefused):
            conference(status=status).finish(ENDS)


def test_a_finished_conferences_registrations_are_its_record():
    c = conference(capacity=1)
    register(c, "awa", "binta")
    taken(c, c.finish(ENDS))
    for change in (lambda: c.cancel_registration("r-awa", CancelledBy.PARTICIPANT, ENDS),
                   lambda: c.cancel_registration("r-binta", CancelledBy.ORGANIZER, ENDS)):
        with pytest.raises(RegistrationClosed):
            change()


def test_cancelling_cancels_every_registration_still_in_each_with_its_event():
    c = conference(capacity=1)
    register(c, "awa", "binta", "chantal")
    taken(c, c.cancel_registration("r-chantal", CancelledBy.PARTICIPANT, NOW))
    step = taken(c, c.cancel(NOW))
    assert [(e.event_type, getattr(e, "registration_id", None)) for e in step.events] == [
        ("conference.cancelled", None), ("registration.cancelled", "r-awa"),
        ("registration.cancelled", "r-binta")]
    assert {e.cancelled_by for e in step.events[1:]} == {CancelledBy.CONFERENCE_CANCELLED}
    assert (c.status, [status_of(c, n) for n in ("awa", "binta", "chantal")]) == (
        C.CANCELLED, [S.CANCELLED] * 3)
    assert seating(c) == recounted(c) == (1, [], set())
    assert c.cancel(NOW) is None  # cancelled already
    with pytest.raises(ConferenceTransitionRefused):
        conference(status=C.FINISHED).cancel(NOW)


def test_a_revision_never_leaves_fewer_seats_than_taken_and_moves_seats_left_by_the_delta():
    c = conference(capacity=3)
    register(c, "awa", "binta")
    with pytest.raises(ConferenceFull):
        c.revise({"capacity": 1}, NOW)
    taken(c, c.revise({"capacity": 5}, NOW))
    assert (c.capacity, c.seats.left, c.layout_version) == (5, 3, 1)
    taken(c, c.revise({"capacity": 2}, NOW))
    assert (c.seats.left, seating(c)) == (0, recounted(c))
    assert register(c, "chantal", "dalila", "esther") == [S.WAITLISTED] * 3


def test_a_larger_capacity_seats_the_first_waiting_in_the_same_step():
    c = conference(capacity=1)
    register(c, "awa", "binta", "chantal", "dalila")
    step = c.revise({"capacity": 3}, NOW)
    assert [e.event_type for e in step.events] == ["registration.promoted"] * 2
    assert step.resize is not None and step.resize.promoted_ids == ("r-binta", "r-chantal")
    taken(c, step)
    assert [status_of(c, n) for n in ("binta", "chantal", "dalila")] == [
        S.CONFIRMED, S.CONFIRMED, S.WAITLISTED]
    assert (c.seats.left, c.seats.queue, seating(c)) == (0, ["r-dalila"], recounted(c))
    assert register(c, "esther") == [S.WAITLISTED]  # nobody jumps the queue


def test_a_revision_keeps_closing_times_before_the_start_and_search_terms_with_the_text():
    c = conference()
    changes = c.revise({"registration_closes_at": ENDS, "proposals_close_at": None,
                        "title": "Nouvelles technologies"}, NOW).changes
    assert (changes["registration_closes_at"], changes["proposals_close_at"]) == (STARTS, STARTS)
    assert "technologies" in changes["search_terms"]
    with pytest.raises(ConferenceTransitionRefused):
        conference(status=C.CANCELLED).revise({"capacity": 10}, NOW)


def test_agenda_items_lie_within_the_conferences_dates():
    c, last_hour = conference(), (ENDS - STARTS) / timedelta(hours=1) - 1
    assert c.add_item(item(0)).item.starts_at == STARTS
    assert c.add_item(item(last_hour)).item.ends_at == ENDS
    for outside in (item(-0.5), item(last_hour + 0.5)):
        with pytest.raises(ItemOutsideConference):
            c.add_item(outside)


def test_two_items_in_one_room_never_overlap_whatever_the_case_or_accents_of_its_name():
    c = conference()
    taken(c, c.add_item(item(1, length=2, room="Salle À")))
    for clash in (item(2, room="  salle a "), item(0.5, length=3, room="SALLE A")):
        with pytest.raises(AgendaConflict):
            c.add_item(clash)
    for fine in (item(3, room="salle a"), item(0, room="salle a"), item(1, room="Salle B")):
        taken(c, c.add_item(fine))  # touching at either end, or another room
    assert [i.starts_at for i in c.agenda] == sorted(i.starts_at for i in c.agenda)
    assert c.layout_version == 4


def test_a_plenary_item_overlaps_nothing():
    c = conference()
    taken(c, c.add_item(item(1, room="Salle A")))
    taken(c, c.add_item(item(1, room=None)))
    taken(c, c.add_item(item(1, room=None, id="another plenary")))
    assert len(c.agenda) == 3


def test_a_proposal_is_scheduled_once():
    c = conference()
    taken(c, c.add_item(item(1, proposal_id="p1")))
    with pytest.raises(ProposalNotSchedulable):
        c.add_item(item(4, room="Salle B", proposal_id="p1"))


def test_the_agenda_of_a_cancelled_conference_is_not_changed():
    with pytest.raises(ConferenceTransitionRefused):
        conference(status=C.CANCELLED).add_item(item(1))


def test_proposals_are_taken_while_published_and_before_they_close():
    c = conference()
    c.require_proposals_open(c.proposals_close_at - timedelta(seconds=1))
    with pytest.raises(ProposalsClosed):
        c.require_proposals_open(c.proposals_close_at)
    with pytest.raises(ProposalsClosed):
        conference(status=C.DRAFT).require_proposals_open(NOW)


def test_a_submitted_proposal_is_accepted_once_with_what_its_speakers_need_to_know():
    p = proposal()
    assert p.submitted().event_type == "proposal.submitted"
    accepted = p.accept(OWNER, NOW)
    assert (accepted.event_type, accepted.title, accepted.speakers, accepted.conference_title) == (
        "proposal.accepted", "Microcrédit à Thiès", ["Fatou Ndiaye", "Awa Diop"], "Regards croisés")
    assert (p.status, p.decided_by, p.decided_at) == (ProposalStatus.ACCEPTED, OWNER, NOW)
    for decide in (p.accept, p.reject):
        with pytest.raises(ProposalNotSubmitted):
            decide(PARTNER, NOW)
    assert p.status == ProposalStatus.ACCEPTED


def test_a_rejected_proposal_stays_rejected():
    p = proposal()
    assert p.reject(PARTNER, NOW).event_type == "proposal.rejected"
    with pytest.raises(ProposalNotSubmitted):
        p.accept(OWNER, NOW)
    assert (p.status, p.decided_by) == (ProposalStatus.REJECTED, PARTNER)
