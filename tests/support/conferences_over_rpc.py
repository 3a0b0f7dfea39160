"""The conferences service in integration tests: its organizers (organizations it knows as
verified), a published conference, and its document as stored once its events are out."""

from collections.abc import Callable

from services.conferences.models import ConferenceDocument, ProposalDocument
from tests.support.catalog_over_rpc import known_organization
from tests.support.concurrency import at_once
from tests.support.conferences import conference_draft
from tests.support.rpc_calls import rpc_call
from tests.support.waiting import wait_until


def organization(config: dict) -> str:
    """An organization the conferences service knows as verified."""
    return known_organization(config, service="conferences")


def published(conferences, owner: str, **draft) -> dict:
    """A conference of `owner` (`conferences`: an RPC proxy), published."""
    created = conferences.create_conference(owner, conference_draft(**draft))
    return conferences.publish_conference(created["id"], owner)


def stored(conference_id: str) -> dict:
    """The conference's document as stored, once its outbox is empty (what the relay pulls
    from it is not a change of the conference)."""
    collection = ConferenceDocument._get_collection()
    return wait_until(lambda: (raw := collection.find_one({"_id": conference_id}))
                      and not raw["outbox"] and raw)


def stored_proposal(proposal_id: str) -> dict:
    collection = ProposalDocument._get_collection()
    return wait_until(lambda: (raw := collection.find_one({"_id": proposal_id}))
                      and not raw["outbox"] and raw)


def statuses(raw: dict) -> list[str]:
    return [r["status"] for r in raw["registrations"].values()]


def answers(config: dict, *calls: tuple) -> list:
    """Commands (method, *args) to the conferences service sent at the same time, each by a
    client of its own: what each answered, or the error it raised."""
    def answer(method: str, *args):
        try:
            return rpc_call(config, "conferences", method, *args)
        except Exception as error:  # noqa: BLE001  (the caller counts the errors it expects)
            return error
    return at_once(*[_bound(answer, call) for call in calls])


def _bound(answer: Callable, call: tuple) -> Callable:
    return lambda: answer(*call)
