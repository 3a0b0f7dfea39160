"""The trainings part of the seed: trainings (published) with sessions and enrollments. Each
step looks for what exists first, through the API, and creates only what is missing."""

from ops.api import Gateway, GatewayError
from ops.seed.demo_programme import TRAININGS
from ops.seed.support import Seeding, create, email_of, moment

DRAFT_FIELDS = ("title", "description", "category", "languages", "audience", "prerequisites", "tags")
ALREADY = ("ALREADY_ENROLLED", "ALREADY_REGISTERED")


def seed_trainings(seeding: Seeding) -> None:
    for wanted in TRAININGS:
        owner = seeding.as_member(wanted["owner"])
        training = _published(seeding, owner, wanted)
        seeding.step(wanted["title"])
        sessions = _scheduled(seeding, owner, training, wanted["sessions"])
        for session, wanted_session in zip(sessions, wanted["sessions"], strict=True):
            _enroll(seeding, owner, session, wanted_session)


def _published(seeding: Seeding, owner: Gateway, wanted: dict) -> dict:
    """The owner's training of that title, or a new one, published at once (a draft is
    invisible to the lookups that keep the seed from creating it twice)."""
    organization_id = seeding.id_of(wanted["owner"])
    for known in seeding.operator.items("/v1/trainings", organization_id=organization_id):
        if known["title"] == wanted["title"]:
            seeding.tally.count("trainings", created=False)
            return known
    draft = {name: wanted[name] for name in DRAFT_FIELDS if name in wanted}
    training = create(owner, "/v1/trainings", draft, f"training:{wanted['owner']}:{wanted['title']}")
    create(owner, f"/v1/trainings/{training['id']}/publish", None, f"publish:{training['id']}")
    seeding.tally.count("trainings", created=True)
    return training


def _scheduled(seeding: Seeding, owner: Gateway, training: dict, wanted: list[dict]) -> list[dict]:
    """The training's sessions in time order, the missing ones (by rank) scheduled."""
    known = owner.get(f"/v1/trainings/{training['id']}")["sessions"]
    sessions = sorted((s for s in known if s["status"] == "scheduled"), key=lambda s: s["starts_at"])
    for rank, wanted_session in enumerate(wanted):
        if rank < len(sessions):
            seeding.tally.count("sessions", created=False)
            continue
        body = {"starts_at": moment(seeding.today, wanted_session["days"], wanted_session["at"],
                                    wanted_session["utc_offset"]),
                "ends_at": moment(seeding.today, wanted_session["days"], wanted_session["at"],
                                  wanted_session["utc_offset"], wanted_session["hours"]),
                "capacity": wanted_session["capacity"], "location": _location(wanted_session)}
        sessions.append(create(owner, f"/v1/trainings/{training['id']}/sessions", body,
                               f"session:{training['id']}:{rank}"))
        seeding.tally.count("sessions", created=True)
    return sessions[:len(wanted)]


def _location(session: dict) -> dict:
    if "online_url" in session:
        return {"online_url": session["online_url"]}
    return {"city": session["city"], "address": session["address"]}


def _enroll(seeding: Seeding, owner: Gateway, session: dict, wanted: dict) -> None:
    """Participants in order: the first `capacity` get a seat, the others wait."""
    path = f"/v1/sessions/{session['id']}/enrollments"
    enrolled = {e["email"].casefold() for e in owner.items(path) if e["status"] != "cancelled"}
    for name in wanted["participants"]:
        person = {"name": name, "email": email_of(name), "language": wanted.get("language", "fr")}
        join(seeding, "enrollments", path, person, person["email"] in enrolled)


def join(seeding: Seeding, kind: str, path: str, person: dict, already: bool) -> None:
    """One participant enrolls or registers, unless already in (our list said so, or the
    API does: a 409 for that email is the same fact)."""
    created = False
    if not already:
        try:
            create(seeding.public(), path, person, f"{kind}:{path}:{person['email']}")
            created = True
        except GatewayError as error:
            if error.code not in ALREADY:
                raise
    seeding.tally.count(kind, created)
    seeding.step(person["name"])
