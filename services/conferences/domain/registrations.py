"""A person's registration to a conference."""

from dataclasses import dataclass
from datetime import datetime

from services.conferences.contract.vocabulary import RegistrationStatus
from shared.contract.languages import Language
from shared.contract.text import fold

IN = (RegistrationStatus.CONFIRMED, RegistrationStatus.PENDING_APPROVAL,
      RegistrationStatus.WAITLISTED)


@dataclass
class Registration:
    id: str
    name: str
    email: str
    language: Language
    token_hash: str  # the cancel token is shown once; only its hash is kept
    registered_at: datetime
    organization: str | None = None
    status: RegistrationStatus = RegistrationStatus.CONFIRMED
    approved_at: datetime | None = None
    promoted_at: datetime | None = None
    cancelled_at: datetime | None = None
    rejected_at: datetime | None = None
    checked_in_at: datetime | None = None

    @property
    def email_key(self) -> str:
        """The email as compared for duplicates: case (and accents) do not count."""
        return fold(self.email.strip())

    @property
    def is_in(self) -> bool:
        return self.status in IN
