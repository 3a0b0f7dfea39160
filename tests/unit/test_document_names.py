"""mongoengine keeps one registry of document classes by class name, process-wide: two services'
documents of one name (both an `OrganizationReplica`) make it forget one of them, whose cached
collection then outlives its connection ("Cannot use MongoClient after close" once a process
reconnects, as every test does). Each document class name is therefore unique across services."""

import importlib
from collections import Counter
from pathlib import Path

from mongoengine import Document, EmbeddedDocument

ROOT = Path(__file__).resolve().parents[2]


def document_classes() -> list[type]:
    found = []
    for models in sorted(ROOT.glob("services/*/models.py")):
        module = importlib.import_module(f"services.{models.parent.name}.models")
        found += [value for value in vars(module).values()
                  if isinstance(value, type) and issubclass(value, Document | EmbeddedDocument)
                  and value.__module__ == module.__name__]
    return found


def test_every_document_class_name_is_unique_across_services():
    names = Counter(cls.__name__ for cls in document_classes())
    assert [name for name, count in names.items() if count > 1] == []
    assert len(names) > 5  # every service's models were found
