"""Read-side queries over partnerships: who partners with whom, and listing filters."""

from mongoengine import Q

from services.partnerships.contract.organizations import OrganizationStatus
from services.partnerships.contract.partnerships import PartnershipStatus
from services.partnerships.domain.partnerships import PUBLIC_STATUSES
from services.partnerships.models import OrganizationDocument, PartnershipDocument


def partnership_filters(filters: dict, viewer_id: str | None, as_operator: bool) -> Q:
    """The listing query: the filters asked for, within what the viewer may see."""
    query = Q()
    if "organization_id" in filters:
        organization_id = filters["organization_id"]
        query &= Q(proposer_id=organization_id) | Q(partner_id=organization_id)
    if "status" in filters:
        query &= Q(status=str(filters["status"]))
    if "kind" in filters:
        query &= Q(kind=str(filters["kind"]))
    if "focus_area" in filters:
        query &= Q(focus_areas=filters["focus_area"])
    if not as_operator:
        visible = Q(status__in=[str(s) for s in PUBLIC_STATUSES])
        if viewer_id:
            visible |= Q(proposer_id=viewer_id) | Q(partner_id=viewer_id)
        query &= visible
    return query


def network_of(organization_id: str) -> list[dict]:
    """The organization's active partners, with their region and the partnership's kind.
    This list is public: a suspended (or never verified) partner is not shown, although the
    partnership itself may still be active."""
    active = PartnershipDocument.objects(
        Q(proposer_id=organization_id) | Q(partner_id=organization_id),
        status=str(PartnershipStatus.ACTIVE),
    ).only("id", "proposer_id", "partner_id", "kind")
    links = [(p.partner_id if p.proposer_id == organization_id else p.proposer_id, p)
             for p in active]
    partners = {o.id: o for o in OrganizationDocument.objects(
        pk__in=[i for i, _ in links], status=str(OrganizationStatus.VERIFIED))}
    return [
        {"organization": {"id": other_id, "name": partners[other_id].name,
                          "region": partners[other_id].region,
                          "country": partners[other_id].country},
         "partnership_id": partnership.id, "kind": partnership.kind}
        for other_id, partnership in links if other_id in partners
    ]
