"""One page of documents in id order, with the cursor of the next (shared/contract/paging.py
says what a cursor is)."""

from mongoengine import QuerySet

from shared.contract.paging import encode_cursor


def page(queryset: QuerySet, limit: int, after_id: str | None) -> tuple[list, str | None]:
    """One page of documents ordered by id, and the cursor of the next page (None at the end)."""
    if after_id is not None:
        queryset = queryset.filter(pk__gt=after_id)
    documents = list(queryset.order_by("pk").limit(limit + 1))
    if len(documents) <= limit:
        return documents, None
    documents = documents[:limit]
    return documents, encode_cursor(str(documents[-1].pk))
