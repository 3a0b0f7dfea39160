"""nameko's `@rpc`, knowing that our typed errors are answers, not crashes (logged as such)."""

from nameko.rpc import rpc as nameko_rpc

from shared.errors import MaillageError


def rpc(method):
    return nameko_rpc(expected_exceptions=(MaillageError,))(method)
