"""Organizations and partnerships as stored: the mapping between the domain's objects and
their documents (models.py), and the domain errors of their unique indexes."""

import dataclasses

from mongoengine import Q

from services.partnerships.contract.errors import (
    DuplicateOrganization,
    DuplicatePartnership,
    UnknownOrganization,
    UnknownPartnership,
)
from services.partnerships.contract.organizations import OrganizationStatus, Region
from services.partnerships.contract.partnerships import (
    ActivityKind,
    PartnershipKind,
    PartnershipStatus,
)
from services.partnerships.domain import Activity, Organization, Partnership
from services.partnerships.models import ActivityRecord, OrganizationDocument, PartnershipDocument
from shared.contract.errors import MaillageError
from shared.storage.repository import Repository

_ORGANIZATION_FIELDS = dataclasses.fields(Organization)


def _fields_of(document, domain_type: type) -> dict:
    return {f.name: document[f.name] for f in dataclasses.fields(domain_type)}


class OrganizationRepository(Repository[Organization]):
    document = OrganizationDocument
    not_found = UnknownOrganization
    noun = "organization"

    def to_domain(self, document: OrganizationDocument) -> Organization:
        values = _fields_of(document, Organization)
        values.update(region=Region(document.region), status=OrganizationStatus(document.status),
                      sectors=list(document.sectors))
        return Organization(**values)

    def from_raw(self, raw: dict) -> Organization:
        """Straight from the stored dict: building the mongoengine document first costs more
        than the read itself (a point read is mostly this)."""
        values = {f.name: raw[f.name] for f in _ORGANIZATION_FIELDS if f.name in raw}
        values.update(id=raw["_id"], region=Region(raw["region"]),
                      status=OrganizationStatus(raw["status"]), sectors=list(raw.get("sectors", ())))
        return Organization(**values)

    def to_document(self, organization: Organization) -> OrganizationDocument:
        values = dataclasses.asdict(organization)
        values.update(region=str(organization.region), status=str(organization.status))
        return OrganizationDocument(**values)

    def duplicate(self, index: str, organization: Organization) -> MaillageError | None:
        if index != "one_name_per_country":
            return None
        return DuplicateOrganization(
            f"{organization.name} ({organization.country}) has already applied",
            {"name": ["an organization of this name already exists in this country"]})


class PartnershipRepository(Repository[Partnership]):
    document = PartnershipDocument
    not_found = UnknownPartnership
    noun = "partnership"

    def to_domain(self, document: PartnershipDocument) -> Partnership:
        values = _fields_of(document, Partnership)
        values.update(
            kind=PartnershipKind(document.kind), status=PartnershipStatus(document.status),
            focus_areas=list(document.focus_areas),
            activities=[Activity(**{**a.to_mongo().to_dict(), "kind": ActivityKind(a.kind),
                                    "date": a.date}) for a in document.activities],
        )
        return Partnership(**values)

    def to_document(self, partnership: Partnership) -> PartnershipDocument:
        values = dataclasses.asdict(partnership)
        values.update(
            kind=str(partnership.kind), status=str(partnership.status),
            open_pair_key=partnership.open_pair_key,
            activities=[ActivityRecord(**{**dataclasses.asdict(a), "kind": str(a.kind)})
                        for a in partnership.activities],
        )
        return PartnershipDocument(**values)

    def active_ids_of(self, organization_id: str) -> list[str]:
        """The ids of the organization's active partnerships."""
        return [p.id for p in self.document.objects(
            Q(proposer_id=organization_id) | Q(partner_id=organization_id),
            status=str(PartnershipStatus.ACTIVE)).only("id")]

    def duplicate(self, index: str, partnership: Partnership) -> MaillageError | None:
        if index != "one_open_per_pair":
            return None
        return DuplicatePartnership(
            f"these organizations already have an open {partnership.kind} partnership",
            {"partner_id": ["already proposed to or partnered with, for this kind"]})
