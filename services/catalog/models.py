"""How the catalog keeps its state in its own database, `maillage_catalog`."""

from mongoengine import DateTimeField, Document, IntField, ListField, StringField

DB_ALIAS = "catalog"


class OrganizationReplica(Document):
    """A partner organization as the catalog knows it (see replica.py)."""

    meta = {"db_alias": DB_ALIAS, "collection": "organizations"}

    id = StringField(primary_key=True)
    name = StringField()
    country = StringField()
    city = StringField()
    region = StringField()
    sectors = ListField(StringField())
    language = StringField()
    status = StringField(required=True)
    revision = IntField(required=True)
    updated_at = DateTimeField()
