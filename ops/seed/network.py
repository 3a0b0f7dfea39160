"""The network part of the seed: organizations (applied, verified, each with its key) and
their partnerships (proposed, accepted) with joint activities. Each step looks for what
exists first, through the API, and creates only what is missing."""

from datetime import timedelta

from ops.api import GatewayError
from ops.seed.demo_data import ORGANIZATIONS, PARTNERSHIPS
from ops.seed.support import Seeding, create

LIVE_PARTNERSHIP = ("proposed", "active")


class SeedRefused(Exception):
    """The platform holds something the seed must not override (an operator's decision)."""


def seed_organizations(seeding: Seeding) -> None:
    for wanted in ORGANIZATIONS:
        organization = _applied(seeding, wanted)
        if organization["status"] == "suspended":
            raise SeedRefused(f"{organization['name']} is suspended: the seed does not undo an "
                              "operator's suspension")
        if organization["status"] == "pending":
            organization = create(seeding.operator, f"/v1/organizations/{organization['id']}/verify",
                                  None, f"verify:{organization['id']}")
        seeding.organizations[wanted["ref"]] = organization
        _keep_a_working_key(seeding, organization)
        seeding.step(organization["name"])


def _applied(seeding: Seeding, wanted: dict) -> dict:
    """The organization of that name in that country (one per country: the API's rule)."""
    for known in seeding.operator.items("/v1/organizations", country=wanted["country"]):
        if known["name"].casefold() == wanted["name"].casefold():
            seeding.tally.count("organizations", created=False)
            return known
    application = {name: value for name, value in wanted.items() if name != "ref"}
    # applied by the operator: the public's limit on applications holds back no operator
    created = create(seeding.operator, "/v1/organizations", application,
                     f"apply:{wanted['country']}:{wanted['ref']}")
    seeding.tally.count("organizations", created=True)
    return created


def _keep_a_working_key(seeding: Seeding, organization: dict) -> None:
    """The key kept for it if it still works, else a new one (kept at once: shown once).
    Keys the seed does not know of (its file lost) are left alone: someone may use them,
    and an operator revokes them with `maillage keys revoke` if they should go."""
    kept = seeding.keys.key_of(organization["id"])
    if kept is not None and _works(seeding, kept, organization["id"]):
        seeding.tally.count("api keys", created=False)
        return
    replaced = seeding.keys.key_id_of(organization["id"]) or "none"
    issued = create(seeding.operator, f"/v1/organizations/{organization['id']}/api-keys", None,
                    f"api-key:{organization['id']}:replaces:{replaced}")
    seeding.keys.keep(organization, issued)
    seeding.tally.count("api keys", created=True)


def _works(seeding: Seeding, key: str, organization_id: str) -> bool:
    try:
        me = seeding.operator.acting_as(key).get("/v1/me")
    except GatewayError as error:
        if error.status == 401:
            return False
        raise
    return bool(me.get("organization_id") == organization_id)


def seed_partnerships(seeding: Seeding) -> None:
    for wanted in PARTNERSHIPS:
        partnership = _proposed(seeding, wanted)
        if partnership["status"] == "proposed":
            partnership = create(seeding.as_member(wanted["partner"]),
                                 f"/v1/partnerships/{partnership['id']}/accept", None,
                                 f"accept:{partnership['id']}")
        seeding.step(f"partenariat {wanted['proposer']} – {wanted['partner']}")
        _record_activities(seeding, partnership, wanted["activities"])


def _proposed(seeding: Seeding, wanted: dict) -> dict:
    """The live partnership between the two (either way round), or a new proposal."""
    pair = {seeding.id_of(wanted["proposer"]), seeding.id_of(wanted["partner"])}
    for known in seeding.operator.items("/v1/partnerships",
                                        organization_id=seeding.id_of(wanted["proposer"])):
        if {known["proposer_id"], known["partner_id"]} == pair and known["status"] in LIVE_PARTNERSHIP:
            seeding.tally.count("partnerships", created=False)
            return known
    proposal = {"partner_id": seeding.id_of(wanted["partner"]), "kind": wanted["kind"],
                "focus_areas": wanted["focus_areas"], "description": wanted["description"],
                "starts_on": (seeding.today + timedelta(days=wanted["starts_in_days"])).isoformat()}
    created = create(seeding.as_member(wanted["proposer"]), "/v1/partnerships", proposal,
                     f"partnership:{wanted['proposer']}:{wanted['partner']}")
    seeding.tally.count("partnerships", created=True)
    return created


def _record_activities(seeding: Seeding, partnership: dict, activities: list[dict]) -> None:
    path = f"/v1/partnerships/{partnership['id']}/activities"
    recorded = {known["title"] for known in seeding.operator.get(path)["items"]}
    for wanted in activities:
        if wanted["title"] in recorded:
            seeding.tally.count("activities", created=False)
        else:
            activity = {name: value for name, value in wanted.items() if name not in ("by", "days")}
            activity["date"] = (seeding.today + timedelta(days=wanted["days"])).isoformat()
            create(seeding.as_member(wanted["by"]), path, activity,
                   f"activity:{partnership['id']}:{wanted['title']}")
            seeding.tally.count("activities", created=True)
        seeding.step(wanted["title"])
