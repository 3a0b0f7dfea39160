"""Which address a request comes from, for per-client limits.

The peer address (REMOTE_ADDR) unless it is a proxy we trust (TRUSTED_PROXIES: addresses or
CIDRs, none by default); then X-Forwarded-For is read from the right, skipping trusted
proxies: the first address not ours is the client. Anything left of it was written by the
client and proves nothing. Without trusted proxies, X-Forwarded-For is ignored: otherwise
any client could pick a new address per request and never be limited.

An IPv6 client is counted per /64: one host usually holds a whole /64 to pick from.
"""

import ipaddress
from collections.abc import Iterable

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address
UNKNOWN = "unknown"


def trusted_networks(entries: Iterable[str]) -> tuple[Network, ...]:
    """TRUSTED_PROXIES entries ("10.0.0.0/8", "127.0.0.1") as networks; ValueError names a bad one."""
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            raise ValueError(f"TRUSTED_PROXIES: {entry!r} is not an address or CIDR") from None
    return tuple(networks)


def client_address(remote_addr: str | None, forwarded_for: str | None,
                   trusted: tuple[Network, ...] = ()) -> str:
    client = _parsed(remote_addr)
    if client is None:
        return UNKNOWN
    hops = [hop.strip() for hop in (forwarded_for or "").split(",") if hop.strip()]
    while _is_trusted(client, trusted) and hops:
        forwarded = _parsed(hops.pop())
        if forwarded is None:
            break  # garbage from the client: the last trusted hop is all we know
        client = forwarded
    return _counted_as(client)


def _parsed(text: str | None) -> Address | None:
    try:
        address = ipaddress.ip_address((text or "").strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _is_trusted(address: Address, trusted: tuple[Network, ...]) -> bool:
    return any(address.version == network.version and address in network for network in trusted)


def _counted_as(address: Address) -> str:
    if isinstance(address, ipaddress.IPv6Address):
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)
