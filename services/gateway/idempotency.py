"""`Idempotency-Key` on every POST, PUT, PATCH and DELETE: a client that got no answer (a
timeout, a dropped connection, a 5xx) sends the same request again with the same key and
gets the answer of the first, never a second effect.

- Keys belong to a caller (the operator, a partner organization, or a public client's
  address): two callers never see each other's answers.
- The same key, method, path and body (byte for byte) return the first final answer, status
  and body (`Idempotent-Replayed: true`). The same key for another request → 422
  IDEMPOTENCY_KEY_REUSED. While the first is still being answered → 409 REQUEST_IN_PROGRESS
  with `Retry-After` (we do not hold the connection open waiting for it).
- Final answers are 2xx and 4xx. A 5xx (a service down, an RPC timeout: the work may be done
  or not), a 429 or a "keeps changing" conflict is not kept: the retry runs the request again,
  under the same request id, which the services recognise (shared/storage/requests.py) and answer
  from what the first attempt stored. That is how a write committed by a process killed
  before it replied reaches its client: as the first answer, on retry.
- Records expire after IDEMPOTENCY_KEY_TTL_HOURS (24 by default).
"""

import hashlib
import logging
import re
from collections.abc import Callable

from nameko.extensions import DependencyProvider
from werkzeug.wrappers import Request, Response

from services.gateway import idempotency_records as records
from services.gateway.auth import Caller, Role
from services.gateway.client_address import client_address, trusted_networks
from services.gateway.errors import error_response, json_response
from services.gateway.models import DB_ALIAS, IdempotencyRecord
from shared.contract.errors import ConcurrentModification, InvalidInput, MaillageError
from shared.runtime import config
from shared.storage import mongo, requests

log = logging.getLogger(__name__)
HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_key_format = re.compile(r"^[\x20-\x7e]{1,255}$")
NOT_KEPT_STATUSES = frozenset({408, 429})


class InvalidIdempotencyKey(InvalidInput):
    code = "INVALID_IDEMPOTENCY_KEY"


def scope_of(caller: Caller, request: Request) -> str:
    if caller.role is Role.OPERATOR:
        return "operator"
    if caller.organization_id:
        return f"organization:{caller.organization_id}"
    address = client_address(request.remote_addr, request.headers.get("X-Forwarded-For"),
                             trusted_networks(config.load().trusted_proxies))  # as rate limits do
    return f"address:{address}"


def record_id(scope: str, key: str) -> str:
    if not _key_format.match(key):
        raise InvalidIdempotencyKey("the Idempotency-Key is not valid",
                                    {HEADER: ["1 to 255 printable ASCII characters"]})
    return _digest(scope.encode(), key.encode())


def fingerprint(request: Request) -> str:
    return _digest(request.method.encode(), request.path.encode(), request.query_string,
                   request.get_data())


def _digest(*parts: bytes) -> str:
    """A hash of the parts that no other split of the same bytes gives."""
    return hashlib.sha256(b"".join(hashlib.sha256(p).digest() for p in parts)).hexdigest()


def as_response(result, default_status: int) -> Response:
    """A route's result as the response ApiRoute would make of it."""
    if isinstance(result, Response):
        return result
    status, body = result if isinstance(result, tuple) else (default_status, result)
    return json_response(status, body)


def is_final(response: Response, error: MaillageError | None = None) -> bool:
    status = response.status_code
    return (status < 500 and status not in NOT_KEPT_STATUSES
            and not isinstance(error, ConcurrentModification))


def replay(record: IdempotencyRecord) -> Response:
    return Response(record.body, status=record.status, mimetype=record.content_type,
                    headers={REPLAYED_HEADER: "true"})


class IdempotencyGuard:
    """A gateway worker's side of its request's Idempotency-Key."""

    def __init__(self, worker_ctx):
        self._worker_ctx = worker_ctx

    def once(self, caller: Caller, request: Request, default_status: int,
             produce: Callable[[], object]):
        """`produce()`'s result, or the first answer to this request if it has one."""
        key = request.headers.get(HEADER)
        if key is None or request.method not in WRITE_METHODS:
            return produce()
        found = records.claim(record_id(scope_of(caller, request), key), fingerprint(request))
        if isinstance(found, IdempotencyRecord):
            return replay(found)
        requests.assign(self._worker_ctx, found.request_id)
        try:
            response = as_response(produce(), default_status)
        except MaillageError as error:
            answer = error_response(error)
            records.settle(found, answer, is_final(answer, error))
            raise
        except BaseException:
            records.settle(found, None, final=False)
            raise
        records.settle(found, response, is_final(response))
        return response


class IdempotentRequests(DependencyProvider):
    """`idempotency = IdempotentRequests()` on the gateway. Every worker's RPC calls carry a
    request id: a fresh one, or the one stored for the request's Idempotency-Key."""

    def setup(self) -> None:
        mongo.connect(DB_ALIAS)
        IdempotencyRecord.ensure_indexes()

    def worker_setup(self, worker_ctx) -> None:
        if requests.of_worker(worker_ctx) is None:
            requests.assign(worker_ctx, requests.new_id())

    def get_dependency(self, worker_ctx) -> IdempotencyGuard:
        return IdempotencyGuard(worker_ctx)
