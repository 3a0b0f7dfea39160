"""Every member of the longest lists the API accepts works where it is used: each time zone
a conference may be in gives dates an email can say in every language, each country code
is accepted wherever a country is asked for. (The contract fuzzer sends only a sample of
them over HTTP: tests/support/openapi_fuzzing.py.)"""

from datetime import UTC, datetime

import pytest
from marshmallow import Schema

from services.conferences.contract.places import TIME_ZONES, time_zone
from services.notifications.rendering import LANGUAGES, moment, zone_name
from shared.contract.countries import ISO_3166_ALPHA_2


class Venue(Schema):
    time_zone = time_zone()


def test_every_declared_time_zone_is_accepted_and_can_be_told_in_every_language():
    at = datetime(2027, 5, 11, 9, 0, tzinfo=UTC)
    for zone in TIME_ZONES:
        assert Venue().load({"time_zone": zone}) == {"time_zone": zone}
        local = moment(at, zone)
        assert all(zone_name(local, language) for language in LANGUAGES), zone
    assert len(TIME_ZONES) > 500


@pytest.mark.parametrize("schema_path", [
    "services.partnerships.contract.organizations:OrganizationApplicationSchema",
    "services.partnerships.contract.organizations:OrganizationFiltersSchema",
    "services.conferences.contract.places:VenueSchema",
])
def test_every_country_code_is_accepted_wherever_a_country_is_asked(schema_path):
    module, name = schema_path.split(":")
    field = getattr(__import__(module, fromlist=[name]), name)().fields["country"]
    assert [code for code in sorted(ISO_3166_ALPHA_2) if field.deserialize(code) != code] == []
