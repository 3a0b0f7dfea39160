"""A conference as iCalendar (GET /v1/conferences/{id}.ics): the conference and each agenda
item as events, at the times the conference's own zone gives them, readable by any calendar.

Pure: the same conference gives the same bytes (DTSTAMP is when it was published, or created,
never the clock), so a client or a cache comparing two downloads sees only real changes.

Times are written as the local wall time with TZID=<the conference's IANA zone> and that zone's
VTIMEZONE, which icalendar builds from zoneinfo. icalendar alone would write a zone it finds
equivalent to UTC (Africa/Dakar) as UTC, losing the zone the organizers chose; a time the
zone's clocks show twice (the hour clocks go back) is written in UTC, since a TZID time means
the first of the two.
"""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from services.conferences.contract.vocabulary import ConferenceStatus

PRODUCT_ID = "-//Maillage//Conferences//EN"
UID_DOMAIN = "maillage"
STATUS_OF = {ConferenceStatus.DRAFT: "TENTATIVE", ConferenceStatus.PUBLISHED: "CONFIRMED",
             ConferenceStatus.FINISHED: "CONFIRMED", ConferenceStatus.CANCELLED: "CANCELLED"}


def calendar_of(conference: dict) -> str:
    """iCalendar text of `conference`, a dict as dump(ConferenceSchema, ) writes it."""
    zone = ZoneInfo(conference["time_zone"])
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", conference["title"])
    calendar.add("x-wr-timezone", conference["time_zone"])
    events = [_conference_event(conference, zone),
              *(_item_event(item, conference, zone) for item in conference.get("agenda", []))]
    for event in events:
        calendar.add_component(event)
    first, last = _span(conference)
    calendar.add_missing_timezones(first_date=first, last_date=last)
    return calendar.to_ical().decode()


def _conference_event(conference: dict, zone: ZoneInfo) -> Event:
    event = _event(conference["id"], conference, zone, conference["starts_at"],
                   conference["ends_at"])
    event.add("summary", conference["title"])
    event.add("description", conference["description"])
    event.add("location", venue_of(conference["venue"]))
    if conference["venue"].get("online_url"):
        event.add("url", conference["venue"]["online_url"])
    return event


def _item_event(item: dict, conference: dict, zone: ZoneInfo) -> Event:
    event = _event(item["id"], conference, zone, item["starts_at"], item["ends_at"])
    event.add("summary", item["title"])
    if item.get("speakers"):
        event.add("description", speakers_of(item["speakers"]))
    venue = venue_of(conference["venue"])
    event.add("location", f"{item['room']}, {venue}" if item.get("room") else venue)
    return event


def _event(own_id: str, conference: dict, zone: ZoneInfo, starts_at: str, ends_at: str) -> Event:
    """The properties every event of the calendar has: its conference's status and stamp."""
    event = Event()
    event.add("uid", f"{own_id}@{UID_DOMAIN}")
    event.add("dtstamp", _moment(conference.get("published_at") or conference["created_at"]))
    _add_time(event, "dtstart", _moment(starts_at), zone)
    _add_time(event, "dtend", _moment(ends_at), zone)
    event.add("status", STATUS_OF[ConferenceStatus(conference["status"])])
    return event


def _add_time(event: Event, name: str, moment: datetime, zone: ZoneInfo) -> None:
    local = moment.astimezone(zone)
    if local.tzname() == "UTC" or local.fold:
        event.add(name, moment.astimezone(UTC))
    else:
        event.add(name, local.replace(tzinfo=None), parameters={"TZID": zone.key})


def venue_of(venue: dict) -> str:
    """"Avenue Cheikh Anta Diop, Dakar, SN", or the online link."""
    if venue.get("online_url"):
        return venue["online_url"]
    return ", ".join(part for part in (venue.get("address"), venue.get("city"),
                                       venue.get("country")) if part)


def speakers_of(speakers: list[dict]) -> str:
    """"Speakers:" then one line each: "Awa Diop (Réseau des Femmes de Kindu)"."""
    lines = [f"{s['name']} ({s['organization']})" if s.get("organization") else s["name"]
             for s in speakers]
    return "\n".join(["Speakers:", *lines])


def _span(conference: dict) -> tuple[date, date]:
    """Dates before and after every event, which the VTIMEZONE must cover."""
    moments = [_moment(when) for event in (conference, *conference.get("agenda", []))
               for when in (event["starts_at"], event["ends_at"])]
    return (min(moments) - timedelta(days=1)).date(), (max(moments) + timedelta(days=1)).date()


def _moment(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError(f"{text!r} has no offset: a conference's times are absolute")
    return moment.astimezone(UTC)
