"""The event path over RabbitMQ: topology, confirmed publishing, the outbox relay, the
idempotent consumer (ledger, leases, settlement, redelivery, dead letters, replay) and RPC."""
