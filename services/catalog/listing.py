"""What the public catalog shows, as queries: GET /v1/trainings (docs/catalog.md, "Search").

A training is public when it is published and its organization is listed (verified, from the
`organization.*` events). The session filters (city, starts_after, starts_before, has_seats)
match a training if one of its open sessions matches all of them at once: they select
sessions first, and the trainings are those of the sessions found.
"""

from datetime import datetime

from services.catalog.contract.trainings import SessionStatus, TrainingStatus
from shared.contract.text import fold
from shared.rules.search_terms import query_terms

SESSION_FILTERS = ("city", "starts_after", "starts_before", "has_seats")
PUBLIC = {"status": str(TrainingStatus.PUBLISHED), "organization_listed": True}


def city_key(city: str | None) -> str | None:
    """A city as compared: "bruxelles" finds "Bruxelles", "liege" finds "Liège"."""
    return " ".join(fold(city).split()) if city else None


def public_trainings(filters: dict, training_ids: list[str] | None = None) -> dict:
    """The trainings query of a search (the filters as TrainingFiltersSchema loads them);
    `training_ids`: those of the open sessions that matched the session filters, if any."""
    query: dict = dict(PUBLIC)
    terms = query_terms(filters.get("q") or "")
    if terms:
        query["search_terms"] = {"$all": terms}
    if filters.get("category") is not None:
        query["category"] = str(filters["category"])
    if filters.get("language") is not None:
        query["languages"] = str(filters["language"])
    if filters.get("organization_id") is not None:
        query["organization_id"] = filters["organization_id"]
    if training_ids is not None:
        query["_id"] = {"$in": training_ids}
    return query


def open_sessions(filters: dict, now: datetime) -> dict | None:
    """The sessions query the session filters ask for, or None when they ask nothing."""
    if not any(filters.get(name) not in (None, False) for name in SESSION_FILTERS):
        return None
    query: dict = {"status": str(SessionStatus.SCHEDULED), "closes_at": {"$gt": now}}
    if filters.get("city"):
        query["city_key"] = city_key(filters["city"])
    starts: dict = {}
    if filters.get("starts_after") is not None:
        starts["$gte"] = filters["starts_after"]
    if filters.get("starts_before") is not None:
        starts["$lt"] = filters["starts_before"]
    if starts:
        query["starts_at"] = starts
    if filters.get("has_seats"):
        query["seats_left"] = {"$gt": 0}
    return query
