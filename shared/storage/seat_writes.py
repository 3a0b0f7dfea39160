"""The steps of shared/rules/seating.py, each written as one conditional update.

The condition holds only while what the step was decided on still holds, so the database
refuses a step on a place that moved meanwhile, and `Repository.take_step` decides it again:

| step | condition | update |
|---|---|---|
| join, seated | key not in, holder absent, seats left > 0 | holder set, key pushed, left - 1 |
| join, queued | key not in, holder absent, left <= 0, queue below its limit | holder set, key and id pushed |
| join, held | key not in, holder absent | holder set, key pushed |
| leave a seat, nobody waiting | holder seated, queue empty | status, key pulled, left + 1 |
| leave a seat, promoting | holder seated, queue.0 the promoted | status, promoted seated, key pulled, pop |
| leave the queue / a hold | holder queued / held | status, key pulled (id pulled from the queue) |
| approve | holder held, left > 0 | holder seated, left - 1 |
| close all | exactly those holders still in | each one's status, queue and keys emptied, left + freed |
| resize | left >= -delta; promoting: left and queue as decided | left moved, first ones seated |

Besides the status, a leaving holder gets `<status>_at` (cancelled_at, rejected_at), a
promoted one `promoted_at`, an approved one `approved_at`. A service adds its own condition
(the place is open) and changes (its own status) beside these.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from shared.rules.seating import Approve, CloseAll, Join, Leave, Place, Resize, SeatStep

Write = tuple[dict, dict]  # (condition, update operators)


@dataclass(frozen=True)
class SeatFields:
    """Where a place's document keeps its seating, and how it spells each place."""

    holders: str  # the map of holders by id: "enrollments", "registrations"
    statuses: Mapping[Place, str]  # the stored status of each place but OUT
    record: Callable[[Any], dict]  # a holder as stored, its status included
    queue_limit: int
    left: str = "seats_left"
    queue: str = "waitlist"
    keys: str = "active_emails"

    def status(self, holder_id: str) -> str:
        return f"{self.holders}.{holder_id}.status"

    def holder(self, holder_id: str, attribute: str) -> str:
        return f"{self.holders}.{holder_id}.{attribute}"


def seat_write(step: SeatStep, fields: SeatFields) -> Write:
    match step:
        case Join():
            return _join(step, fields)
        case Leave():
            return _leave(step, fields)
        case Approve(holder_id=holder_id, at=at):
            return ({fields.status(holder_id): fields.statuses[Place.HELD], fields.left: {"$gt": 0}},
                    {"$set": {fields.status(holder_id): fields.statuses[Place.SEATED],
                              fields.holder(holder_id, "approved_at"): at},
                     "$inc": {fields.left: -1}})
        case CloseAll():
            return _close_all(step, fields)
        case Resize():
            return _resize(step, fields)
    raise TypeError(f"no seat write for {step!r}")


def _join(step: Join, fields: SeatFields) -> Write:
    condition: dict = {fields.keys: {"$ne": step.key},
                       f"{fields.holders}.{step.holder_id}": {"$exists": False}}
    update: dict = {"$set": {f"{fields.holders}.{step.holder_id}": fields.record(step.holder)},
                    "$push": {fields.keys: step.key}}
    if step.place is Place.SEATED:
        condition[fields.left] = {"$gt": 0}
        update["$inc"] = {fields.left: -1}
    elif step.place is Place.QUEUED:
        condition[fields.left] = {"$lte": 0}
        condition[f"{fields.queue}.{fields.queue_limit - 1}"] = {"$exists": False}
        update["$push"][fields.queue] = step.holder_id
    return condition, update


def _leave(step: Leave, fields: SeatFields) -> Write:
    x = step.holder_id
    condition: dict = {fields.status(x): fields.statuses[step.was]}
    update: dict = {"$set": {fields.status(x): step.status,
                             fields.holder(x, f"{step.status}_at"): step.at},
                    "$pull": {fields.keys: step.key}}
    if step.was is Place.QUEUED:
        update["$pull"][fields.queue] = x
    elif step.was is Place.SEATED and step.promoted_id is None:
        condition[f"{fields.queue}.0"] = {"$exists": False}
        update["$inc"] = {fields.left: 1}
    elif step.was is Place.SEATED:  # the first waiting takes the seat
        w = str(step.promoted_id)
        condition[f"{fields.queue}.0"] = w
        update["$set"].update({fields.status(w): fields.statuses[Place.SEATED],
                               fields.holder(w, "promoted_at"): step.at})
        update["$pop"] = {fields.queue: -1}
    return condition, update


def _close_all(step: CloseAll, fields: SeatFields) -> Write:
    changes: dict = {fields.queue: [], fields.keys: []}
    for holder_id in step.holder_ids:
        changes[fields.status(holder_id)] = step.status
        changes[fields.holder(holder_id, f"{step.status}_at")] = step.at
    still_in = list(fields.statuses.values())
    # every holder in when decided is still in, and nobody else came in since
    condition: dict = {fields.keys: {"$size": len(step.holder_ids)},
                       **{fields.status(h): {"$in": still_in} for h in step.holder_ids}}
    return condition, {"$set": changes, "$inc": {fields.left: step.freed_seats}}


def _resize(step: Resize, fields: SeatFields) -> Write:
    promoted = len(step.promoted_ids)
    update: dict = {"$inc": {fields.left: step.delta - promoted}}
    if not promoted:  # no one waiting may have come meanwhile to take a freed seat
        return ({fields.left: {"$gte": -step.delta}, f"{fields.queue}.0": {"$exists": False}}
                if step.delta > 0 else {fields.left: {"$gte": -step.delta}}), update
    update["$set"] = {fields.queue: list(step.queue[promoted:])}
    for holder_id in step.promoted_ids:
        update["$set"].update({fields.status(holder_id): fields.statuses[Place.SEATED],
                               fields.holder(holder_id, "promoted_at"): step.at})
    return {fields.left: step.left, fields.queue: list(step.queue)}, update
