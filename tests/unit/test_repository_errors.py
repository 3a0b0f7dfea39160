"""Which unique index a write violated, as MongoDB and the local server say it, so that a
repository can answer with the domain's error for it."""

from pymongo.errors import DuplicateKeyError

from shared.storage.repository import index_of


def test_the_violated_index_is_read_from_the_servers_message():
    mongodb = DuplicateKeyError(
        "E11000 duplicate key error collection: maillage_partnerships.organizations index: "
        "one_name_per_country dup key: { name_key: \"awa\", country: \"SN\" }", 11000,
        {"errmsg": "E11000 duplicate key error collection: maillage_partnerships.organizations"
                   " index: one_name_per_country dup key: { name_key: \"awa\" }"})
    assert index_of(mongodb) == "one_name_per_country"


def test_a_message_without_an_index_names_none():
    assert index_of(DuplicateKeyError("E11000 duplicate key error", 11000)) == ""
