"""Trainings: what an organization offers, published to the public catalog.

    draft ──publish──▶ published ◀──publish── unpublished
                           └──────unpublish──────▶┘

Only an organization the catalog knows as verified publishes; a published training of an
organization later suspended leaves the public catalog without changing status, and comes
back if the organization is verified again (`organization_listed`, kept from its events).
"""

from dataclasses import dataclass, field
from datetime import datetime

from services.catalog.contract.errors import NotTheOwner, TrainingTransitionRefused
from services.catalog.contract.events import TrainingPublished, TrainingUnpublished
from services.catalog.contract.trainings import Category, Language, TrainingStatus
from shared.rules.search_terms import terms_of

EDITABLE = (TrainingStatus.DRAFT, TrainingStatus.PUBLISHED)
EDITABLE_FIELDS = ("title", "description", "category", "languages", "audience",
                   "prerequisites", "tags")


@dataclass
class Training:
    id: str
    organization_id: str
    title: str
    description: str
    category: Category
    languages: list[Language]
    created_at: datetime
    audience: str | None = None
    prerequisites: str | None = None
    tags: list[str] = field(default_factory=list)
    status: TrainingStatus = TrainingStatus.DRAFT
    published_at: datetime | None = None
    organization_listed: bool = True
    organization_revision: int = 0  # kept through a save, so a late organization event stays late

    @property
    def search_terms(self) -> list[str]:
        return terms_of(self.title, self.description, *self.tags)

    @property
    def is_public(self) -> bool:
        return self.status == TrainingStatus.PUBLISHED and self.organization_listed

    def require_owner(self, organization_id: str | None) -> None:
        if organization_id != self.organization_id:
            raise NotTheOwner("only the organization that offers this training may do this")

    def publish(self, now: datetime) -> TrainingPublished:
        self._require(TrainingStatus.DRAFT, TrainingStatus.UNPUBLISHED, action="publish")
        self.status, self.published_at = TrainingStatus.PUBLISHED, now
        return TrainingPublished(**self._facts())

    def unpublish(self) -> TrainingUnpublished:
        self._require(TrainingStatus.PUBLISHED, action="unpublish")
        self.status = TrainingStatus.UNPUBLISHED
        return TrainingUnpublished(**self._facts())

    def edit(self, changes: dict) -> None:
        """A PATCH: only the fields it names change, on a draft or published training."""
        self._require(*EDITABLE, action="edit")
        for name in EDITABLE_FIELDS:
            if name in changes:
                setattr(self, name, changes[name])

    def _facts(self) -> dict:
        return {"training_id": self.id, "organization_id": self.organization_id,
                "title": self.title, "category": self.category,
                "languages": list(self.languages)}

    def _require(self, *allowed: TrainingStatus, action: str) -> None:
        if self.status not in allowed:
            raise TrainingTransitionRefused(
                f"cannot {action} a training that is {self.status}",
                {"status": [f"is {self.status}; {action} needs {' or '.join(allowed)}"]})
