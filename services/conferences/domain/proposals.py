"""A talk proposed to a conference's call for proposals.

    submitted ──accept──▶ accepted        (then schedulable once on the agenda)
        └──────reject──▶ rejected
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

from services.conferences.contract.errors import ProposalNotSubmitted
from services.conferences.contract.events import (
    ProposalAccepted,
    ProposalEvent,
    ProposalRejected,
    ProposalSubmitted,
)
from services.conferences.contract.vocabulary import ProposalStatus
from services.conferences.domain.agenda import Speaker

E = TypeVar("E", bound=ProposalEvent)


@dataclass
class Proposal:
    id: str
    conference_id: str
    conference_title: str
    organization_id: str  # the submitter
    title: str
    abstract: str
    language: str
    submitted_at: datetime
    speakers: list[Speaker] = field(default_factory=list)
    status: ProposalStatus = ProposalStatus.SUBMITTED
    decided_at: datetime | None = None
    decided_by: str | None = None

    def submitted(self) -> ProposalSubmitted:
        return self._event(ProposalSubmitted)

    def accept(self, organizer_id: str, now: datetime) -> ProposalAccepted:
        self._decide(ProposalStatus.ACCEPTED, organizer_id, now)
        return self._event(ProposalAccepted)

    def reject(self, organizer_id: str, now: datetime) -> ProposalRejected:
        self._decide(ProposalStatus.REJECTED, organizer_id, now)
        return self._event(ProposalRejected)

    def _decide(self, status: ProposalStatus, organizer_id: str, now: datetime) -> None:
        if self.status != ProposalStatus.SUBMITTED:
            raise ProposalNotSubmitted(f"proposal {self.id} is {self.status} already")
        self.status, self.decided_at, self.decided_by = status, now, organizer_id

    def _event(self, event_type: type[E]) -> E:
        return event_type(proposal_id=self.id, conference_id=self.conference_id,
                          conference_title=self.conference_title,
                          organization_id=self.organization_id, title=self.title,
                          language=self.language, speakers=[s.name for s in self.speakers])
