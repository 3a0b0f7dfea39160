"""A participant's enrollment in a session."""

from dataclasses import dataclass
from datetime import datetime

from services.catalog.contract.trainings import EnrollmentStatus, Language
from shared.contract.text import fold


def email_key(email: str) -> str:
    """The email as compared for duplicates: case does not count (nor accents, in the rare
    internationalised address)."""
    return fold(email.strip())


@dataclass
class Enrollment:
    id: str
    name: str
    email: str
    language: Language
    token_hash: str  # the cancel token is shown once; only its hash is kept
    enrolled_at: datetime
    status: EnrollmentStatus = EnrollmentStatus.CONFIRMED
    phone: str | None = None
    promoted_at: datetime | None = None
    cancelled_at: datetime | None = None
    attended: bool | None = None
    completed: bool | None = None

    @property
    def email_key(self) -> str:
        return email_key(self.email)

    @property
    def is_active(self) -> bool:
        return self.status != EnrollmentStatus.CANCELLED
