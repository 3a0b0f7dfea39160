"""How the catalog keeps its state in its own database, `maillage_catalog`: the documents and
their indexes (repositories.py maps them to and from the domain; docs/catalog.md says why a
session holds its enrollments)."""

from bson import ObjectId
from mongoengine import (
    BooleanField,
    DateTimeField,
    EmailField,
    EmbeddedDocument,
    EmbeddedDocumentField,
    IntField,
    ListField,
    MapField,
    StringField,
)

from services.catalog.contract.trainings import (
    Category,
    EnrollmentStatus,
    Language,
    SessionStatus,
    TrainingStatus,
)
from shared.storage.organization_replicas import OrganizationReplicaDocument
from shared.storage.outbox import Aggregate

DB_ALIAS = "catalog"


def new_id() -> str:
    return str(ObjectId())  # grows with time: list endpoints page by id


class OrganizationReplica(OrganizationReplicaDocument):
    """A partner organization as the catalog knows it (shared/storage/organization_replicas.py)."""

    meta = {"db_alias": DB_ALIAS, "collection": "organizations"}


class TrainingDocument(Aggregate):
    meta = {
        "db_alias": DB_ALIAS,
        "collection": "trainings",
        "indexes": [
            {"fields": ["search_terms"], "name": "by_search_term"},
            {"fields": ["status", "organization_listed", "category"], "name": "public_listing"},
            {"fields": ["organization_id", "organization_revision"], "name": "by_organization"},
        ],
    }

    id = StringField(primary_key=True, default=new_id)
    organization_id = StringField(required=True)
    title = StringField(required=True)
    description = StringField(required=True)
    category = StringField(required=True, choices=[c.value for c in Category])
    languages = ListField(StringField(choices=[lang.value for lang in Language]))
    audience = StringField()
    prerequisites = StringField()
    tags = ListField(StringField())
    search_terms = ListField(StringField())
    status = StringField(required=True, choices=[s.value for s in TrainingStatus])
    created_at = DateTimeField(required=True)
    published_at = DateTimeField()
    organization_listed = BooleanField(default=True)
    organization_revision = IntField(default=0)  # of the last organization.* event applied


class EnrollmentRecord(EmbeddedDocument):
    name = StringField(required=True)
    email = EmailField(required=True)
    email_key = StringField(required=True)
    language = StringField(required=True, choices=[lang.value for lang in Language])
    phone = StringField()
    token_hash = StringField(required=True)
    status = StringField(required=True, choices=[s.value for s in EnrollmentStatus])
    enrolled_at = DateTimeField(required=True)
    promoted_at = DateTimeField()
    cancelled_at = DateTimeField()
    attended = BooleanField()
    completed = BooleanField()


class SessionDocument(Aggregate):
    meta = {
        "db_alias": DB_ALIAS,
        "collection": "sessions",
        "indexes": [
            {"fields": ["training_id", "starts_at"], "name": "by_training"},
            {"fields": ["status", "city_key", "starts_at"], "name": "open_sessions"},
        ],
    }

    id = StringField(primary_key=True, default=new_id)
    training_id = StringField(required=True)
    organization_id = StringField(required=True)
    training_title = StringField(required=True)
    starts_at = DateTimeField(required=True)
    ends_at = DateTimeField(required=True)
    closes_at = DateTimeField(required=True)
    capacity = IntField(required=True, min_value=1)
    city = StringField()
    city_key = StringField()  # the city as searched: listing.city_key
    address = StringField()
    online_url = StringField()
    status = StringField(required=True, choices=[s.value for s in SessionStatus])
    seats_left = IntField(required=True)  # capacity - confirmed, kept by every step's write
    enrollments = MapField(EmbeddedDocumentField(EnrollmentRecord))
    waitlist = ListField(StringField())  # enrollment ids, first come first served
    active_emails = ListField(StringField())  # email keys enrolled and not cancelled
