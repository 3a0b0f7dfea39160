"""How partnerships keeps its state in its own database, `maillage_partnerships`."""

import dataclasses

from bson import ObjectId
from mongoengine import DateTimeField, EmailField, ListField, StringField

from services.partnerships.domain import Organization, OrganizationStatus, Region
from shared.outbox import Aggregate

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

    def to_domain(self) -> Organization:
        values = {f.name: self[f.name] for f in dataclasses.fields(Organization)}
        values.update(
            region=Region(self.region), status=OrganizationStatus(self.status),
            sectors=list(self.sectors),
        )
        return Organization(**values)

    @classmethod
    def from_domain(cls, organization: Organization) -> "OrganizationDocument":
        values = dataclasses.asdict(organization)
        values.update(region=str(organization.region), status=str(organization.status))
        return cls(**values)
