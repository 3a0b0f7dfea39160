"""What a repository adds to the outbox, against the real Mongo-wire server and RabbitMQ:
one change may publish several events, each stamped with the aggregate and the revision
that one write produced."""

import pytest

from shared.messaging.rpc import rpc
from tests.support.recorder import Note, NoterService, NoteTaken
from tests.support.waiting import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.spy_on("note.*")]


class EchoingNoter(NoterService):
    """Also amends a note, and says so twice (e.g. to two audiences) in the same write."""

    @rpc
    def amend(self, note_id: str, mark: str) -> None:
        def amended(note: Note) -> list[NoteTaken]:
            note.text += mark
            return [NoteTaken(note.id, note.text), NoteTaken(note.id, f"{note.text} (copy)")]

        self.store.notes.change(note_id, amended)


def test_one_change_publishes_several_events_stamped_with_its_revision(proxy_to_running, spy):
    noter = proxy_to_running(EchoingNoter)
    note_id = noter.take_note("bonjour")
    noter.amend(note_id, "!")

    events = wait_until(lambda: (lambda e: e if len(e) == 3 else None)(spy.events()))
    stamps = sorted((e["revision"], e["payload"]["text"]) for e in events)
    assert stamps == [(1, "bonjour"), (2, "bonjour!"), (2, "bonjour! (copy)")]
    assert {e["aggregate_id"] for e in events} == {note_id}
    stored = wait_until(lambda: (lambda n: n if n.outbox == [] else None)(Note.objects.get(pk=note_id)))
    assert (stored.text, stored.revision) == ("bonjour!", 2)
