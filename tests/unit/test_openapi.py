"""/v1/openapi.json declares what the gateway's schemas validate: requests drawn from the
document are accepted by the same code that checks them (services/gateway/http.py), URL and
cursor patterns admit exactly what their validators do, and every answer is declared."""

import json

import jsonschema_rs
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from marshmallow import ValidationError, fields
from schemathesis import GenerationMode
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from services.gateway.http import json_body, query_args
from services.gateway.openapi import document as openapi
from services.gateway.openapi.fields import ignoring_case, url_pattern
from services.gateway.routes.operations import route_specs
from services.gateway.service import GatewayService
from shared.contract.paging import CURSOR_PATTERN, decode_cursor, encode_cursor
from tests.support import cross_field_rules

SPECS = route_specs(GatewayService)
DOCUMENT = openapi.build(SPECS)
BOUNDED = settings(max_examples=25, database=None, deadline=None, derandomize=True,
                   suppress_health_check=list(HealthCheck))
WEBSITE = fields.Url(schemes={"http", "https"})


LOADED = schemathesis.openapi.from_dict(DOCUMENT)


def operation(spec):
    return LOADED[openapi.PATH_VALUE.sub(r"{\1}", spec.url)][spec.method]


def valid_requests(spec):
    return operation(spec).as_strategy(generation_mode=GenerationMode.POSITIVE)


@pytest.mark.parametrize("spec", [s for s in SPECS if s.body is not None],
                         ids=lambda s: f"{s.method} {s.url}")
def test_every_body_the_document_describes_is_accepted(spec):
    @BOUNDED
    @given(valid_requests(spec))
    def accepted(case):
        drawn = cross_field_rules.follow(case.body)
        body = json.dumps(drawn) if isinstance(drawn, dict) else b""  # none: optional
        request = Request(EnvironBuilder(method=spec.method, data=body).get_environ())
        json_body(request, spec.body)  # raises InvalidInput (a 422) if the document lied

    accepted()


@pytest.mark.parametrize("spec", [s for s in SPECS if s.query is not None],
                         ids=lambda s: f"{s.method} {s.url}")
def test_every_query_the_document_describes_is_accepted(spec):
    @BOUNDED
    @given(valid_requests(spec))
    def accepted(case):
        query = {name: str(value) for name, value in (case.query or {}).items()}
        query_args(Request(EnvironBuilder(query_string=query).get_environ()), spec.query)

    accepted()


def test_a_website_is_declared_as_the_urls_its_validator_accepts():
    declared = jsonschema_rs.validator_for({"type": "string", "pattern": url_pattern(WEBSITE)})
    for candidate in ("https://example.org", "HTTP://a.bc:8080/x?y#z", "http://localhost",
                      "http://1.2.3.4/", "http://[::1]", "https://user:pw@é.fr/", "p", "",
                      "ftp://a.bc", "http://a", "http://a.bc/ x", "https//a.bc", "http://-a.bc",
                      "http://a.bc\n", "http://a.b", "http://a.bc/\x1c", "http://a.bc/\ufeff",
                      "http://\u212a@a.bc", "http://localho\u017ft", "http\u017f://a.bc"):
        assert declared.is_valid(candidate) == accepts(WEBSITE, candidate), repr(candidate)


@BOUNDED
@given(st.from_regex(url_pattern(WEBSITE), fullmatch=True))
def test_any_url_matching_the_declared_pattern_is_accepted(url):
    assert accepts(WEBSITE, url)


def test_ignoring_case_spells_each_letter_both_ways():
    assert ignoring_case(r"^ab\d[a-c0-9-]\Z") == r"^[aA][bB]\d[A-Ca-c0-9-]$"
    assert ignoring_case(r"[^x]é") == r"[^Xx]\u00e9"
    assert ignoring_case("s") == r"[sS\u017f]"  # ſ is an s to re.IGNORECASE


@BOUNDED
@given(st.from_regex(CURSOR_PATTERN, fullmatch=True))
def test_any_cursor_matching_the_declared_pattern_is_a_page(cursor):
    assert encode_cursor(decode_cursor(cursor)) == cursor


@pytest.mark.parametrize("cursor", ["", "%%%", "A" * 15, "A" * 17, "A" * 15 + "="])
def test_a_cursor_outside_the_declared_pattern_is_refused(cursor):
    assert not jsonschema_rs.validator_for({"pattern": CURSOR_PATTERN}).is_valid(cursor)
    with pytest.raises(ValidationError):
        decode_cursor(cursor)


def test_a_query_value_is_never_declared_null():
    for path in DOCUMENT["paths"].values():
        for method in (m for m in path.values() if isinstance(m, dict)):
            for parameter in method.get("parameters", []):
                assert "nullable" not in parameter["schema"], parameter
                assert parameter["schema"].get("default", "") is not None, parameter


def test_every_answer_an_operation_gives_is_declared():
    answers = {(method.upper(), path): set(operation["responses"])
               for path, methods in DOCUMENT["paths"].items()
               for method, operation in methods.items() if isinstance(operation, dict)}
    assert answers["POST", "/v1/organizations"] >= {"201", "400", "409", "422", "429", "503"}
    assert answers["POST", "/v1/partnerships/{partnership_id}/accept"] == {
        "200", "401", "403", "404", "409", "413", "422", "503", "504"}
    assert answers["GET", "/v1/me"] == {"200", "401", "403", "413", "503", "504"}
    assert answers["GET", "/health/live"] == {"200"}
    assert answers["OPTIONS", "/v1/organizations"] == {"204"}
    assert "200" not in answers["POST", "/v1/organizations"]


def test_an_answer_requires_every_field_dump_writes_and_a_request_only_what_load_needs():
    schemas = DOCUMENT["components"]["schemas"]
    assert set(schemas["Organization"]["required"]) == set(schemas["Organization"]["properties"])
    assert schemas["Organization"]["properties"]["verified_at"]["nullable"] is True
    assert set(schemas["Activity"]["required"]) == {"title", "kind", "date",  # to record one
                                                    "id", "recorded_by", "recorded_at"}  # readOnly
    assert set(schemas["OrganizationApplication"]["required"]) == {
        "name", "country", "city", "region", "sectors", "contact_email"}


def test_an_enum_is_declared_with_its_type():
    region = DOCUMENT["components"]["schemas"]["OrganizationApplication"]["properties"]["region"]
    assert region == {"type": "string", "enum": ["north", "south"]}


def accepts(field: fields.Field, value: str) -> bool:
    try:
        field.deserialize(value)
    except ValidationError:
        return False
    return True
