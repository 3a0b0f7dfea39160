"""A conference's iCalendar, read back by the icalendar parser: one event for the conference and
one per agenda item, each at the right instant in the conference's own zone, where it happens,
who speaks, and whether it is cancelled."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from services.conferences.calendar import calendar_of
from services.conferences.contract.conferences import ConferenceSchema
from services.conferences.contract.vocabulary import ConferenceStatus

CONFERENCE_ID = "65f0a1b2c3d4e5f601234567"
OPENING_ID = CONFERENCE_ID + "66a0a1b2c3d4e5f601234567"
WORKSHOP_ID = CONFERENCE_ID + "66a0a1b2c3d4e5f601234568"
AWA = {"name": "Awa Diop", "organization": "Réseau des Femmes de Kindu", "bio": None}
FATOU = {"name": "Fatou Ndiaye", "organization": None, "bio": "Entrepreneure à Thiès"}


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def item(own_id: str, title: str, starts_at: datetime, ends_at: datetime,
         room: str | None, *speakers: dict) -> dict:
    return {"id": own_id, "title": title, "starts_at": starts_at, "ends_at": ends_at,
            "room": room, "speakers": list(speakers), "proposal_id": None}


def conference(time_zone: str, starts_at: datetime, ends_at: datetime, agenda=(),
               status: str = "published", **venue: str | None) -> dict:
    """As the service answers it: ConferenceSchema's dump."""
    return ConferenceSchema().dump({
        "id": CONFERENCE_ID, "organization_id": "65f0a1b2c3d4e5f601234999",
        "co_organizer_ids": [], "title": "Violences plurielles : regards croisés Sud/Nord",
        "description": "Deux journées d'échanges entre Dakar, Kindu et Bruxelles.",
        "themes": ["violences de genre"], "starts_at": starts_at, "ends_at": ends_at,
        "time_zone": time_zone,
        "venue": {"city": None, "country": None, "address": None, "online_url": None, **venue},
        "capacity": 150, "seats_left": 150, "waitlist_length": 0, "languages": ["fr", "wo"],
        "registration_closes_at": starts_at, "proposals_close_at": starts_at,
        "requires_approval": False, "status": ConferenceStatus(status), "created_at": utc(2027, 1, 5, 10),
        "published_at": utc(2027, 1, 6, 10), "agenda": list(agenda)})


DAKAR = conference(
    "Africa/Dakar", utc(2027, 5, 12, 9), utc(2027, 5, 13, 17),
    [item(OPENING_ID, "Ouverture : la parole aux femmes du Sud", utc(2027, 5, 12, 9),
          utc(2027, 5, 12, 10), "Salle A", AWA, FATOU),
     item(WORKSHOP_ID, "Microcrédit et autonomie", utc(2027, 5, 12, 14), utc(2027, 5, 12, 16),
          None, FATOU)],
    city="Dakar", country="SN", address="Avenue Cheikh Anta Diop")
BRUSSELS_IN_SUMMER = conference(
    "Europe/Brussels", utc(2027, 7, 1, 7), utc(2027, 7, 1, 15),  # 09:00-17:00 CEST (+02:00)
    [item(OPENING_ID, "Égalité au travail", utc(2027, 7, 1, 7, 30), utc(2027, 7, 1, 8, 30),
          "Salle Reine Élisabeth", AWA)],
    city="Bruxelles", country="BE")


def read(conference: dict) -> dict:
    """The events of its calendar, by UID."""
    parsed = Calendar.from_ical(calendar_of(conference))
    return {str(event["UID"]): event for event in parsed.events}


def test_one_event_for_the_conference_and_one_per_agenda_item_each_with_its_uid():
    events = read(DAKAR)
    assert set(events) == {f"{CONFERENCE_ID}@maillage", f"{OPENING_ID}@maillage",
                           f"{WORKSHOP_ID}@maillage"}
    assert str(events[f"{WORKSHOP_ID}@maillage"]["SUMMARY"]) == "Microcrédit et autonomie"
    assert str(events[f"{CONFERENCE_ID}@maillage"]["SUMMARY"]) == (
        "Violences plurielles : regards croisés Sud/Nord")


def test_a_dakar_conference_is_at_its_instants_in_the_dakar_zone():
    events = read(DAKAR)
    whole, opening = events[f"{CONFERENCE_ID}@maillage"], events[f"{OPENING_ID}@maillage"]
    assert (whole.start, whole.end) == (utc(2027, 5, 12, 9), utc(2027, 5, 13, 17))
    assert (opening.start, opening.end) == (utc(2027, 5, 12, 9), utc(2027, 5, 12, 10))
    for moment in (whole.start, whole.end, opening.start, opening.end):
        assert moment.tzinfo == ZoneInfo("Africa/Dakar")  # not UTC, although the same offset
    assert "DTSTART;TZID=Africa/Dakar:20270512T090000" in calendar_of(DAKAR).splitlines()


def test_a_brussels_conference_in_summer_is_at_local_summer_time():
    events = read(BRUSSELS_IN_SUMMER)
    opening = events[f"{OPENING_ID}@maillage"]
    assert opening.start == utc(2027, 7, 1, 7, 30) and opening.end == utc(2027, 7, 1, 8, 30)
    assert opening.start.tzinfo == ZoneInfo("Europe/Brussels")
    assert (opening.start.hour, opening.start.minute) == (9, 30)  # CEST, +02:00
    lines = calendar_of(BRUSSELS_IN_SUMMER).splitlines()
    assert "DTSTART;TZID=Europe/Brussels:20270701T090000" in lines


def test_the_calendar_names_its_zone_and_carries_its_vtimezone():
    parsed = Calendar.from_ical(calendar_of(BRUSSELS_IN_SUMMER))
    assert str(parsed["X-WR-TIMEZONE"]) == "Europe/Brussels"
    assert str(parsed["VERSION"]) == "2.0" and parsed["PRODID"]
    assert [str(zone["TZID"]) for zone in parsed.timezones] == ["Europe/Brussels"]
    assert parsed.get_missing_tzids() == set()


def test_an_hour_the_clocks_show_twice_keeps_its_instant():
    """02:30 on 31 October 2027 happens twice in Brussels; the second is not the first."""
    second = item(OPENING_ID, "Veille de nuit", utc(2027, 10, 31, 1, 30), utc(2027, 10, 31, 2),
                  None, AWA)
    night = conference("Europe/Brussels", utc(2027, 10, 30, 8), utc(2027, 11, 1, 17), [second],
                       city="Liège", country="BE")
    opening = read(night)[f"{OPENING_ID}@maillage"]
    assert (opening.start, opening.end) == (utc(2027, 10, 31, 1, 30), utc(2027, 10, 31, 2))


def test_locations_say_the_room_and_the_venue_and_accents_survive():
    events = read(DAKAR)
    assert str(events[f"{CONFERENCE_ID}@maillage"]["LOCATION"]) == (
        "Avenue Cheikh Anta Diop, Dakar, SN")
    assert str(events[f"{OPENING_ID}@maillage"]["LOCATION"]) == (
        "Salle A, Avenue Cheikh Anta Diop, Dakar, SN")
    assert str(events[f"{WORKSHOP_ID}@maillage"]["LOCATION"]) == (
        "Avenue Cheikh Anta Diop, Dakar, SN")  # a plenary: the venue
    summer = read(BRUSSELS_IN_SUMMER)[f"{OPENING_ID}@maillage"]
    assert str(summer["SUMMARY"]) == "Égalité au travail"
    assert str(summer["LOCATION"]) == "Salle Reine Élisabeth, Bruxelles, BE"


def test_an_item_lists_its_speakers_in_its_description():
    description = str(read(DAKAR)[f"{OPENING_ID}@maillage"]["DESCRIPTION"])
    assert description.splitlines() == [
        "Speakers:", "Awa Diop (Réseau des Femmes de Kindu)", "Fatou Ndiaye"]


def test_an_online_conference_is_located_at_its_link():
    online = conference("America/Sao_Paulo", utc(2027, 3, 2, 12), utc(2027, 3, 2, 15),
                        online_url="https://meet.example.org/regards-croises")
    event = read(online)[f"{CONFERENCE_ID}@maillage"]
    assert str(event["LOCATION"]) == "https://meet.example.org/regards-croises"
    assert event.start.tzinfo == ZoneInfo("America/Sao_Paulo") and event.start.hour == 9


def test_a_cancelled_conference_and_its_items_are_cancelled():
    cancelled = {**DAKAR, "status": "cancelled"}
    assert {str(event["STATUS"]) for event in read(cancelled).values()} == {"CANCELLED"}
    assert {str(event["STATUS"]) for event in read(DAKAR).values()} == {"CONFIRMED"}


def test_a_conference_in_utc_is_written_in_utc():
    in_utc = conference("UTC", utc(2027, 5, 12, 9), utc(2027, 5, 12, 17), city="Accra",
                        country="GH")
    text = calendar_of(in_utc)
    assert "DTSTART:20270512T090000Z" in text.splitlines()
    assert read(in_utc)[f"{CONFERENCE_ID}@maillage"].start == utc(2027, 5, 12, 9)


def test_the_same_conference_gives_the_same_calendar_stamped_when_it_was_published():
    assert calendar_of(DAKAR) == calendar_of(DAKAR)
    assert read(DAKAR)[f"{CONFERENCE_ID}@maillage"]["DTSTAMP"].dt == utc(2027, 1, 6, 10)


def test_a_time_without_an_offset_is_refused():
    with pytest.raises(ValueError, match="no offset"):
        calendar_of({**DAKAR, "starts_at": "2027-05-12T09:00:00"})
