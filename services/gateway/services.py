"""RPC to the services, bounded in time, with failures said plainly: a service that is not
deployed, a broker that is unreachable or a service whose database is down answer 503 (the
work was not done); a service that does not answer in time answers 504 (it may still do it).

A request needs no publisher confirm to be safe: one the broker loses is a request not
answered in time (504), as one the service loses is, and every command is safe to send again.
A confirm is what tells a service that was never deployed (its request queue does not exist,
the broker returns the request: 503 at once, not 504 after the timeout), so requests to a
service are confirmed until one reached its queue, then sent without waiting for the broker,
until a call to it times out or fails on the way (the queue may be gone: confirm again).
The queue is durable: a service stopped keeps it, and its requests wait there for it."""

import eventlet
from nameko.exceptions import UnknownService
from nameko.rpc import RpcProxy

from services.gateway.errors import ServiceTimeout, ServiceUnavailable, dependency_failure
from shared.messaging.rpc import AcklessReplyListener, UnconfirmedServiceProxy
from shared.runtime import config, metrics

# nameko retries a publish 3 times, a second apart: 3 s before a client hears that the broker is
# unreachable. Two quick retries still ride out a dropped connection (kombu reconnects on the
# first), then the client gets its 503 and Retry-After well within the RPC timeout.
PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5,
                        "interval_max": 0.5}


class Route:
    """Whether requests to one service are known to reach its queue (shared by the workers)."""

    def __init__(self) -> None:
        self.known = False


class TimedService:
    def __init__(self, service_name: str, confirmed, unconfirmed, timeout: float, route: Route):
        self._service_name, self._timeout, self._route = service_name, timeout, route
        self._confirmed, self._unconfirmed = confirmed, unconfirmed

    def with_timeout(self, seconds: float) -> "TimedService":
        return TimedService(self._service_name, self._confirmed, self._unconfirmed, seconds,
                            self._route)

    def __getattr__(self, method_name: str):
        def call(*args, **kwargs):
            late = ServiceTimeout(
                f"the {self._service_name} service did not answer within {self._timeout:g} s")
            timed = metrics.timed(metrics.RPC_CLIENT_SECONDS, self._service_name, method_name)
            proxy = self._unconfirmed if self._route.known else self._confirmed
            try:
                with timed, eventlet.Timeout(self._timeout, late):
                    reply = getattr(proxy, method_name).call_async(*args, **kwargs)
                    self._route.known = True  # published (and confirmed, if it had to be)
                    return reply.result()
            except UnknownService:
                raise ServiceUnavailable(
                    f"the {self._service_name} service is unavailable") from None
            except ServiceTimeout:
                self._route.known = False
                raise
            except Exception as exc:
                failure = dependency_failure(exc, self._service_name)
                if failure is None:
                    raise
                self._route.known = False
                raise failure from None

        return call


class Service(RpcProxy):
    """The gateway's RPC proxy to one backend: `<name> = Service("<name>")`, one per entry
    of the registry (backends.py), used by its routes as `self.<name>.<method>(...)`."""

    rpc_reply_listener = AcklessReplyListener()

    def __init__(self, target_service: str, **options):
        super().__init__(target_service, **{"retry_policy": PUBLISH_RETRY_POLICY, **options})

    def setup(self) -> None:
        self.timeout = config.load().rpc_timeout_seconds
        self.route = Route()
        super().setup()

    def get_dependency(self, worker_ctx) -> TimedService:
        confirmed = super().get_dependency(worker_ctx)
        unconfirmed = UnconfirmedServiceProxy(worker_ctx, self.target_service,
                                              self.rpc_reply_listener, **self.options)
        return TimedService(self.target_service, confirmed, unconfirmed, self.timeout, self.route)
