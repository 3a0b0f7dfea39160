"""Conferences, proposals and registrations: the vocabulary others may rely on."""

import enum


class ConferenceStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CANCELLED = "cancelled"
    FINISHED = "finished"


class ProposalStatus(enum.StrEnum):
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class RegistrationStatus(enum.StrEnum):
    CONFIRMED = "confirmed"
    PENDING_APPROVAL = "pending_approval"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"
    REJECTED = "rejected"


class CancelledBy(enum.StrEnum):
    PARTICIPANT = "participant"
    ORGANIZER = "organizer"
    CONFERENCE_CANCELLED = "conference_cancelled"
