"""/v1/openapi.json is the contract, exactly: schemathesis, with every check it has, against the
running platform, as each kind of caller.

Each run sends schema-valid requests (which must be accepted, or refused for who calls or the
state of things: 401, 403, 404, 409) and schema-violating ones (which must be refused), probes
methods a path does not take (405 with Allow), follows the links it infers between operations,
and checks every answer against the document: status, content type, headers, body. Every
caller fuzzes every operation (OPTIONS, answered by routing alone, only as the public); the
exhaustive coverage phase (boundary values, every enum member, every missing field, every
undeclared method) sweeps each operation once, as a caller it admits (its `x-policy`), and
each enum member once per field name (tests/support/openapi_fuzzing.py).
Generation is deterministic: CI sends the same requests on every run. On two cores, quiet:
about 35 s as operator, 60 s as the public, and a partner's run, the longest, in two halves
(conferences' operations, and the rest), each well within a test's time bound.
"""

import json
import os
import subprocess
from pathlib import Path

import pytest
import requests

from tests.support.catalog import (
    FRENCH_A1,
    catalog_knows,
    enroll,
    participant,
    published_training,
    session_draft,
)
from tests.support.conferences import attendee, conference_draft, talk
from tests.support.mongo_wire import ROOT
from tests.support.organizations import apply, partner
from tests.support.platform import OPERATOR_TOKEN
from tests.support.waiting import wait_until

pytestmark = pytest.mark.e2e

HOOKS = ROOT / "tests/support/openapi_fuzzing.py"
MAX_EXAMPLES = 3  # per operation, phase and mode (valid, invalid)
# An application is not public until verified (README): the public, and a partner other than
# the applicant, get 404 for it, although its POST answered 201. The network of an organization
# not verified is a 404 for everyone.
APPLICATION_NOT_PUBLIC = ("GET /v1/organizations/{organization_id}",
                          "GET /v1/organizations/{organization_id}/network")


@pytest.fixture(scope="module")
def document(platform) -> dict:
    response = requests.get(f"{platform.url}/v1/openapi.json", timeout=10)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture(scope="module")
def enum_members_sent(tmp_path_factory) -> Path:
    """Where the module's three runs note the enum members they sent (openapi_fuzzing.py)."""
    return tmp_path_factory.mktemp("fuzzing") / "enum-members-sent.txt"


@pytest.fixture(scope="module")
def network(platform) -> dict:
    """A small network in every state there is, so that answers carry each field, null or not
    (and what lists show, the fuzzer reuses: ids too); its southern member calls as partner."""
    north_key = partner(platform, region="north", country="BE")[1]
    south, south_key = partner(platform, region="south", country="SN")
    third, third_key = partner(platform, region="south", country="CD")
    active = _partnership(platform, north_key, south, "north_south", south_key, "accept")
    _call(platform, "POST", f"/v1/partnerships/{active}/activities", north_key, 201,
          json={"title": "Exchange visit", "kind": "exchange_visit", "date": "2027-03-02",
                "summary": "Dakar", "participants_count": 9})
    _partnership(platform, south_key, third, "south_south", third_key, "decline")
    ended = _partnership(platform, north_key, third, "north_south", third_key, "accept")
    _call(platform, "POST", f"/v1/partnerships/{ended}/end", north_key, 200)
    _call(platform, "POST", f"/v1/organizations/{third}/suspend", OPERATOR_TOKEN, 200,
          json={"reason": "inactive"})
    apply(platform, name="Pending application", website="https://example.org/a", description="-")
    _catalog(platform, south, south_key)
    _conferences(platform, south, south_key, north_key)
    return {"partner_key": south_key}


def _conferences(platform, owner_id: str, owner_key: str, speaker_key: str) -> None:
    """Conferences of the partner that fuzzes: a draft; a published one with an agenda item
    from an accepted proposal, another proposal waiting, and registrations confirmed,
    waiting and cancelled; one requiring approval with them pending, approved, rejected."""
    wait_until(lambda: (platform.database("conferences").organizations.find_one(
        {"_id": owner_id}) or {}).get("status") == "verified")
    _call(platform, "POST", "/v1/conferences", owner_key, 201, json=conference_draft())
    open_one = _published(platform, owner_key, conference_draft(capacity=1, proposals_close_at=None))
    accepted = _call(platform, "POST", f"/v1/conferences/{open_one['id']}/proposals",
                     speaker_key, 201, json=talk())
    _call(platform, "POST", f"/v1/conferences/{open_one['id']}/proposals", speaker_key, 201,
          json=talk("Numérique et emploi"))
    _call(platform, "POST", f"/v1/proposals/{accepted['id']}/accept", owner_key, 200)
    _call(platform, "POST", f"/v1/conferences/{open_one['id']}/sessions", owner_key, 201, json={
        "proposal_id": accepted["id"], "starts_at": open_one["starts_at"],
        "ends_at": open_one["ends_at"], "room": "Salle 1"})
    leaving, *_ = [_register(platform, open_one["id"]) for _ in range(3)]
    _call(platform, "DELETE", f"/v1/registrations/{leaving['id']}", owner_key, 200)
    approving = _published(platform, owner_key, conference_draft(capacity=5, requires_approval=True))
    pending = [_register(platform, approving["id"]) for _ in range(3)]
    for registration, decision in zip(pending, ("approve", "reject"), strict=False):
        _call(platform, "POST", f"/v1/registrations/{registration['id']}/{decision}", owner_key, 200)


def _published(platform, owner_key: str, draft: dict) -> dict:
    created = _call(platform, "POST", "/v1/conferences", owner_key, 201, json=draft)
    return _call(platform, "POST", f"/v1/conferences/{created['id']}/publish", owner_key, 200)


def _register(platform, conference_id: str) -> dict:
    return _call(platform, "POST", f"/v1/conferences/{conference_id}/registrations", None, 201,
                 json=attendee())


def _catalog(platform, owner_id: str, owner_key: str) -> None:
    """Trainings of the partner that fuzzes: a draft, and a published one whose full session
    has a confirmed, a waiting and a cancelled enrollment (each field shown null or not)."""
    catalog_knows(platform, owner_id)
    _call(platform, "POST", "/v1/trainings", owner_key, 201, json=FRENCH_A1)
    _, (full, online) = published_training(platform, owner_key, sessions=(
        session_draft(1), session_draft(30, location={"online_url": "https://meet.example.org/a"})))
    enroll(platform, full["id"], participant(phone="+32 470 12 34 56"))
    leaving = enroll(platform, full["id"], participant(language="nl"))
    enroll(platform, full["id"])
    _call(platform, "DELETE", f"/v1/enrollments/{leaving['id']}", owner_key, 200)
    enroll(platform, online["id"])


def _partnership(platform, proposer_key: str, partner_id: str, kind: str, answerer_key: str,
                 answer: str) -> str:
    proposal = _call(platform, "POST", "/v1/partnerships", proposer_key, 201, json={
        "partner_id": partner_id, "kind": kind, "focus_areas": ["literacy"],
        "description": "-", "starts_on": "2027-02-01", "ends_on": "2028-01-31"})
    _call(platform, "POST", f"/v1/partnerships/{proposal['id']}/{answer}", answerer_key, 200)
    return proposal["id"]


def _call(platform, method: str, path: str, token: str | None, status: int, **kwargs) -> dict:
    response = platform.http(method, path, token, **kwargs)
    assert response.status_code == status, response.text
    return response.json()


def test_every_operation_keeps_the_contract_for_the_public(platform, document, network,
                                                           tmp_path, enum_members_sent):
    run = schemathesis(platform.url, tmp_path, token=None, hidden=APPLICATION_NOT_PUBLIC,
                       swept=operations(document, "public"), document=document,
                       enum_members_sent=enum_members_sent)
    assert run.returncode == 0, run.stdout[-30000:]


# A partner's run is the longest: it is split in two, each bounded in time like any test.
CONFERENCE_PATHS = ("/v1/conferences", "/v1/proposals", "/v1/registrations")


@pytest.mark.parametrize("half", ["conferences", "the rest"])
def test_every_operation_keeps_the_contract_for_a_partner(platform, document, network,
                                                          tmp_path, enum_members_sent, half):
    everything = operations(document, "public", "partner", "operator", "member")
    in_half = [label for label in everything
               if label.split(" ", 1)[1].startswith(CONFERENCE_PATHS) == (half == "conferences")]
    run = schemathesis(platform.url, tmp_path, token=network["partner_key"],
                       hidden=APPLICATION_NOT_PUBLIC,
                       swept=[o for o in operations(document, "partner", "member") if o in in_half],
                       document=document, enum_members_sent=enum_members_sent,
                       disabled=[o for o in everything if o not in in_half])
    assert run.returncode == 0, run.stdout[-30000:]


def test_every_operation_keeps_the_contract_for_an_operator(platform, document, network,
                                                            tmp_path, enum_members_sent):
    run = schemathesis(platform.url, tmp_path, token=OPERATOR_TOKEN,
                       hidden=APPLICATION_NOT_PUBLIC[1:], swept=operations(document, "operator"),
                       document=document, enum_members_sent=enum_members_sent)
    assert run.returncode == 0, run.stdout[-30000:]


def test_the_document_describes_every_path_the_server_routes(platform, document):
    """OPTIONS on each documented path lists exactly the methods documented for it."""
    for path, operations in document["paths"].items():
        concrete = path.replace("{", "").replace("}", "")  # any segment routes
        response = requests.options(f"{platform.url}{concrete}", timeout=10)
        assert response.status_code == 204, (path, response.text)
        documented = {method.upper() for method in operations if method != "parameters"}
        implicit = {"HEAD"} if "GET" in documented else set()
        assert set(response.headers["Allow"].split(", ")) == documented | implicit, path


def operations(document: dict, *policies: str) -> list[str]:
    """The labels ("GET /v1/me") of the operations of these policies."""
    return [f"{method.upper()} {path}" for path, methods in document["paths"].items()
            for method, operation in methods.items()
            if isinstance(operation, dict) and operation.get("x-policy") in policies]


def schemathesis(url: str, workdir: Path, token: str | None, hidden: tuple[str, ...],
                 swept: list[str], document: dict, enum_members_sent: Path | None = None,
                 disabled: list[str] | None = None) -> subprocess.CompletedProcess:
    """`st run` with every check, every phase; the coverage phase only on `swept`; none of
    the `disabled` operations (another run sends them)."""
    not_swept = sorted(set(operations(document, "public", "partner", "operator", "member"))
                       - set(swept) - set(disabled or ()))
    config = workdir / "schemathesis.toml"
    config.write_text(_config(token, hidden, not_swept, disabled or []))
    return subprocess.run(
        [str(ROOT / ".venv/bin/st"), "--config-file", str(config), "run",
         f"{url}/v1/openapi.json", "--no-color"],
        cwd=workdir, capture_output=True, text=True, timeout=150,
        env={**os.environ, "PYTHONPATH": str(ROOT),  # the hooks import tests.support
             **({"SWEPT_ENUMS_FILE": str(enum_members_sent)} if enum_members_sent else {})},
    )


def _config(token: str | None, hidden: tuple[str, ...], not_swept: list[str],
            disabled: list[str]) -> str:
    lines = [f"hooks = {json.dumps(str(HOOKS))}", "",
             "[generation]", 'database = "none"', "deterministic = true",
             f"max-examples = {MAX_EXAMPLES}", "",
             "[checks]", "enabled = true", ""]
    if token is not None:  # OPTIONS is answered by routing alone, whoever calls
        lines += ["[headers]", f"Authorization = {json.dumps(f'Bearer {token}')}", "",
                  "[[operations]]", 'include-method = "OPTIONS"', "enabled = false", ""]
    lines += ["[[operations]]", f"include-name = {json.dumps(list(hidden))}",
              "checks.ensure_resource_availability.enabled = false", ""]
    if not_swept:
        lines += ["[[operations]]", f"include-name = {json.dumps(not_swept)}",
                  "phases.coverage.enabled = false", ""]
    if disabled:
        lines += ["[[operations]]", f"include-name = {json.dumps(disabled)}",
                  "enabled = false", ""]
    return "\n".join(lines)
