"""What the partnerships service promises to others, and all they may import of it:
  - events.py         the organization.* and partnership.* events it publishes
  - organizations.py  RPC payloads about organizations, and their vocabulary (regions, statuses)
  - partnerships.py   RPC payloads about partnerships and activities, and their vocabulary
  - errors.py         the typed errors its RPC methods raise
Nothing here imports the service's domain or models: they import this."""
