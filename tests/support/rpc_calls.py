"""RPC calls as separate clients make them: each through a proxy of its own."""

from nameko.standalone.rpc import ServiceRpcProxy

from services.partnerships.contract.errors import IllegalTransition
from shared.storage import requests
from tests.support.concurrency import at_once


def rpc_call(config: dict, service: str, method: str, *args, request_id: str | None = None):
    """One call to `service`; with `request_id` in its context, as the gateway sends a
    request (the same id again is a redelivery of it, or a client's retry)."""
    context = {requests.CONTEXT_KEY: request_id} if request_id is not None else None
    with ServiceRpcProxy(service, config, context_data=context) as proxy:
        return getattr(proxy, method)(*args)


def concurrently(config: dict, *calls: tuple, service: str = "partnerships") -> list[str]:
    """Commands (method, *args) sent at the same time by separate clients: the statuses
    they answered, sorted, with "refused" for each illegal transition."""
    def status(method: str, *args) -> str:
        try:
            return rpc_call(config, service, method, *args)["status"]
        except IllegalTransition:
            return "refused"
    return sorted(at_once(*[lambda call=call: status(*call) for call in calls]))
