"""One way to reach MongoDB: each service gets its own database, `<prefix><service>`.

mongoengine documents of a service name their connection alias after the service
(`meta = {"db_alias": "catalog"}`), so several services can share one test process without
ever touching each other's data.
"""

from collections.abc import Iterable
from urllib.parse import parse_qs, urlsplit

import mongoengine
from mongoengine.connection import ConnectionFailure
from nameko.extensions import DependencyProvider
from pymongo.database import Database

from shared.runtime import config


def database_name(service: str) -> str:
    return f"{config.load().mongodb_db_prefix}{service}"


def write_concern(uri: str) -> dict:
    """`w: "majority"` unless the URI sets `w` itself. An acknowledged write is then held by a
    majority of a replica set and survives a failover (a write only a minority held is rolled
    back); a standalone mongod and our local Mongo-wire server accept it too (the latter
    ignores write concerns: its durability is its own, see deploy/local/)."""
    options = {name.lower() for name in parse_qs(urlsplit(uri).query)}
    return {} if "w" in options else {"w": "majority"}


def connect(service: str) -> Database:
    """Registers the service's connection alias once and returns its pymongo database."""
    try:
        return mongoengine.get_db(alias=service)
    except ConnectionFailure:
        uri = config.load().mongodb_uri
        mongoengine.register_connection(
            alias=service,
            db=database_name(service),
            host=uri,
            tz_aware=True,  # our local server returns naive datetimes; we store UTC only
            serverSelectionTimeoutMS=5000,
            connectTimeoutMS=5000,
            **write_concern(uri),
        )
        return mongoengine.get_db(alias=service)


def disconnect(service: str) -> None:
    mongoengine.disconnect(alias=service)


def ping(service: str) -> bool:
    try:
        connect(service).command("ping")
        return True
    except Exception:  # any failure means "not reachable" to a health check
        return False


class MongoDatabase(DependencyProvider):
    """Connects the service to its database and makes sure its documents' indexes exist.

    Injects the pymongo `Database` for the rare raw operation; documents use mongoengine.
    """

    def __init__(self, documents: Iterable[type[mongoengine.Document]] = ()):
        self.documents = tuple(documents)

    def setup(self) -> None:
        service = self.container.service_name
        connect(service)
        for document in self.documents:
            assert document._meta.get("db_alias") == service, (
                f"{document.__name__} must use db_alias={service!r}"
            )
            document.ensure_indexes()

    def get_dependency(self, worker_ctx) -> Database:
        return connect(self.container.service_name)
