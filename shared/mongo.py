"""One way to reach MongoDB: each service gets its own database, `<prefix><service>`.

mongoengine documents of a service name their connection alias after the service
(`meta = {"db_alias": "catalog"}`), so several services can share one test process without
ever touching each other's data.
"""

from collections.abc import Iterable

import mongoengine
from mongoengine.connection import ConnectionFailure
from nameko.extensions import DependencyProvider
from pymongo.database import Database

from shared import config


def database_name(service: str) -> str:
    return f"{config.load().mongodb_db_prefix}{service}"


def connect(service: str) -> Database:
    """Registers the service's connection alias once and returns its pymongo database."""
    try:
        return mongoengine.get_db(alias=service)
    except ConnectionFailure:
        mongoengine.register_connection(
            alias=service,
            db=database_name(service),
            host=config.load().mongodb_uri,
            tz_aware=True,  # our local server returns naive datetimes; we store UTC only
            serverSelectionTimeoutMS=5000,
            connectTimeoutMS=5000,
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
