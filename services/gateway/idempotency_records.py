"""The records behind Idempotency-Key (services/gateway/idempotency.py), each state change
one conditional single-document write, so that concurrent attempts with one key agree on
who runs the request and which answer is kept.

    (none) ──claim──▶ in_progress ──final answer──▶ completed   (replayed until it expires)
                         │    ▲
              5xx, crash │    │ claim (same request id), or a lease run out
                         ▼    │
                        released
"""

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from mongoengine import NotUniqueError
from werkzeug.wrappers import Response

from services.gateway.models import IdempotencyRecord
from shared.contract.errors import Conflict, InvalidInput
from shared.runtime import clock, config
from shared.storage import requests

log = logging.getLogger(__name__)
IN_PROGRESS, RELEASED, COMPLETED = "in_progress", "released", "completed"
CLAIM_ATTEMPTS = 3
# An attempt makes at most a few RPC calls, each bounded by RPC_TIMEOUT_SECONDS; past this, the
# gateway process that held the key is taken for dead and a retry may run the request.
LEASE_IN_RPC_TIMEOUTS = 3


class IdempotencyKeyReused(InvalidInput):
    code = "IDEMPOTENCY_KEY_REUSED"


class RequestInProgress(Conflict):
    code = "REQUEST_IN_PROGRESS"
    retry_after_seconds = 1


@dataclass(frozen=True)
class Claim:
    """The right of one attempt to run a request and keep its answer."""

    record_id: str
    owner: str
    request_id: str


def claim(record_id: str, fingerprint: str) -> Claim | IdempotencyRecord:
    """A claim to run the request, or its completed record (to replay); IdempotencyKeyReused
    for another request under this key, RequestInProgress while an attempt holds it."""
    for _ in range(CLAIM_ATTEMPTS):
        owner, now = requests.new_id(), clock.now()
        if (started := _start(record_id, fingerprint, owner, now)) is not None:
            return started
        record = IdempotencyRecord.objects(pk=record_id).first()
        if record is None:
            continue  # expired and deleted meanwhile
        if _utc(record.expires_at) <= now:
            IdempotencyRecord.objects(pk=record_id, request_id=record.request_id).delete()
            continue
        if record.fingerprint != fingerprint:
            raise IdempotencyKeyReused("this Idempotency-Key was used for another request",
                                       {"Idempotency-Key": ["already used for another request"]})
        if record.state == COMPLETED:
            return record
        if record.state == IN_PROGRESS and _utc(record.lease_until) > now:
            break
        if _taken_over(record, owner, now):
            return Claim(record_id, owner, record.request_id)
    raise RequestInProgress("a request with this Idempotency-Key is being answered; retry")


def settle(claim: Claim, answer: Response | None, final: bool) -> None:
    """Keeps a final answer; otherwise lets a retry run the request again (same request id).
    A failure here only delays a retry until the lease runs out: the answer still goes out."""
    held = IdempotencyRecord.objects(pk=claim.record_id, owner=claim.owner, state=IN_PROGRESS)
    try:
        if final and answer is not None:
            held.update_one(set__state=COMPLETED, set__status=answer.status_code,
                            set__body=answer.get_data(as_text=True),
                            set__content_type=answer.mimetype)
        else:
            held.update_one(set__state=RELEASED)
    except Exception:  # the database is down: the answer still goes out
        log.exception("could not settle the Idempotency-Key record %s", claim.record_id)


def _start(record_id: str, fingerprint: str, owner: str, now: datetime) -> Claim | None:
    hours = config.load().idempotency_key_ttl_hours
    record = IdempotencyRecord(
        id=record_id, fingerprint=fingerprint, request_id=requests.new_id(), state=IN_PROGRESS,
        owner=owner, lease_until=now + _lease(), created_at=now,
        expires_at=now + timedelta(hours=hours),
    )
    try:
        record.save(force_insert=True)
    except NotUniqueError:
        return None
    return Claim(record_id, owner, record.request_id)


def _taken_over(record: IdempotencyRecord, owner: str, now: datetime) -> bool:
    return IdempotencyRecord.objects(pk=record.pk, owner=record.owner, state=record.state).update_one(
        set__state=IN_PROGRESS, set__owner=owner, set__lease_until=now + _lease()) == 1


def _lease() -> timedelta:
    return timedelta(seconds=LEASE_IN_RPC_TIMEOUTS * config.load().rpc_timeout_seconds)


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
