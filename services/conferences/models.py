"""How the conferences service keeps its state in its own database, `maillage_conferences`:
the documents and their indexes (repositories.py maps them to and from the domain;
docs/conferences.md says why a conference holds its registrations and agenda)."""

from bson import ObjectId
from mongoengine import (
    BooleanField,
    DateTimeField,
    DictField,
    EmbeddedDocument,
    EmbeddedDocumentField,
    IntField,
    ListField,
    MapField,
    StringField,
)

from services.conferences.contract.vocabulary import (
    ConferenceStatus,
    ProposalStatus,
    RegistrationStatus,
)
from shared.contract.languages import Language
from shared.storage.organization_replicas import OrganizationReplicaDocument
from shared.storage.outbox import Aggregate

DB_ALIAS = "conferences"


def new_id() -> str:
    return str(ObjectId())  # grows with time: list endpoints page by id


class KnownOrganization(OrganizationReplicaDocument):
    """A partner organization as conferences know it (shared/storage/organization_replicas.py)."""

    meta = {"db_alias": DB_ALIAS, "collection": "organizations"}


class RegistrationRecord(EmbeddedDocument):
    name = StringField(required=True)
    email = StringField(required=True)
    email_key = StringField(required=True)
    language = StringField(required=True, choices=[lang.value for lang in Language])
    organization = StringField()
    token_hash = StringField(required=True)
    status = StringField(required=True, choices=[s.value for s in RegistrationStatus])
    registered_at = DateTimeField(required=True)
    approved_at = DateTimeField()
    promoted_at = DateTimeField()
    cancelled_at = DateTimeField()
    rejected_at = DateTimeField()
    checked_in_at = DateTimeField()


class ConferenceDocument(Aggregate):
    meta = {
        "db_alias": DB_ALIAS,
        "collection": "conferences",
        "indexes": [
            {"fields": ["search_terms"], "name": "by_search_term"},
            {"fields": ["status", "organization_listed", "starts_at"], "name": "public_listing"},
            {"fields": ["organization_id", "organization_revision"], "name": "by_organization"},
        ],
    }

    id = StringField(primary_key=True, default=new_id)
    organization_id = StringField(required=True)
    co_organizer_ids = ListField(StringField())
    title = StringField(required=True)
    description = StringField(required=True)
    themes = ListField(StringField())
    starts_at = DateTimeField(required=True)
    ends_at = DateTimeField(required=True)
    time_zone = StringField(required=True)
    city = StringField()
    country = StringField()
    address = StringField()
    online_url = StringField()
    capacity = IntField(required=True, min_value=1)
    languages = ListField(StringField())
    registration_closes_at = DateTimeField(required=True)
    proposals_close_at = DateTimeField(required=True)
    requires_approval = BooleanField(default=False)
    status = StringField(required=True, choices=[s.value for s in ConferenceStatus])
    created_at = DateTimeField(required=True)
    published_at = DateTimeField()
    search_terms = ListField(StringField())
    organization_listed = BooleanField(default=False)
    organization_revision = IntField(default=0)  # of the last organization.* event applied
    layout_version = IntField(default=0)  # dates and agenda: what an agenda step is decided on
    agenda = ListField(DictField())  # items in time order: repositories.py maps them
    seats_left = IntField(required=True)  # capacity - confirmed, kept by every seat step
    registrations = MapField(EmbeddedDocumentField(RegistrationRecord))
    waitlist = ListField(StringField())  # registration ids, first come first served
    active_emails = ListField(StringField())  # email keys of registrations still in


class ProposalDocument(Aggregate):
    meta = {
        "db_alias": DB_ALIAS,
        "collection": "proposals",
        "indexes": [{"fields": ["conference_id", "organization_id"], "name": "by_conference"}],
    }

    id = StringField(primary_key=True, default=new_id)
    conference_id = StringField(required=True)
    conference_title = StringField(required=True)
    organization_id = StringField(required=True)
    title = StringField(required=True)
    abstract = StringField(required=True)
    language = StringField(required=True)
    speakers = ListField(DictField())
    status = StringField(required=True, choices=[s.value for s in ProposalStatus])
    submitted_at = DateTimeField(required=True)
    decided_at = DateTimeField()
    decided_by = StringField()
