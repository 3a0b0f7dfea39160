"""Every service's connection asks for majority-acknowledged writes, unless its URI says
otherwise; the local Mongo-wire server accepts them."""

import pytest
from pymongo import WriteConcern

from shared.storage import mongo

pytestmark = pytest.mark.integration


def test_a_service_writes_with_majority_acknowledgement(isolated_env):
    database = mongo.connect("partnerships")

    database.probe.insert_one({"_id": "written"})

    assert database.client.write_concern == WriteConcern(w="majority")
    assert database.probe.find_one({"_id": "written"}) == {"_id": "written"}


def test_a_write_concern_in_the_uri_wins(isolated_env, monkeypatch, mongo_uri):
    monkeypatch.setenv("MONGODB_URI", f"{mongo_uri}?w=1&journal=true")
    database = mongo.connect("catalog")
    assert database.client.write_concern == WriteConcern(w=1, j=True)


@pytest.mark.parametrize("uri, concern", [
    ("mongodb://127.0.0.1:27017/", {"w": "majority"}),
    ("mongodb://a:27017,b:27017/?replicaSet=rs0", {"w": "majority"}),
    ("mongodb://a:27017/?replicaSet=rs0&W=2", {}),
])
def test_only_a_uri_without_w_gets_majority(uri, concern):
    assert mongo.write_concern(uri) == concern
