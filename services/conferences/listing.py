"""What the public listing shows, as a query: GET /v1/conferences (docs/conferences.md).

Published conferences of listed owners (verified, from the `organization.*` events); `q`
and `theme` match words without regard to case or accents, as the catalog's `q` does
(shared/rules/search_terms.py: the themes are among a conference's search terms)."""

from services.conferences.contract.vocabulary import ConferenceStatus
from shared.rules.search_terms import query_terms

PUBLIC = {"status": str(ConferenceStatus.PUBLISHED), "organization_listed": True}


def public_conferences(filters: dict) -> dict:
    """The conferences query of a search (the filters as ConferenceFiltersSchema loads them)."""
    query: dict = dict(PUBLIC)
    terms = sorted({*query_terms(filters.get("q") or ""), *query_terms(filters.get("theme") or "")})
    if terms:
        query["search_terms"] = {"$all": terms}
    if filters.get("country"):
        query["country"] = filters["country"].upper()
    if filters.get("language"):
        query["languages"] = filters["language"]
    starts: dict = {}
    if filters.get("starts_after") is not None:
        starts["$gte"] = filters["starts_after"]
    if filters.get("starts_before") is not None:
        starts["$lt"] = filters["starts_before"]
    if starts:
        query["starts_at"] = starts
    return query
