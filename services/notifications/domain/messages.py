"""What a message is before it travels: its key (one message per event, channel and
recipient, whatever the broker redelivers) and the hashes that name a recipient where an
address must not appear (events, logs, the suppression list)."""

import hashlib

from services.notifications.contract.vocabulary import Channel


def folded(address: str) -> str:
    """An address as we compare it: "Awa.Diop@Example.org " and "awa.diop@example.org" are
    one person (the local part is case-insensitive at every provider our participants use)."""
    return address.strip().casefold()


def recipient_hash(address: str) -> str:
    """Names a recipient in events and logs without saying who: the same address always
    gives the same hash, so an operator holding the address can find its messages."""
    return hashlib.sha256(folded(address).encode()).hexdigest()[:32]


def message_key(event_id: str, channel: Channel, address: str) -> str:
    """The one message an event makes for a recipient on a channel: recorded under a unique
    index, so a second delivery of the event records nothing new."""
    return hashlib.sha256(f"{event_id}\n{channel.value}\n{folded(address)}".encode()).hexdigest()
