"""The gateway's own database, `maillage_gateway`: API credentials, and the first answers to
writes sent with an Idempotency-Key."""

from bson import ObjectId
from mongoengine import DateTimeField, Document, IntField, StringField

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


class IdempotencyRecord(Document):
    """One caller's use of one Idempotency-Key (services/gateway/idempotency.py).

    `state` is "in_progress" while an attempt holds it (`owner`, until `lease_until`),
    "released" when an attempt ended without a final answer (a 5xx: the retry runs the same
    request again, with the same `request_id`), "completed" once the final answer
    (`status`, `body`) is stored. MongoDB deletes a record after `expires_at` (TTL index);
    the gateway also treats an expired record as absent, as the local server never deletes.
    """

    meta = {
        "db_alias": DB_ALIAS,
        "collection": "idempotency_records",
        "indexes": [{"fields": ["expires_at"], "expireAfterSeconds": 0, "name": "expired"}],
    }

    id = StringField(primary_key=True)  # a hash of the caller's scope and the key
    fingerprint = StringField(required=True)  # a hash of method, path and body
    request_id = StringField(required=True)  # what the services record (shared/storage/requests.py)
    state = StringField(required=True, choices=("in_progress", "released", "completed"))
    owner = StringField()
    lease_until = DateTimeField()
    status = IntField()
    body = StringField()
    content_type = StringField()
    created_at = DateTimeField(required=True)
    expires_at = DateTimeField(required=True)
