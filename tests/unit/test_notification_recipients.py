"""Who hears of each event: the participant (transactional, in their language), the contacts
of the organizations it concerns, their webhooks; each address once."""

from services.notifications.contract.vocabulary import Channel
from services.notifications.domain.recipients import Contact, recipients_of

ORGANIZATIONS = {
    "o-dakar": Contact("o-dakar", "Femmes de Dakar", "contact@dakar.example", "fr",
                       webhook_url="https://dakar.example/hooks"),
    "o-gent": Contact("o-gent", "Vrouwen van Gent", "info@gent.example", "nl"),
    "o-lima": Contact("o-lima", "Mujeres de Lima", "hola@lima.example", "es"),
}


def told(event_type: str, **payload) -> set[tuple]:
    return {(r.channel, r.address, r.language, r.transactional)
            for r in recipients_of(event_type, payload, ORGANIZATIONS)}


def test_a_participant_hears_of_their_enrollment_in_their_language_and_its_organizer_by_webhook():
    assert told("enrollment.promoted", organization_id="o-dakar", email="awa@example.org",
                participant_name="Awa", language="nl") == {
        (Channel.EMAIL, "awa@example.org", "nl", True),
        (Channel.WEBHOOK, "https://dakar.example/hooks", "fr", False)}


def test_an_unknown_language_falls_back_to_french():
    assert told("registration.confirmed", organization_id="o-lima", email="a@example.org",
                language="wo") == {(Channel.EMAIL, "a@example.org", "fr", True)}
    assert told("proposal.accepted", organization_id="o-lima") == {
        (Channel.EMAIL, "hola@lima.example", "fr", False)}


def test_partnership_events_go_to_the_partner_who_must_act_or_both_when_it_ends():
    ids = {"proposer_id": "o-gent", "partner_id": "o-dakar"}
    emails = {event: {a for c, a, _, _ in told(event, **ids) if c is Channel.EMAIL}
              for event in ("partnership.proposed", "partnership.accepted", "partnership.ended")}
    assert emails == {"partnership.proposed": {"contact@dakar.example"},
                      "partnership.accepted": {"info@gent.example"},
                      "partnership.ended": {"contact@dakar.example", "info@gent.example"}}
    assert (Channel.WEBHOOK, "https://dakar.example/hooks", "fr", False) in told(
        "partnership.accepted", **ids)


def test_a_cancelled_conference_tells_every_organizer_and_an_unknown_one_nothing():
    assert told("conference.cancelled", organization_id="o-gent",
                co_organizer_ids=["o-dakar", "o-unknown"]) == {
        (Channel.EMAIL, "info@gent.example", "nl", False),
        (Channel.EMAIL, "contact@dakar.example", "fr", False),
        (Channel.WEBHOOK, "https://dakar.example/hooks", "fr", False)}


def test_one_address_hears_once_per_event():
    shared_inbox = {**ORGANIZATIONS, "o-ghent-2": Contact("o-ghent-2", "Vrouwen II",
                                                          "INFO@gent.example", "nl")}
    told_once = recipients_of("conference.cancelled", {
        "organization_id": "o-gent", "co_organizer_ids": ["o-ghent-2"]}, shared_inbox)
    assert [(r.channel, r.address.lower()) for r in told_once] == [
        (Channel.EMAIL, "info@gent.example")]
