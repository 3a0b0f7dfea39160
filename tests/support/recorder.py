"""A small producer and consumer pair for testing the shared event path on its own.

`noter` saves Note aggregates with a `note.taken` event through the outbox; `recorder`
consumes them and records each effect, failing on purpose when the text asks it to.
`guarded_recorder` does the same without the ledger (`ledger=False`): its effect is an
insert under the event's id, which a repeat cannot make twice.
"""

from dataclasses import dataclass

from bson import ObjectId
from mongoengine import StringField
from pymongo.errors import DuplicateKeyError

from shared.contract.declared_events import DomainEvent, event
from shared.contract.events import Event, registry
from shared.messaging.consumer import consumes
from shared.messaging.rpc import rpc
from shared.runtime.correlation import CorrelationId
from shared.service.store import Store
from shared.storage import mongo
from shared.storage.outbox import Aggregate
from shared.storage.repository import Repository


def note_v1_to_v2(payload: dict) -> dict:  # v1 called the text "message"
    return {"note_id": payload["note_id"], "text": payload["message"]}


@event("note.taken", 2, upcasters={1: note_v1_to_v2})
@dataclass(frozen=True)
class NoteTaken(DomainEvent):
    note_id: str
    text: str


class Note(Aggregate):
    meta = {"db_alias": "noter", "collection": "notes"}
    id = StringField(primary_key=True, default=lambda: str(ObjectId()))
    text = StringField(required=True)


class NoteRepository(Repository[Note]):
    """A note is its own domain object: the document needs no mapping."""

    document = Note
    noun = "note"


class NoterService:
    name = "noter"
    correlation_id = CorrelationId()
    store = Store(notes=NoteRepository)

    @rpc
    def take_note(self, text: str) -> str:
        note = Note(text=text)
        self.store.notes.add(note, NoteTaken(note.id, text))
        return note.id


class RecorderService:
    name = "recorder"
    correlation_id = CorrelationId()

    @consumes("note.taken", queue="notes")
    def record(self, event: Event) -> None:
        mongo.connect(self.name).effects.insert_one(effect_of(self.name, event))


class GuardedRecorderService:
    name = "guarded_recorder"
    correlation_id = CorrelationId()

    @consumes("note.taken", queue="notes", ledger=False)
    def record(self, event: Event) -> None:
        try:
            mongo.connect(self.name).effects.insert_one(
                {"_id": event.id, **effect_of(self.name, event)})
        except DuplicateKeyError:
            pass  # recorded before: a repeat changes nothing


def effect_of(service: str, event: Event) -> dict:
    """The effect a recorder writes, once it counted this attempt and failed if the text
    says so."""
    db = mongo.connect(service)
    attempt = db.attempts.find_one_and_update(
        {"_id": event.id}, {"$inc": {"count": 1}}, upsert=True, return_document=True
    )["count"]
    text = event.payload["text"]
    fixed = db.switches.find_one({"_id": "fixed"}) is not None
    if (text == "fail always" or (text == "fail twice" and attempt <= 2)
            or (text == "fail until fixed" and not fixed)):
        raise RuntimeError(f"failing on purpose ({text}, attempt {attempt})")
    return {"event_id": event.id, "note_id": event.payload["note_id"], "text": text,
            "correlation_id": event.correlation_id}


def fix_the_bug() -> None:
    mongo.connect("recorder").switches.insert_one({"_id": "fixed"})


def effects(text: str | None = None, service: str = "recorder") -> list[dict]:
    query = {} if text is None else {"text": text}
    return list(mongo.connect(service).effects.find(query))


def attempts(event_id: str, service: str = "recorder") -> int:
    entry = mongo.connect(service).attempts.find_one({"_id": event_id})
    return entry["count"] if entry else 0


def ledger_entry(event_id: str) -> dict | None:
    return mongo.connect("recorder").processed_events.find_one(
        {"_id": f"recorder.notes:{event_id}"}
    )


def note_event(text: str, version: int = 2) -> Event:
    event = registry.new_event("note.taken", {"note_id": str(ObjectId()), "text": text},
                               producer="tests", correlation_id="test-correlation")
    if version == 1:
        event = Event(**{**event.__dict__, "version": 1,
                         "payload": {"note_id": event.payload["note_id"], "message": text}})
    return event
