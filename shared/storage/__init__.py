"""MongoDB: the connection, aggregates with their outbox, repositories (revision-guarded
saves and conditional updates), request ids, idempotent effects, pages."""
