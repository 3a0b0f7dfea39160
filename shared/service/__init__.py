"""What a service class is assembled from, on top of every other group: its store
(repositories and the outbox relay that publishes their events) and its health check."""
