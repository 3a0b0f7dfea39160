"""The words people receive: every event type in French, English and Dutch, from the very
fields its producer declares, dates where the event happens, names kept as typed."""

from datetime import UTC, datetime
from typing import Any

import pytest
from jinja2 import UndefinedError

from services.catalog.contract import events as catalog
from services.conferences.contract import events as conferences
from services.notifications.rendering import LANGUAGES, UnknownTemplate, render
from services.partnerships.contract import events as partnerships
from tests.support.notifications import payload_of

EVENTS: list[Any] = [
    partnerships.OrganizationVerified, partnerships.PartnershipProposed,
    partnerships.PartnershipAccepted, partnerships.PartnershipDeclined, partnerships.PartnershipEnded,
    catalog.EnrollmentConfirmed, catalog.EnrollmentWaitlisted, catalog.EnrollmentPromoted,
    catalog.EnrollmentCancelled, catalog.SessionCancelled,
    conferences.ProposalAccepted, conferences.ProposalRejected,
    conferences.RegistrationConfirmed, conferences.RegistrationPendingApproval,
    conferences.RegistrationApproved, conferences.RegistrationRejected,
    conferences.RegistrationWaitlisted, conferences.RegistrationPromoted,
    conferences.RegistrationCancelled, conferences.ConferenceCancelled,
]
PARTNERSHIP_EVENTS = {cls.event_type: cls for cls in EVENTS[1:5]}

# The partners' names the service adds to a partnership event's payload (names_of)
NAMES = {"proposer_name": "Lire Ensemble", "partner_name": "De Boekenbrug"}


def context_of(event_class: type, **changes: Any) -> dict[str, Any]:
    payload = payload_of(event_class)
    names = {name: value for name, value in NAMES.items() if name.replace("_name", "_id") in payload}
    return {**payload, **names, "recipient_name": "Awa Diop", **changes}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("event_class", EVENTS, ids=lambda cls: cls.event_type)
def test_every_event_type_renders_in_every_language(event_class, language):
    rendered = render(event_class.event_type, language, context_of(event_class))
    assert rendered.subject and "\n" not in rendered.subject
    assert rendered.text.startswith({"fr": "Bonjour", "en": "Hello", "nl": "Hallo"}[language])
    assert "Awa Diop" in rendered.text and "Awa Diop" in rendered.html
    assert rendered.html.startswith("<!DOCTYPE html>") and f'lang="{language}"' in rendered.html
    assert "\n\n\n" not in rendered.text and "{{" not in rendered.text + rendered.html


def test_the_three_languages_say_different_words():
    texts = {lang: render("enrollment.promoted", lang, context_of(catalog.EnrollmentPromoted)).text
             for lang in LANGUAGES}
    assert len(set(texts.values())) == 3
    assert "une place s’est libérée" in texts["fr"] and "plaats vrijgekomen" in texts["nl"]


def test_a_missing_variable_fails_loudly():
    context = context_of(catalog.EnrollmentConfirmed)
    del context["training_title"]
    with pytest.raises(UndefinedError):
        render("enrollment.confirmed", "en", context)


@pytest.mark.parametrize("language", ["de", "", "xx-YY"])
def test_an_unknown_language_falls_back_to_french(language):
    rendered = render("registration.promoted", language, context_of(conferences.RegistrationPromoted))
    assert rendered.text.startswith("Bonjour Awa Diop,") and 'lang="fr"' in rendered.html


def test_a_regional_language_tag_reads_as_its_language():
    assert render("registration.approved", "nl-BE", context_of(
        conferences.RegistrationApproved)).subject == "Inschrijving goedgekeurd: Rencontres de Dakar"


def test_an_event_type_without_templates_is_refused():
    with pytest.raises(UnknownTemplate):
        render("attendee.checked_in", "fr", {"recipient_name": "Awa"})


def test_html_escapes_a_name_that_text_keeps_as_typed():
    typed = "<script>alert('x')</script> & Co"
    rendered = render("enrollment.confirmed", "fr", context_of(
        catalog.EnrollmentConfirmed, recipient_name=typed, training_title=typed))
    assert "<script>" not in rendered.html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co" in rendered.html
    assert f"Bonjour {typed}," in rendered.text and typed in rendered.subject


def test_a_dakar_conference_at_nine_shows_nine_in_the_recipients_locale():
    context = context_of(conferences.RegistrationConfirmed,
                         starts_at="2027-05-11T09:00:00+00:00", ends_at="2027-05-12T17:00:00+00:00")
    french = render("registration.confirmed", "fr", context).text
    english = render("registration.confirmed", "en", context).text
    assert "mardi 11 mai 2027, 09:00 – mercredi 12 mai 2027, 17:00 (heure moyenne de Greenwich)" in french
    assert ("Tuesday, May 11, 2027, 9:00\u202fAM – Wednesday, May 12, 2027, 5:00\u202fPM"
            " (Greenwich Mean Time)") in english  # Dakar's, not UTC's "Coordinated Universal Time"
    assert "Où : Rue Haute 12, Dakar, Sénégal" in french and "Where: Rue Haute 12, Dakar, Senegal" in english


def test_a_brussels_session_in_summer_shows_its_local_hour_and_summer_time():
    starts, ends = datetime(2027, 7, 12, 7, 0, tzinfo=UTC), datetime(2027, 7, 12, 15, 0, tzinfo=UTC)
    context = context_of(catalog.EnrollmentConfirmed, starts_at=starts, ends_at=ends)
    assert "maandag 12 juli 2027, 09:00 – 17:00 (Midden-Europese zomertijd)" in render(
        "enrollment.confirmed", "nl", context).text
    assert "lundi 12 juillet 2027, 09:00 – 17:00 (heure d’été d’Europe centrale)" in render(
        "enrollment.confirmed", "fr", context).html


def test_a_brussels_session_in_winter_shows_standard_time():
    context = context_of(catalog.SessionCancelled, starts_at="2027-01-12T08:00:00",
                         ends_at="2027-01-12T12:00:00")  # naive: UTC, as stored
    text = render("session.cancelled", "en", context).text
    assert "Tuesday, January 12, 2027, 9:00\u202fAM – 1:00\u202fPM (Central European Standard Time)" in text


def test_dates_of_a_partnership_are_days_in_the_recipients_locale():
    text = render("partnership.proposed", "fr", context_of(partnerships.PartnershipProposed)).text
    assert "Période : à partir du 1 septembre 2027, jusqu’au 30 juin 2028." in text


def test_an_online_session_links_its_address():
    url = "https://meet.example.org/abc?x=1&y=2"
    rendered = render("enrollment.promoted", "en", context_of(
        catalog.EnrollmentPromoted, online_url=url, city=None, address=None))
    assert f"Online: {url}" in rendered.text and "Where:" not in rendered.text
    assert '<a href="https://meet.example.org/abc?x=1&amp;y=2">' in rendered.html


@pytest.mark.parametrize(("cancelled_by", "words"), [
    ("participant", "as you asked"), ("organization", "The organization cancelled your enrollment"),
    ("session_cancelled", "The organization cancelled the session")])
def test_a_cancellation_says_who_cancelled(cancelled_by, words):
    text = render("enrollment.cancelled", "en", context_of(
        catalog.EnrollmentCancelled, cancelled_by=cancelled_by)).text
    assert words in text


def test_the_unsubscribe_link_appears_only_when_given():
    url = "https://maillage.example/unsubscribe?email=a%40b.org&token=abc"
    context = context_of(partnerships.PartnershipAccepted, recipient_name="Lire Ensemble")
    with_link = render("partnership.accepted", "fr", {**context, "unsubscribe_url": url})
    assert f"Vous ne souhaitez plus recevoir ces messages ? {url}" in with_link.text
    assert f'<a href="{url.replace("&", "&amp;")}">Se désabonner</a>' in with_link.html
    for absent in (render("partnership.accepted", "fr", context),
                   render("partnership.accepted", "fr", {**context, "unsubscribe_url": None})):
        assert "désabonner" not in absent.html and "unsubscribe" not in absent.text


def test_the_payloads_own_language_does_not_choose_the_words():
    context = context_of(conferences.ProposalAccepted, language="en")  # the talk's language
    assert render("proposal.accepted", "nl", context).text.startswith("Hallo Awa Diop,")


# (event, language) -> the subject, then a sentence of the text, naming the other partner;
# ended_by is the partner (o-2): both partners hear who ended it and with whom.
NAMED = {
    ("partnership.proposed", "fr"): ("Lire Ensemble vous propose un partenariat",
                                     "Lire Ensemble propose un partenariat à votre organisation."),
    ("partnership.proposed", "en"): ("Lire Ensemble proposes a partnership",
                                     "Lire Ensemble proposes a partnership to your organization."),
    ("partnership.proposed", "nl"): ("Lire Ensemble stelt een partnerschap voor",
                                     "Lire Ensemble stelt een partnerschap voor aan je organisatie."),
    ("partnership.accepted", "fr"): ("De Boekenbrug a accepté votre proposition de partenariat",
                                     "Bonne nouvelle : De Boekenbrug a accepté votre proposition"),
    ("partnership.accepted", "en"): ("De Boekenbrug accepted your partnership proposal",
                                     "Good news: De Boekenbrug has accepted your partnership proposal."),
    ("partnership.accepted", "nl"): ("De Boekenbrug heeft je voorstel tot partnerschap aanvaard",
                                     "Goed nieuws: De Boekenbrug heeft je voorstel tot partnerschap"),
    ("partnership.declined", "fr"): ("De Boekenbrug a décliné votre proposition de partenariat",
                                     "De Boekenbrug a décliné votre proposition de partenariat."),
    ("partnership.declined", "en"): ("De Boekenbrug declined your partnership proposal",
                                     "De Boekenbrug has declined your partnership proposal."),
    ("partnership.declined", "nl"): ("De Boekenbrug heeft je voorstel tot partnerschap afgewezen",
                                     "De Boekenbrug heeft je voorstel tot partnerschap afgewezen."),
    ("partnership.ended", "fr"): ("Fin du partenariat entre Lire Ensemble et De Boekenbrug",
                                  "De Boekenbrug a mis fin à son partenariat avec Lire Ensemble."),
    ("partnership.ended", "en"): ("The partnership between Lire Ensemble and De Boekenbrug has ended",
                                  "De Boekenbrug has ended its partnership with Lire Ensemble."),
    ("partnership.ended", "nl"): ("Het partnerschap tussen Lire Ensemble en De Boekenbrug is beëindigd",
                                  "De Boekenbrug heeft het partnerschap met Lire Ensemble beëindigd."),
}
NEUTRAL = {
    "partnership.proposed": {"fr": "Une proposition de partenariat concernant votre organisation vient",
                             "en": "A partnership proposal involving your organization has just been made.",
                             "nl": "Er is een partnerschap voorgesteld waarbij je organisatie betrokken is."},
    "partnership.accepted": {"fr": "la proposition de partenariat concernant votre organisation a été",
                             "en": "the partnership proposal involving your organization was accepted.",
                             "nl": "het voorstel tot partnerschap waarbij je organisatie betrokken is, werd"},
    "partnership.declined": {"fr": "La proposition de partenariat concernant votre organisation a été",
                             "en": "The partnership proposal involving your organization was declined.",
                             "nl": "Het voorstel tot partnerschap waarbij je organisatie betrokken is, werd"},
    "partnership.ended": {"fr": "Un partenariat de votre organisation a pris fin.",
                          "en": "A partnership of your organization has ended.",
                          "nl": "Een partnerschap van je organisatie is beëindigd."},
}


@pytest.mark.parametrize(("event_type", "language"), NAMED)
def test_a_partnership_email_names_the_other_organization(event_type, language):
    rendered = render(event_type, language, context_of(PARTNERSHIP_EVENTS[event_type]))
    subject, sentence = NAMED[event_type, language]
    assert rendered.subject == subject
    assert sentence in rendered.text and sentence in rendered.html
    assert NEUTRAL[event_type][language] not in rendered.text


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("event_class", PARTNERSHIP_EVENTS.values(), ids=lambda cls: cls.event_type)
def test_a_partner_not_known_yet_leaves_the_neutral_words_and_no_none(event_class, language):
    rendered = render(event_class.event_type, language, context_of(
        event_class, proposer_name=None, partner_name=None))
    assert NEUTRAL[event_class.event_type][language] in rendered.text
    assert NEUTRAL[event_class.event_type][language] in rendered.html
    assert "None" not in rendered.subject + rendered.text + rendered.html
    assert rendered.subject == render(event_class.event_type, language, context_of(
        event_class, proposer_name="", partner_name="")).subject  # an empty name is no name


@pytest.mark.parametrize("unknown", ["proposer_name", "partner_name"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_an_end_names_both_partners_or_neither(unknown, language):
    rendered = render("partnership.ended", language, context_of(
        partnerships.PartnershipEnded, **{unknown: None}))
    assert NEUTRAL["partnership.ended"][language] in rendered.text
    assert "None" not in rendered.subject + rendered.text + rendered.html


@pytest.mark.parametrize(("ended_by", "sentence"), [
    ("o-1", "Lire Ensemble has ended its partnership with De Boekenbrug."),
    ("o-2", "De Boekenbrug has ended its partnership with Lire Ensemble.")])
def test_an_end_says_which_partner_ended_it(ended_by, sentence):
    assert sentence in render("partnership.ended", "en", context_of(
        partnerships.PartnershipEnded, ended_by=ended_by)).text


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("event_class", PARTNERSHIP_EVENTS.values(), ids=lambda cls: cls.event_type)
def test_a_partners_name_is_escaped_in_html(event_class, language):
    typed = "<b>Lire</b> & Co"
    rendered = render(event_class.event_type, language, context_of(
        event_class, proposer_name=typed, partner_name=typed))
    assert "<b>" not in rendered.html and "&lt;b&gt;Lire&lt;/b&gt; &amp; Co" in rendered.html
    assert typed in rendered.text and typed in rendered.subject


def test_a_partnership_email_without_the_names_fails_loudly():
    context = context_of(partnerships.PartnershipAccepted)
    del context["partner_name"]
    with pytest.raises(UndefinedError):
        render("partnership.accepted", "nl", context)
