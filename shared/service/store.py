"""The service's store: its repositories, injected into each worker.

    class PartnershipsService:
        store = Store(organizations=OrganizationRepository, partnerships=PartnershipRepository)

        @rpc
        def verify_organization(self, organization_id):
            organization = self.store.organizations.change(organization_id, lambda o: o.verify(now()))

Every write of a worker records the id of the request it serves (shared/storage/requests.py),
so a command delivered twice (a process killed before its reply, a client retrying with its
Idempotency-Key) is answered from what the first delivery stored: no second decision, no
second event, no "already done" error for the caller's own write. The outbox relay and its
sweeper run here, one per process.
"""

from types import SimpleNamespace

from nameko.extensions import DependencyProvider

from shared.messaging.broker import ConfirmingPublisher
from shared.messaging.relay import OutboxRelay
from shared.runtime import correlation
from shared.runtime.config import load as load_settings
from shared.storage import mongo, outbox, requests
from shared.storage.repository import Repository
from shared.storage.writes import Writes


class Repositories(SimpleNamespace):
    """A worker's repositories by name (`store.organizations`), sharing one `Writes`."""

    def __init__(self, writes: Writes, repositories: dict[str, type[Repository]]):
        super().__init__(**{name: cls(writes) for name, cls in repositories.items()})
        self.new_id = writes.new_id


class Store(DependencyProvider):
    def __init__(self, **repositories: type[Repository]):
        self.repositories = repositories

    def setup(self) -> None:
        mongo.connect(self.container.service_name)
        collections = []
        for repository in self.repositories.values():
            document = repository.document
            document.ensure_indexes()
            outbox.ensure_outbox_index(document._get_collection())
            outbox.ensure_request_index(document._get_collection())
            collections.append(document._get_collection())
        self.publisher = ConfirmingPublisher(self.container.config["AMQP_URI"])
        self.relay = OutboxRelay(self.publisher, collections, self.container.service_name)

    def start(self) -> None:
        self.container.spawn_managed_thread(self.relay.run, identifier="outbox-relay")
        self.container.spawn_managed_thread(
            lambda: self.relay.run_sweeper(load_settings().outbox_sweep_seconds),
            identifier="outbox-sweeper",
        )

    def stop(self) -> None:
        self.publisher.close()

    def writes_for(self, correlation_id: str) -> Writes:
        """Writes made outside any request (a background loop of the service), carrying on
        the correlation id of what they follow from; their events go through this relay."""
        return Writes(self.relay, self.container.service_name, correlation_id, None)

    def get_dependency(self, worker_ctx) -> Repositories:
        writes = Writes(self.relay, worker_ctx.service_name, correlation.of_worker(worker_ctx),
                        requests.of_worker(worker_ctx))
        return Repositories(writes, self.repositories)
