"""Talk proposals to a conference's call for proposals: RPC/HTTP payloads."""

from marshmallow import Schema, fields, validate

from services.conferences.contract.conferences import LANGUAGE_PATTERN, SpeakerSchema, speakers
from services.conferences.contract.vocabulary import ProposalStatus
from shared.contract.formats import WholeMatch
from shared.contract.paging import next_cursor_field


class ProposalRequestSchema(Schema):
    """POST /v1/conferences/{id}/proposals, by any verified organization.

    {"title": "Microcrédit et autonomie", "abstract": "...", "language": "fr",
     "speakers": [{"name": "Fatou Ndiaye", "organization": "Femmes Entrepreneures de Thiès"}]}"""

    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    abstract = fields.String(required=True, validate=validate.Length(min=1, max=5000))
    language = fields.String(required=True, validate=WholeMatch(LANGUAGE_PATTERN,
                                                                "Not an ISO 639-1 code."))
    speakers = speakers(required=True)


class ProposalSchema(Schema):
    id = fields.String()
    conference_id = fields.String()
    organization_id = fields.String(metadata={"description": "the submitter"})
    title = fields.String()
    abstract = fields.String()
    language = fields.String()
    speakers = fields.List(fields.Nested(SpeakerSchema))
    status = fields.Enum(ProposalStatus, by_value=True)
    submitted_at = fields.AwareDateTime()
    decided_at = fields.AwareDateTime(allow_none=True)
    decided_by = fields.String(allow_none=True)


class ProposalListSchema(Schema):
    """GET /v1/conferences/{id}/proposals: all of them for its organizers, a submitter's
    own for a submitter."""

    items = fields.List(fields.Nested(ProposalSchema))
    next_cursor = next_cursor_field()
