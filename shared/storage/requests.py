"""The request id that makes a command safe to run twice.

nameko acks an RPC request only after its reply is sent, so a process killed between its
write and its reply gets the same request delivered again to the next process; a client
that never saw an answer sends it again. Each command therefore carries an id of the
request it serves: the gateway mints one per HTTP request (or reuses the one it stored for
an `Idempotency-Key`), nameko propagates it in the worker context data like the
correlation id (a redelivered message keeps its headers), and `shared.service.store.Aggregates`
records it in the same single-document write as the change, so a second run of the same
request is recognised and answered from what the first one stored.
"""

import hashlib
import uuid

CONTEXT_KEY = "request_id"


def new_id() -> str:
    return uuid.uuid4().hex


def of_worker(worker_ctx) -> str | None:
    """The id of the request this worker serves; None when its caller sent none (then a
    command is decided as if it were new, as before request ids existed)."""
    request_id = worker_ctx.data.get(CONTEXT_KEY)
    return str(request_id) if request_id else None


def assign(worker_ctx, request_id: str) -> None:
    """Makes the worker's outgoing RPC calls carry `request_id` from now on."""
    worker_ctx.data[CONTEXT_KEY] = request_id


def derived_id(request_id: str, purpose: str) -> str:
    """The same 24-hex id every time one request creates a thing for `purpose`, so that a
    redelivered command names what it creates as the first run did (an activity recorded
    inside a partnership, say) and can find it again."""
    return hashlib.sha256(f"{request_id}:{purpose}".encode()).hexdigest()[:24]
