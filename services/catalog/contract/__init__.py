"""What the catalog service promises to others, and all they may import of it:
  - events.py         the training.*, session.* and enrollment.* events it publishes
  - trainings.py      the vocabulary of trainings, sessions and enrollments (enums)
  - schemas.py, sessions.py, enrollments.py   RPC payloads (the OpenAPI document's source)
  - organizations.py  what it answers about the partner organizations it knows
  - errors.py         the typed errors its RPC methods raise
Nothing here imports the service's domain, handlers or models: they import this."""
