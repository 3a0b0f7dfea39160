"""Messages and how they travel: the vocabulary others may rely on."""

import enum


class Channel(enum.StrEnum):
    EMAIL = "email"
    WEBHOOK = "webhook"


class MessageStatus(enum.StrEnum):
    PENDING = "pending"  # recorded, to be sent (perhaps again, after a failed attempt)
    SENDING = "sending"  # claimed by a delivery loop
    SENT = "sent"
    FAILED = "failed"  # every attempt failed: the last error says why
    SUPPRESSED = "suppressed"  # its address unsubscribed (never for a transactional one)
    UNKNOWN = "unknown"  # the process stopped while sending an email: never sent twice
