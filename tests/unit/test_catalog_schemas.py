"""The catalog's payload schemas: what they load, what they refuse (naming the field), and
that what the OpenAPI document will declare from them (patterns, the location's oneOf) admits
exactly what they load."""

from datetime import UTC, date, datetime

import jsonschema_rs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from marshmallow import ValidationError

from services.catalog.contract import sessions as session_contract
from services.catalog.contract.enrollments import AttendanceSchema, EnrollmentRequestSchema
from services.catalog.contract.schemas import (
    TrainingChangesSchema,
    TrainingDraftSchema,
    TrainingFiltersSchema,
    TrainingSummarySchema,
)
from services.catalog.contract.sessions import LOCATION_ONE_OF, LocationSchema, SessionDraftSchema
from services.catalog.contract.trainings import Category, Language, TrainingStatus
from services.catalog.domain import sessions as session_domain
from services.catalog.domain.trainings import Training
from shared.contract.formats import DATE_TIME_PATTERN, PHONE_PATTERN, Moment

BOUNDED = settings(max_examples=200, database=None, deadline=None, derandomize=True,
                   suppress_health_check=list(HealthCheck))
TRAINING = {"title": "Français langue étrangère, A1", "description": "Lire, écrire, parler.",
            "category": "french_language", "languages": ["fr", "en"]}
SESSION = {"starts_at": "2027-03-01T09:30:00+01:00", "ends_at": "2027-03-01T12:30:00+01:00",
           "capacity": 20, "location": {"city": "Bruxelles", "address": "Rue Haute 12"}}
PERSON = {"name": "Awa Diop", "email": "awa@example.org"}


def refused(schema, data: dict) -> dict:
    with pytest.raises(ValidationError) as refusal:
        schema.load(data)
    return refusal.value.messages_dict


def test_a_draft_loads_with_the_contract_enums_and_empty_extras():
    loaded = TrainingDraftSchema().load(TRAINING)
    assert loaded["category"] is Category.FRENCH_LANGUAGE
    assert loaded["languages"] == [Language.FR, Language.EN]
    assert (loaded["audience"], loaded["prerequisites"], loaded["tags"]) == (None, None, [])


@pytest.mark.parametrize("field, value", [
    ("title", ""), ("title", "x" * 201), ("title", None), ("description", ""),
    ("description", "x" * 5001), ("category", "cooking"), ("category", "FRENCH_LANGUAGE"),
    ("languages", []), ("languages", ["fr", "fr"]), ("languages", ["de"]), ("languages", "fr"),
    ("audience", "x" * 501), ("prerequisites", "x" * 2001), ("tags", [""]), ("tags", ["x" * 41]),
    ("tags", [f"t{n}" for n in range(21)]), ("tags", None),
])
def test_a_draft_with_an_invalid_field_is_refused_naming_it(field, value):
    assert field in refused(TrainingDraftSchema(), {**TRAINING, field: value})


@pytest.mark.parametrize("field", ["title", "description", "category", "languages"])
def test_a_draft_without_a_required_field_is_refused_naming_it(field):
    assert field in refused(TrainingDraftSchema(), {k: v for k, v in TRAINING.items() if k != field})


def test_a_change_names_only_what_changes_and_clears_only_what_may_be_empty():
    assert TrainingChangesSchema().load({"title": "Nouveau titre"}) == {"title": "Nouveau titre"}
    assert TrainingChangesSchema().load({"prerequisites": None}) == {"prerequisites": None}
    assert "_schema" in refused(TrainingChangesSchema(), {})
    for required_in_a_draft in ("title", "description", "category", "languages", "tags"):
        assert required_in_a_draft in refused(TrainingChangesSchema(), {required_in_a_draft: None})


def test_a_training_answer_reads_the_domains_training_with_enum_values():
    created = datetime(2027, 1, 5, 8, 0, tzinfo=UTC)
    training = Training(id="t1", organization_id="o1", title="Numérique", description="Bases",
                        category=Category.DIGITAL_SKILLS, languages=[Language.NL],
                        created_at=created, status=TrainingStatus.PUBLISHED)
    answer = TrainingSummarySchema().dump(training)
    assert (answer["category"], answer["languages"], answer["status"]) == (
        "digital_skills", ["nl"], "published")
    assert answer["published_at"] is None and answer["created_at"] == created.isoformat()


def test_search_filters_load_from_query_strings():
    loaded = TrainingFiltersSchema().load({
        "q": "francais", "language": "nl", "organization_id": "a" * 24, "has_seats": "false",
        "starts_after": "2027-03-01T09:30:00+01:00"})
    assert loaded["language"] is Language.NL and loaded["has_seats"] is False
    assert loaded["starts_after"] == datetime(2027, 3, 1, 8, 30, tzinfo=UTC)
    assert loaded["limit"] == 20 and loaded["cursor"] is None
    assert TrainingFiltersSchema().load({"has_seats": "true"})["has_seats"] is True


@pytest.mark.parametrize("field, value", [
    ("q", ""), ("q", "x" * 201), ("city", ""), ("category", "other "), ("has_seats", "1"),
    ("has_seats", "yes"), ("has_seats", "True"), ("organization_id", "A" * 24),
    ("organization_id", "a" * 23), ("organization_id", "a" * 24 + "\n"),
    ("starts_before", "2027-03-01T09:30:00"), ("starts_before", "20270301T0930Z"),
])
def test_a_search_filter_out_of_its_format_is_refused_naming_it(field, value):
    assert field in refused(TrainingFiltersSchema(), {field: value})


@pytest.mark.parametrize("location, refused_field", [
    ({"city": "Kindu"}, None), ({"city": "Liège", "address": "Place Saint-Lambert"}, None),
    ({"online_url": "https://meet.example.org/fle-a1"}, None), ({}, "city"),
    ({"address": "Rue Haute 12"}, "city"), ({"city": "Thiès", "online_url": "https://a.bc"}, "online_url"),
    ({"address": "Rue Haute 12", "online_url": "https://a.bc"}, "online_url"),
    ({"online_url": "ftp://a.bc/x"}, "online_url"), ({"city": "x" * 101}, "city"),
    ({"city": None}, "city"), ({"city": "Kindu", "room": "2"}, "room"),
])
def test_a_session_is_either_in_person_or_online(location, refused_field):
    declared = jsonschema_rs.validator_for({"oneOf": LOCATION_ONE_OF})
    if refused_field is None:
        assert LocationSchema().load(location) == location and declared.is_valid(location)
    else:
        assert refused_field in refused(LocationSchema(), location)


def test_the_declared_one_of_admits_exactly_the_places_the_rule_accepts():
    declared = jsonschema_rs.validator_for({"oneOf": LOCATION_ONE_OF})
    values = {"city": "Kindu", "address": "Rue 1", "online_url": "https://a.bc"}
    for mask in range(8):
        location = {k: v for bit, (k, v) in enumerate(values.items()) if mask >> bit & 1}
        accepted = not LocationSchema().validate(location)
        assert declared.is_valid(location) == accepted, location


def test_a_session_loads_in_utc_and_closes_at_the_latest_when_it_starts():
    loaded = SessionDraftSchema().load(SESSION)
    assert loaded["starts_at"] == datetime(2027, 3, 1, 8, 30, tzinfo=UTC)
    assert loaded["enrollment_closes_at"] == loaded["starts_at"]
    for later in (None, "2027-03-02T00:00:00Z"):
        closes = SessionDraftSchema().load({**SESSION, "enrollment_closes_at": later})
        assert closes["enrollment_closes_at"] == loaded["starts_at"]
    earlier = SessionDraftSchema().load({**SESSION, "enrollment_closes_at": "2027-02-28T18:00:00Z"})
    assert earlier["enrollment_closes_at"] == datetime(2027, 2, 28, 18, 0, tzinfo=UTC)


@pytest.mark.parametrize("field, value", [
    ("capacity", 0), ("capacity", session_contract.MAX_CAPACITY + 1), ("capacity", "20"),
    ("capacity", 20.0), ("capacity", True), ("ends_at", SESSION["starts_at"]),
    ("ends_at", "2027-03-01T08:30:00Z"), ("starts_at", "0001-01-01T00:00:00+05:00"),
    ("location", {"city": "Kindu", "online_url": "https://a.bc"}),
])
def test_a_session_with_an_invalid_field_is_refused_naming_it(field, value):
    assert field in refused(SessionDraftSchema(), {**SESSION, field: value})


def test_the_domain_bounds_capacity_with_the_contracts_maximum():
    assert session_domain.MAX_CAPACITY is session_contract.MAX_CAPACITY == 500


def test_an_enrollment_request_defaults_to_french_without_a_phone():
    assert EnrollmentRequestSchema().load(PERSON) == {**PERSON, "language": Language.FR, "phone": None}
    for phone in ("+32 470 12 34 56", "(02) 511.22.33", "+221-77-123-45-67"):
        assert EnrollmentRequestSchema().load({**PERSON, "phone": phone})["phone"] == phone


@pytest.mark.parametrize("field, value", [
    ("name", ""), ("name", "x" * 201), ("email", "awa.example.org"), ("language", "de"),
    ("email", "a" * 64 + "@" + ".".join(["b" * 61, "b" * 61, "b" * 62, "org"])),  # 255 long
    ("language", None),
    ("phone", "12345"), ("phone", "+1234567890123456"), ("phone", "call me"),
    ("phone", "+32 470 12 34 56\n"), ("phone", "1" * 6 + "   "), ("phone", "12 -(3456"),
])
def test_an_enrollment_with_an_invalid_field_is_refused_naming_it(field, value):
    assert field in refused(EnrollmentRequestSchema(), {**PERSON, field: value})


def test_attendance_takes_json_booleans_only():
    assert AttendanceSchema().load({"attended": True}) == {"attended": True, "completed": False}
    assert "attended" in refused(AttendanceSchema(), {"completed": True})
    for not_a_boolean in (1, 0, "true", None):
        assert "attended" in refused(AttendanceSchema(), {"attended": not_a_boolean})
        assert "completed" in refused(AttendanceSchema(), {"attended": False, "completed": not_a_boolean})


@BOUNDED
@given(st.from_regex(DATE_TIME_PATTERN, fullmatch=True))
def test_every_declared_moment_on_the_calendar_loads_in_utc(value):
    try:
        date.fromisoformat(value[:10])
    except ValueError:
        return  # "2027-02-30": the document's `format: date-time` refuses it too
    assert Moment().deserialize(value).utcoffset().total_seconds() == 0


@BOUNDED
@given(st.from_regex(PHONE_PATTERN, fullmatch=True))
def test_every_declared_phone_number_loads(phone):
    assert EnrollmentRequestSchema().load({**PERSON, "phone": phone})["phone"] == phone
