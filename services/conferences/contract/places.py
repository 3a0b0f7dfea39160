"""Where and when a conference happens: its venue (or online link) and its time zone."""

import importlib.resources
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from shared.contract.countries import ISO_3166_ALPHA_2

DEFAULT_TIME_ZONE = "Europe/Brussels"  # the nonprofit's own
# The IANA zones of the pinned tzdata package: the same list on every machine and in the
# OpenAPI document, whatever the system's own zone files.
TIME_ZONES = sorted(importlib.resources.files("tzdata").joinpath("zones").read_text().split())
# What VenueSchema's rule says, in JSON Schema (marshmallow has no oneOf), for the document.
VENUE_ONE_OF = [
    {"title": "in person", "required": ["city", "country"], "not": {"required": ["online_url"]}},
    {"title": "online", "required": ["online_url"],
     "not": {"anyOf": [{"required": ["city"]}, {"required": ["country"]},
                       {"required": ["address"]}]}},
]


class VenueSchema(Schema):
    """`{city, country, address?}` in person, or `{online_url}`."""

    city = fields.String(validate=validate.Length(min=1, max=100))
    country = fields.String(validate=validate.OneOf(sorted(ISO_3166_ALPHA_2)),
                            metadata={"description": "ISO 3166-1 alpha-2, e.g. SN"})
    address = fields.String(validate=validate.Length(max=300))
    online_url = fields.Url(schemes={"http", "https"}, validate=validate.Length(max=2000))

    @validates_schema
    def in_person_or_online(self, data: dict[str, Any], **kwargs: Any) -> None:
        if "online_url" in data and data.keys() & {"city", "country", "address"}:
            raise ValidationError("a conference is in person (city, country, address) or "
                                  "online (online_url), not both", "online_url")
        if "online_url" not in data and not {"city", "country"} <= data.keys():
            raise ValidationError("a city and a country, or an online_url", "city")


class VenueAnswerSchema(Schema):
    """A venue as answered: the fields of the other kind are null."""

    city = fields.String(allow_none=True)
    country = fields.String(allow_none=True)
    address = fields.String(allow_none=True)
    online_url = fields.String(allow_none=True)


def time_zone(**kwargs: Any) -> fields.String:
    return fields.String(validate=validate.OneOf(TIME_ZONES), metadata={
        "description": f"IANA time zone of its dates in iCalendar and emails; default "
                       f"{DEFAULT_TIME_ZONE}", "example": "Africa/Dakar"}, **kwargs)
