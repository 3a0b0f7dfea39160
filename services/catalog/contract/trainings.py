"""Trainings, their sessions and enrollments: the vocabulary others may rely on."""

import enum

from shared.contract.languages import Language as Language  # trainings are given in these


class Category(enum.StrEnum):
    FRENCH_LANGUAGE = "french_language"
    DIGITAL_SKILLS = "digital_skills"
    PROFESSIONAL_INTEGRATION = "professional_integration"
    ENTREPRENEURSHIP = "entrepreneurship"
    HEALTH = "health"
    CITIZENSHIP = "citizenship"
    OTHER = "other"


class TrainingStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    UNPUBLISHED = "unpublished"


class SessionStatus(enum.StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class EnrollmentStatus(enum.StrEnum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"


class CancelledBy(enum.StrEnum):
    PARTICIPANT = "participant"
    ORGANIZATION = "organization"
    SESSION_CANCELLED = "session_cancelled"
