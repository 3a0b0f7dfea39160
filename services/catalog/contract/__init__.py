"""What the catalog service promises to others, and all they may import of it:
  - organizations.py  what it answers about the partner organizations it knows
  - errors.py         the typed errors its RPC methods raise
Nothing here imports the service's handlers or models: they import this."""
