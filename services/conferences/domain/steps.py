"""The steps a conference can take, as data: what changes and the events that say so.

Its registrations take the steps every place with seats shares (shared/rules/seating.py:
`Join` confirmed, waitlisted or pending approval, `Leave` cancelled or rejected with the first
waiting promoted, `Approve`, and `CloseAll` when it is cancelled); the others are its own.
The conference decides which applies (conferences.py); the repository writes each as one
conditional update (docs/conferences.md); `Conference.apply` is the same in memory."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from services.conferences.contract.events import AttendeeCheckedIn, ConferencePublished
from services.conferences.domain.agenda import AgendaItem
from shared.rules.seating import Approve, CloseAll, Join, Leave, Resize


@dataclass(frozen=True)
class Publish:
    at: datetime
    event: ConferencePublished


@dataclass(frozen=True)
class Finish:
    at: datetime


@dataclass(frozen=True)
class Revise:
    """A PATCH: the fields it sets, decided on the layout (dates, agenda) as it was; a new
    capacity resizes the seating (the seats it frees go to the first waiting)."""

    changes: dict[str, Any]
    layout_version: int
    resize: Resize | None = None

    @property
    def events(self) -> tuple:
        return self.resize.events if self.resize else ()


@dataclass(frozen=True)
class AddItem:
    item: AgendaItem
    layout_version: int  # the agenda it was checked against


@dataclass(frozen=True)
class CheckIn:
    registration_id: str
    at: datetime
    event: AttendeeCheckedIn


Step = Join | Leave | Approve | CloseAll | Publish | Finish | Revise | AddItem | CheckIn
