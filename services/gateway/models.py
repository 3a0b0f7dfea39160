"""The gateway's own database, `maillage_gateway`: API credentials."""

from bson import ObjectId
from mongoengine import DateTimeField, Document, StringField

DB_ALIAS = "gateway"


class ApiKeyDocument(Document):
    meta = {
        "db_alias": DB_ALIAS,
        "collection": "api_keys",
        "indexes": [{"fields": ["organization_id"], "name": "by_organization"}],
    }

    id = StringField(primary_key=True, default=lambda: str(ObjectId()))
    organization_id = StringField(required=True)
    secret_hash = StringField(required=True)
    created_at = DateTimeField(required=True)
    revoked_at = DateTimeField()
