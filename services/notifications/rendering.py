"""Turn an event into the words a person reads: the subject, a plain-text part and an HTML
part, in their language (fr, en, nl; French when we have nothing better), with dates and
times as they read them where the event happens. Pure: it only reads the template files.

    render("enrollment.promoted", "nl", {**event.payload, "recipient_name": "Awa"})

Templates live in `templates/<event type>/<lang>.subject.txt|.txt|.html`; each extends its
language's layout in `templates/_layout/`, which greets, signs and shows `unsubscribe_url`
when the context has one (non-transactional messages)."""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale, dates
from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateNotFound, pass_context
from jinja2.runtime import Context

TEMPLATES = Path(__file__).parent / "templates"
LANGUAGES = ("fr", "en", "nl")
FALLBACK_LANGUAGE = "fr"  # the language most of our participants and partners share
# Catalog sessions carry no zone of their own: the catalog's organizations teach in Belgium.
SESSION_TIME_ZONE = "Europe/Brussels"
PARTS = ("subject.txt", "txt", "html")


class UnknownTemplate(LookupError):
    """No template for this event type, not even in French: a handler routed an event we
    never wrote words for."""


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def render(event_type: str, language: str, context: dict[str, Any]) -> Rendered:
    """Render the three parts in `language`, or in French if that language (or its template
    for this event) is missing. A variable the template needs and the context lacks raises
    `jinja2.UndefinedError`: better a failed render than an email saying "Hello ,"."""
    chosen = template_language(event_type, language)
    values = {**context, "locale": chosen}  # the payload's own `language` may be another's
    subject, text, html = (
        environment().get_template(f"{event_type}/{chosen}.{part}").render(values) for part in PARTS)
    return Rendered(subject=" ".join(subject.split()), text=tidy_text(text), html=html.strip())


def template_language(event_type: str, language: str) -> str:
    """The recipient's language if we wrote this event in it ("fr-BE" reads as "fr")."""
    primary = (language or "").split("-")[0].split("_")[0].lower()
    for candidate in (primary, FALLBACK_LANGUAGE):
        if candidate in LANGUAGES and has_template(event_type, candidate):
            return candidate
    raise UnknownTemplate(event_type)


def has_template(event_type: str, language: str) -> bool:
    try:
        environment().get_template(f"{event_type}/{language}.subject.txt")
    except TemplateNotFound:
        return False
    return True


def tidy_text(text: str) -> str:
    """No trailing spaces, never more than one blank line: conditional lines leave gaps."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)) + "\n"


@lru_cache(maxsize=1)
def environment() -> Environment:
    """HTML is autoescaped (a name typed as `<script>` stays text), plain text is not."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=lambda name: (name or "").endswith(".html"),
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(datetime=format_datetime, date=format_date, time=format_time,
                       period=format_period, country=country_name)
    env.globals["SESSION_TIME_ZONE"] = SESSION_TIME_ZONE
    return env


# Filters: the recipient's locale comes from the context, the zone from the event ----------

def moment(value: datetime | str, zone: str) -> datetime:
    """An aware datetime in `zone`; a naive one (or an ISO string without offset) is UTC,
    as everything we store is."""
    parsed = datetime.fromisoformat(value) if isinstance(value, str) else value
    aware = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return aware.astimezone(ZoneInfo(zone))


def zone_name(local: datetime, locale: str) -> str:
    """The zone as people say it ("heure d’été d’Europe centrale"), summer time included."""
    return dates.format_time(local, "zzzz", tzinfo=local.tzinfo, locale=locale)


def day_and_hour(local: datetime, locale: str) -> str:
    day = dates.format_date(local.date(), "full", locale=locale)
    hour = dates.format_time(local, "short", tzinfo=local.tzinfo, locale=locale)
    pattern = str(dates.get_datetime_format("full", locale=locale)).replace("'", "")
    return pattern.replace("{0}", hour).replace("{1}", day)


@pass_context
def format_datetime(context: Context, value: datetime | str, zone: str) -> str:
    """"lundi 12 juillet 2027, 09:00 (heure d’été d’Europe centrale)"."""
    local, locale = moment(value, zone), context["locale"]
    return f"{day_and_hour(local, locale)} ({zone_name(local, locale)})"


@pass_context
def format_period(context: Context, starts: datetime | str, ends: datetime | str, zone: str) -> str:
    """From start to end, the day said once when both fall on it."""
    first, last, locale = moment(starts, zone), moment(ends, zone), context["locale"]
    if first.date() == last.date():
        until = dates.format_time(last, "short", tzinfo=last.tzinfo, locale=locale)
    else:
        until = day_and_hour(last, locale)
    return f"{day_and_hour(first, locale)} – {until} ({zone_name(first, locale)})"


@pass_context
def format_date(context: Context, value: date | datetime | str, zone: str | None = None) -> str:
    """A day ("12 juillet 2027"); a moment is first brought to `zone`'s calendar."""
    if isinstance(value, datetime) or (isinstance(value, str) and "T" in value):
        day = moment(value, zone or "UTC").date()
    else:
        day = date.fromisoformat(value) if isinstance(value, str) else value
    return dates.format_date(day, "long", locale=context["locale"])


@pass_context
def format_time(context: Context, value: datetime | str, zone: str) -> str:
    """An hour on the clock where the event happens ("09:00", "9:00 AM")."""
    local = moment(value, zone)
    return dates.format_time(local, "short", tzinfo=local.tzinfo, locale=context["locale"])


@pass_context
def country_name(context: Context, code: str) -> str:
    """"SN" → "Sénégal" / "Senegal": an ISO code is not what a participant calls a country."""
    return str(Locale.parse(context["locale"]).territories.get(code.upper(), code))
