"""A conference's agenda: items within its dates, never two at once in one room."""

from dataclasses import dataclass, field
from datetime import datetime

from services.conferences.contract.errors import AgendaConflict, ItemOutsideConference
from shared.contract.text import fold


@dataclass(frozen=True)
class Speaker:
    name: str
    organization: str | None = None
    bio: str | None = None


@dataclass(frozen=True)
class AgendaItem:
    id: str
    title: str
    starts_at: datetime
    ends_at: datetime
    room: str | None = None  # none: a plenary, which overlaps nothing
    speakers: tuple[Speaker, ...] = field(default_factory=tuple)
    proposal_id: str | None = None

    @property
    def room_key(self) -> str | None:
        """The room as compared: "Salle A" is "salle a"."""
        return " ".join(fold(self.room).split()) if self.room else None

    def overlaps(self, other: "AgendaItem") -> bool:
        return (self.room_key is not None and self.room_key == other.room_key
                and self.starts_at < other.ends_at and other.starts_at < self.ends_at)


def check_fits(item: AgendaItem, agenda: list[AgendaItem], starts_at: datetime,
               ends_at: datetime) -> None:
    """Refuses an item outside the conference's dates, or overlapping another in its room."""
    if item.starts_at < starts_at or item.ends_at > ends_at:
        raise ItemOutsideConference("an agenda item lies within the conference's dates",
                                    {"starts_at": ["outside the conference's dates"]})
    clash = next((other for other in agenda if item.overlaps(other)), None)
    if clash is not None:
        raise AgendaConflict(f"{item.room} is taken by {clash.title!r} at that time",
                             {"room": [f"taken by {clash.title!r} from {clash.starts_at:%H:%M}"]})
