"""How partnerships keeps its state in its own database, `maillage_partnerships`: the
documents and their indexes (repositories.py maps them to and from the domain)."""

from bson import ObjectId
from mongoengine import (
    DateField,
    DateTimeField,
    EmailField,
    EmbeddedDocument,
    EmbeddedDocumentListField,
    IntField,
    ListField,
    StringField,
)

from services.partnerships.contract.organizations import OrganizationStatus, Region
from services.partnerships.contract.partnerships import (
    ActivityKind,
    PartnershipKind,
    PartnershipStatus,
)
from shared.storage.outbox import Aggregate

DB_ALIAS = "partnerships"


def new_id() -> str:
    return str(ObjectId())  # grows with time: list endpoints page by id


class OrganizationDocument(Aggregate):
    meta = {
        "db_alias": DB_ALIAS,
        "collection": "organizations",
        "indexes": [
            {"fields": ["name_key", "country"], "unique": True, "name": "one_name_per_country"},
            {"fields": ["status", "region", "country"], "name": "public_listing"},
            {"fields": ["sectors"], "name": "by_sector"},
        ],
    }

    id = StringField(primary_key=True, default=new_id)
    name = StringField(required=True)
    name_key = StringField(required=True)
    country = StringField(required=True)
    city = StringField(required=True)
    region = StringField(required=True, choices=[r.value for r in Region])
    sectors = ListField(StringField())
    contact_email = EmailField(required=True)
    language = StringField(required=True)
    website = StringField()
    description = StringField()
    status = StringField(required=True, choices=[s.value for s in OrganizationStatus])
    registered_at = DateTimeField(required=True)
    verified_at = DateTimeField()
    suspended_at = DateTimeField()
    suspension_reason = StringField()


class ActivityRecord(EmbeddedDocument):
    id = StringField(required=True)
    title = StringField(required=True)
    kind = StringField(required=True, choices=[k.value for k in ActivityKind])
    date = DateField(required=True)
    summary = StringField()
    participants_count = IntField(min_value=0)
    recorded_by = StringField(required=True)
    recorded_at = DateTimeField(required=True)


class PartnershipDocument(Aggregate):
    meta = {
        "db_alias": DB_ALIAS,
        "collection": "partnerships",
        "indexes": [
            # at most one proposed-or-active partnership per pair and kind (see domain)
            {"fields": ["open_pair_key"], "unique": True, "sparse": True, "name": "one_open_per_pair"},
            {"fields": ["proposer_id", "status"], "name": "by_proposer"},
            {"fields": ["partner_id", "status"], "name": "by_partner"},
            {"fields": ["focus_areas"], "name": "by_focus_area"},
        ],
    }

    id = StringField(primary_key=True, default=new_id)
    proposer_id = StringField(required=True)
    partner_id = StringField(required=True)
    kind = StringField(required=True, choices=[k.value for k in PartnershipKind])
    focus_areas = ListField(StringField())
    description = StringField(required=True)
    starts_on = DateField(required=True)
    ends_on = DateField()
    status = StringField(required=True, choices=[s.value for s in PartnershipStatus])
    open_pair_key = StringField()
    proposed_at = DateTimeField(required=True)
    accepted_at = DateTimeField()
    declined_at = DateTimeField()
    ended_at = DateTimeField()
    ended_by = StringField()
    activities = EmbeddedDocumentListField(ActivityRecord)
