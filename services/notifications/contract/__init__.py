"""What the notifications service promises to others, and all they may import of it:
  - vocabulary.py     channels and message statuses (enums)
  - events.py         notification.sent and notification.failed
  - messages.py       the delivery log's payloads (the OpenAPI document's source)
  - preferences.py    webhooks and unsubscribing: their payloads
  - errors.py         the typed errors its RPC methods raise
Nothing here imports the service's domain, handlers or models: they import this."""
