"""Partnerships: typed, dated relationships between two verified organizations, crossing
gazes South/North, North/South and South/South.

    proposed ──accept (the invited)──▶ active ──end (either partner)──▶ ended
        └────decline (the invited)───▶ declined

The kind says who proposes to whom: `north_south` is a northern organization proposing to a
southern one. Partners record their joint activities (exchange visits, trainings,
conferences, publications) while the partnership is active.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TypeVar

from services.partnerships.contract.errors import (
    ActivityLimitReached,
    IllegalTransition,
    KindDoesNotMatchRegions,
    NotAPartner,
    NotInvited,
    OrganizationNotVerified,
    SelfPartnership,
)
from services.partnerships.contract.events import (
    ActivityRecorded,
    PartnershipAccepted,
    PartnershipDeclined,
    PartnershipEnded,
    PartnershipEvent,
    PartnershipProposed,
)
from services.partnerships.contract.partnerships import (
    ActivityKind,
    PartnershipKind,
    PartnershipStatus,
)
from services.partnerships.domain.organizations import Organization, OrganizationStatus
from shared.contract.errors import InvalidInput

MAX_ACTIVITIES = 1000  # a partnership's record lives in one document: keep it bounded
PUBLIC_STATUSES = (PartnershipStatus.ACTIVE, PartnershipStatus.ENDED)
ChangeEvent = TypeVar("ChangeEvent", bound=PartnershipEvent)


def kind_between(proposer: Organization, partner: Organization) -> PartnershipKind:
    return PartnershipKind(f"{proposer.region}_{partner.region}")


@dataclass
class Activity:
    id: str
    title: str
    kind: ActivityKind
    date: date
    recorded_by: str
    recorded_at: datetime
    summary: str | None = None
    participants_count: int | None = None


@dataclass
class Partnership:
    id: str
    proposer_id: str
    partner_id: str
    kind: PartnershipKind
    focus_areas: list[str]
    description: str
    starts_on: date
    proposed_at: datetime
    ends_on: date | None = None
    status: PartnershipStatus = PartnershipStatus.PROPOSED
    accepted_at: datetime | None = None
    declined_at: datetime | None = None
    ended_at: datetime | None = None
    ended_by: str | None = None
    activities: list[Activity] = field(default_factory=list)

    @classmethod
    def propose(cls, id: str, proposer: Organization, partner: Organization,
                kind: PartnershipKind, now: datetime, **terms) -> "Partnership":
        if proposer.id == partner.id:
            raise SelfPartnership("an organization cannot partner with itself",
                               {"partner_id": ["is the proposing organization"]})
        for organization in (proposer, partner):
            _require_verified(organization)
        expected = kind_between(proposer, partner)
        if kind != expected:
            raise KindDoesNotMatchRegions(
                f"{proposer.region} proposing to {partner.region} is {expected}, not {kind}",
                {"kind": [f"must be {expected} for these two organizations"]},
            )
        if terms.get("ends_on") and terms["ends_on"] < terms["starts_on"]:
            raise InvalidInput("the partnership ends before it starts",
                               {"ends_on": ["is before starts_on"]})
        return cls(id=id, proposer_id=proposer.id, partner_id=partner.id, kind=kind,
                   proposed_at=now, **terms)

    @property
    def open_pair_key(self) -> str | None:
        """Names the pair and kind while proposed or active: at most one such at a time."""
        if self.status not in (PartnershipStatus.PROPOSED, PartnershipStatus.ACTIVE):
            return None
        first, second = sorted((self.proposer_id, self.partner_id))
        return f"{first}:{second}:{self.kind}"

    def proposed(self) -> PartnershipProposed:
        return PartnershipProposed(
            partnership_id=self.id, proposer_id=self.proposer_id, partner_id=self.partner_id,
            kind=self.kind, focus_areas=list(self.focus_areas),
            starts_on=self.starts_on.isoformat(),
            ends_on=self.ends_on.isoformat() if self.ends_on else None,
        )

    def accept(self, invited: Organization, now: datetime) -> PartnershipAccepted:
        self._require_invited(invited.id)
        _require_verified(invited)
        self._require(PartnershipStatus.PROPOSED, action="accept")
        self.status, self.accepted_at = PartnershipStatus.ACTIVE, now
        return self._changed(PartnershipAccepted)

    def decline(self, invited_id: str, now: datetime) -> PartnershipDeclined:
        self._require_invited(invited_id)
        self._require(PartnershipStatus.PROPOSED, action="decline")
        self.status, self.declined_at = PartnershipStatus.DECLINED, now
        return self._changed(PartnershipDeclined)

    def end(self, partner_id: str, now: datetime) -> PartnershipEnded:
        self._require_partner(partner_id)
        self._require(PartnershipStatus.ACTIVE, action="end")
        self.status, self.ended_at, self.ended_by = PartnershipStatus.ENDED, now, partner_id
        return self._changed(PartnershipEnded, ended_by=partner_id)

    def record_activity(self, activity: Activity) -> ActivityRecorded:
        self._require_partner(activity.recorded_by)
        self._require(PartnershipStatus.ACTIVE, action="record an activity of")
        if len(self.activities) >= MAX_ACTIVITIES:
            raise ActivityLimitReached(f"a partnership records at most {MAX_ACTIVITIES} activities")
        self.activities.append(activity)
        return ActivityRecorded(
            self.id, activity.id, activity.title, activity.kind, activity.date.isoformat(),
            activity.recorded_by, activity.participants_count,
        )

    def activity(self, activity_id: str) -> Activity:
        """The activity recorded under that id (on a redelivered command, the first one)."""
        return next(a for a in self.activities if a.id == activity_id)

    @property
    def is_public(self) -> bool:
        """Active and ended partnerships are the network's public record; proposals (and
        declined ones) stay between the two organizations."""
        return self.status in PUBLIC_STATUSES

    def involves(self, organization_id: str | None) -> bool:
        return organization_id in (self.proposer_id, self.partner_id)

    def _changed(self, event_type: type[ChangeEvent], **details: str) -> ChangeEvent:
        return event_type(partnership_id=self.id, proposer_id=self.proposer_id,
                          partner_id=self.partner_id, kind=self.kind, **details)

    def _require_invited(self, organization_id: str) -> None:
        if organization_id != self.partner_id:
            raise NotInvited("only the invited organization may answer this proposal")

    def _require_partner(self, organization_id: str) -> None:
        if not self.involves(organization_id):
            raise NotAPartner("only the two partners may do this")

    def _require(self, *allowed: PartnershipStatus, action: str) -> None:
        if self.status not in allowed:
            raise IllegalTransition(
                f"cannot {action} a partnership that is {self.status}",
                {"status": [f"is {self.status}; {action} needs {' or '.join(allowed)}"]},
            )


def _require_verified(organization: Organization) -> None:
    if organization.status != OrganizationStatus.VERIFIED:
        raise OrganizationNotVerified(
            f"{organization.name} is {organization.status}: only verified organizations partner"
        )
