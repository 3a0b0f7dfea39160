"""gateway: the public HTTP API (../shared/API.md); calls the services over RPC."""
