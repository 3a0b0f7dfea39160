"""Events a service wrote but has not published yet: the entries waiting in the `outbox`
array of its aggregates (shared/storage/outbox.py), in its own database
`<MONGODB_DB_PREFIX><service>`. Read-only, as an operator's Mongo shell would."""

import os
from dataclasses import dataclass

import pymongo
from pymongo.errors import PyMongoError

WAITING = {"outbox.0": {"$exists": True}}  # a non-empty outbox


@dataclass(frozen=True)
class Backlog:
    documents: int  # aggregates with events waiting
    entries: int  # events waiting


def backlog(service: str, timeout_ms: int = 2000) -> Backlog:
    """Raises PyMongoError when the database does not answer."""
    client: pymongo.MongoClient = pymongo.MongoClient(
        os.environ.get("MONGODB_URI") or "mongodb://127.0.0.1:27017/",
        serverSelectionTimeoutMS=timeout_ms, connectTimeoutMS=timeout_ms)
    try:
        database = client[f"{os.environ.get('MONGODB_DB_PREFIX') or 'maillage_'}{service}"]
        documents = entries = 0
        for name in database.list_collection_names():
            for document in database[name].find(WAITING, {"outbox": 1}):
                documents += 1
                entries += len(document.get("outbox") or [])
        return Backlog(documents, entries)
    finally:
        client.close()


def describe(service: str) -> tuple[str, str | None]:
    """A short cell for the table, and the problem in words if the backlog is unknown."""
    try:
        waiting = backlog(service)
    except PyMongoError as exc:
        return "?", f"its database does not answer ({type(exc).__name__})"
    if waiting.entries == 0:
        return "0", None
    return f"{waiting.entries} in {waiting.documents} doc(s)", None
