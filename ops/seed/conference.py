"""The conference part of the seed: co-organized, published, with an agenda (items written
out, and a proposal from another organization accepted into it) and registrations. Each
step looks for what exists first, through the API, and creates only what is missing."""

from ops.api import Gateway
from ops.seed.demo_programme import CONFERENCE
from ops.seed.support import Seeding, create, email_of, moment
from ops.seed.trainings import join

DRAFT_FIELDS = ("title", "description", "themes", "time_zone", "venue", "capacity", "languages",
                "requires_approval")


def seed_conference(seeding: Seeding) -> None:
    organizer = seeding.as_member(CONFERENCE["organizer"])
    conference = _published(seeding, organizer)
    seeding.step(CONFERENCE["title"])
    agenda = organizer.get(f"/v1/conferences/{conference['id']}")["agenda"]
    for item in CONFERENCE["agenda"]:
        _written_out(seeding, organizer, conference, agenda, item)
    _proposed_and_scheduled(seeding, organizer, conference, agenda)
    path = f"/v1/conferences/{conference['id']}/registrations"
    registered = {r["email"].casefold() for r in organizer.items(path) if r["status"] != "cancelled"}
    for name, language, organization in CONFERENCE["registrations"]:
        person = {"name": name, "email": email_of(name), "language": language,
                  "organization": organization}
        join(seeding, "registrations", path, person, person["email"] in registered)


def _published(seeding: Seeding, organizer: Gateway) -> dict:
    """The organizer's conference of that title, or a new one published at once (a draft
    is invisible to the public search the lookup uses)."""
    organizer_id = seeding.id_of(CONFERENCE["organizer"])
    for known in seeding.operator.items("/v1/conferences", q=CONFERENCE["title"]):
        if known["title"] == CONFERENCE["title"] and known["organization_id"] == organizer_id:
            seeding.tally.count("conferences", created=False)
            return known
    draft = {name: CONFERENCE[name] for name in DRAFT_FIELDS}
    last_day = CONFERENCE["days"] + CONFERENCE["duration_days"] - 1
    draft.update(starts_at=_moment(seeding, CONFERENCE["days"], CONFERENCE["at"]),
                 ends_at=_moment(seeding, last_day, "17:00"),
                 co_organizer_ids=[seeding.id_of(ref) for ref in CONFERENCE["co_organizers"]])
    conference = create(organizer, "/v1/conferences", draft, f"conference:{CONFERENCE['title']}")
    create(organizer, f"/v1/conferences/{conference['id']}/publish", None,
           f"publish:{conference['id']}")
    seeding.tally.count("conferences", created=True)
    return conference


def _moment(seeding: Seeding, days: int, at: str, hours: float = 0) -> str:
    return moment(seeding.today, days, at, CONFERENCE["utc_offset"], hours)


def _slot(seeding: Seeding, item: dict) -> dict:
    """When and where an agenda item takes place, from its day of the conference."""
    day = CONFERENCE["days"] + item["day"]
    return {"starts_at": _moment(seeding, day, item["at"]),
            "ends_at": _moment(seeding, day, item["at"], item["hours"]), "room": item["room"]}


def _written_out(seeding: Seeding, organizer: Gateway, conference: dict, agenda: list[dict],
                 item: dict) -> None:
    if any(known["title"] == item["title"] for known in agenda):
        seeding.tally.count("agenda items", created=False)
    else:
        body = {"title": item["title"], "speakers": item["speakers"], **_slot(seeding, item)}
        create(organizer, f"/v1/conferences/{conference['id']}/sessions", body,
               f"agenda:{conference['id']}:{item['title']}")
        seeding.tally.count("agenda items", created=True)
    seeding.step(item["title"])


def _proposed_and_scheduled(seeding: Seeding, organizer: Gateway, conference: dict,
                            agenda: list[dict]) -> None:
    """Another organization proposes a talk; an organizer accepts it and schedules it."""
    wanted = CONFERENCE["proposal"]
    submitter = seeding.as_member(wanted["by"])
    path = f"/v1/conferences/{conference['id']}/proposals"
    proposal = next((p for p in submitter.items(path) if p["title"] == wanted["title"]), None)
    seeding.tally.count("proposals", created=proposal is None)
    if proposal is None:
        body = {name: wanted[name] for name in ("title", "abstract", "language", "speakers")}
        proposal = create(submitter, path, body, f"proposal:{conference['id']}:{wanted['title']}")
    if proposal["status"] == "submitted":
        proposal = create(organizer, f"/v1/proposals/{proposal['id']}/accept", None,
                          f"accept:{proposal['id']}")
    scheduled = any(item.get("proposal_id") == proposal["id"] for item in agenda)
    if not scheduled:
        create(organizer, f"/v1/conferences/{conference['id']}/sessions",
               {"proposal_id": proposal["id"], **_slot(seeding, wanted)},
               f"agenda:{conference['id']}:{proposal['id']}")
    seeding.tally.count("agenda items", created=not scheduled)
    seeding.step(wanted["title"])
