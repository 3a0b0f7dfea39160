"""Where a webhook may point: a public address, unless the operator allows private ones
(WEBHOOK_ALLOW_PRIVATE_ADDRESSES, set by `make run` and the tests, whose receivers listen on
127.0.0.1). Otherwise a partner could aim our POSTs at the broker's management API, a
database or a cloud metadata endpoint inside our network."""

import ipaddress
from collections.abc import Iterable
from urllib.parse import urlsplit

LOCAL_NAMES = ("localhost", "localhost.localdomain")


def host_of(url: str) -> str | None:
    """The URL's host, or None when it has none we could reach ("https://[d6014AE:b]/" passes
    a URL format check yet names no address: urlsplit refuses it)."""
    try:
        return urlsplit(url).hostname or None
    except ValueError:
        return None


def private_literal(host: str) -> bool:
    """Whether the host, as written in a URL, names a private address itself."""
    if host.lower().rstrip(".") in LOCAL_NAMES or host.lower().endswith(".localhost"):
        return True
    try:
        return not ipaddress.ip_address(host.strip("[]")).is_global
    except ValueError:
        return False  # a name: what it resolves to is checked when sending


def first_private(addresses: Iterable[str]) -> str | None:
    """The first address that is not a public one (the host resolved to it), if any."""
    for address in addresses:
        if not ipaddress.ip_address(address.split("%")[0]).is_global:
            return address
    return None
