"""The catalog service: nameko entrypoints only; rules live in domain/, what it does with
events in handlers.py, how each step is written in repositories.py (docs/catalog.md)."""

from collections.abc import Callable

from services.catalog import listing, views
from services.catalog.contract.enrollments import (
    AttendanceSchema,
    EnrollmentReceiptSchema,
    EnrollmentRequestSchema,
    EnrollmentSchema,
    SessionEnrollmentsSchema,
)
from services.catalog.contract.errors import (
    InvalidCancelToken,
    OrganizationNotKnownToCatalog,
    UnknownEnrollment,
    UnknownSession,
    UnknownTraining,
)
from services.catalog.contract.organizations import KnownOrganizationSchema
from services.catalog.contract.schemas import (
    TrainingChangesSchema,
    TrainingDraftSchema,
    TrainingFiltersSchema,
    TrainingListSchema,
    TrainingSchema,
    TrainingSummarySchema,
)
from services.catalog.contract.sessions import SessionDraftSchema, SessionSchema
from services.catalog.contract.trainings import CancelledBy
from services.catalog.domain.enrollments import Enrollment
from services.catalog.domain.sessions import Location, Session
from services.catalog.domain.trainings import Training
from services.catalog.handlers import ORGANIZATION_EVENTS
from services.catalog.models import OrganizationReplica, TrainingDocument, new_id
from services.catalog.repositories import SessionRepository, TrainingRepository
from shared.contract.events import Event
from shared.contract.paging import PageQuerySchema
from shared.contract.validation import dump, load
from shared.messaging.consumer import consumes
from shared.messaging.rpc import rpc
from shared.rules import cancel_tokens as tokens
from shared.runtime.clock import now
from shared.runtime.correlation import CorrelationId
from shared.service.health import HealthCheck
from shared.service.secrets import RequiredSecret
from shared.service.store import Store
from shared.storage import organization_replicas
from shared.storage.mongo import MongoDatabase


class CatalogService(HealthCheck):
    name = "catalog"
    correlation_id = CorrelationId()
    store = Store(trainings=TrainingRepository, sessions=SessionRepository)
    database = MongoDatabase([OrganizationReplica])
    token_secret = RequiredSecret("cancel_token_secret")

    @consumes(*ORGANIZATION_EVENTS, queue="organization_replica")
    def replicate_organization(self, event: Event) -> None:
        ORGANIZATION_EVENTS.handle(event, self.database)

    @rpc
    def get_organization(self, organization_id: str) -> dict:
        """{"organization_id": "65f..."} -> {"id", "name", "status", "revision", ...}"""
        organization = OrganizationReplica.objects(pk=str(organization_id)).first()
        if organization is None:
            raise OrganizationNotKnownToCatalog(f"the catalog knows no organization {organization_id}")
        return dump(KnownOrganizationSchema, organization)

    # Trainings ---------------------------------------------------------------------------

    @rpc
    def create_training(self, organization_id: str, draft: dict) -> dict:
        """{"organization_id": "65f...", "draft": {"title": "Français langue étrangère A1",
        "description": "...", "category": "french_language", "languages": ["fr"]}} -> the
        training, status "draft"."""
        training = Training(id=new_id(), organization_id=organization_id, created_at=now(),
                            organization_listed=False, **load(TrainingDraftSchema, draft))
        stored = self.store.trainings.add(training)
        organization_replicas.list_new(OrganizationReplica._get_collection(),
                                       TrainingDocument._get_collection(), stored.id,
                                       organization_id)
        return dump(TrainingSummarySchema, stored)

    @rpc
    def change_training(self, training_id: str, organization_id: str, changes: dict) -> dict:
        """{"training_id": "66a...", "organization_id": "<its owner>", "changes": {"title": ...}}"""
        edits = load(TrainingChangesSchema, changes)
        training = self._owned(training_id, organization_id, lambda t: t.edit(edits) or [])
        if "title" in edits:
            self.store.sessions.retitle(training_id, training.title)
        return dump(TrainingSummarySchema, training)

    @rpc
    def publish_training(self, training_id: str, organization_id: str) -> dict:
        training = self._owned(training_id, organization_id, lambda t: t.publish(now()))
        return dump(TrainingSummarySchema, training)

    @rpc
    def unpublish_training(self, training_id: str, organization_id: str) -> dict:
        training = self._owned(training_id, organization_id, lambda t: t.unpublish())
        return dump(TrainingSummarySchema, training)

    @rpc
    def get_training(self, training_id: str, viewer_id: str | None = None,
                     as_operator: bool = False) -> dict:
        """A training with its sessions: a public one for anyone, any for its owner."""
        training = self._visible(training_id, viewer_id, as_operator)
        sessions = self.store.sessions.summaries_of(training_id)
        return dump(TrainingSchema, {**vars(training), "sessions": sessions})

    @rpc
    def search_trainings(self, query: dict) -> dict:
        """{"q": "francais", "city": "Bruxelles", "has_seats": true, "limit": 20} -> a page
        of public trainings (docs/catalog.md, "Search")."""
        filters = load(TrainingFiltersSchema, query)
        sessions = listing.open_sessions(filters, now())
        training_ids = None if sessions is None else self.store.sessions.training_ids(sessions)
        trainings, next_cursor = self.store.trainings.search(
            listing.public_trainings(filters, training_ids), filters["limit"], filters["cursor"])
        return dump(TrainingListSchema, {"items": trainings, "next_cursor": next_cursor})

    # Sessions ----------------------------------------------------------------------------

    @rpc
    def schedule_session(self, training_id: str, organization_id: str, draft: dict) -> dict:
        """{"training_id": "66a...", "organization_id": "<its owner>", "draft": {"starts_at":
        "2027-03-01T09:30:00+01:00", "ends_at": "...", "capacity": 20, "location": {"city":
        "Bruxelles"}}} -> the session, with its seats left."""
        fields = load(SessionDraftSchema, draft)
        training = self.store.trainings.get(training_id)
        training.require_owner(organization_id)
        session, scheduled = Session.schedule(
            now(), id=new_id(), training_id=training_id, organization_id=organization_id,
            training_title=training.title, starts_at=fields["starts_at"],
            ends_at=fields["ends_at"], capacity=fields["capacity"],
            location=Location(**fields["location"]), closes_at=fields["enrollment_closes_at"])
        stored = self.store.sessions.add(session, scheduled)
        return dump(SessionSchema, self.store.sessions.summary(stored.id))

    @rpc
    def get_session(self, session_id: str, viewer_id: str | None = None,
                    as_operator: bool = False) -> dict:
        summary = self.store.sessions.summary(session_id)
        try:
            self._visible(summary["training_id"], viewer_id, as_operator)
        except UnknownTraining:
            raise UnknownSession(f"no session {session_id}") from None
        return dump(SessionSchema, summary)

    @rpc
    def cancel_session(self, session_id: str, organization_id: str) -> dict:
        """Cancels the session and every enrollment still active, each with its event."""
        def decide(session: Session):
            session.require_owner(organization_id)
            return session.cancel(now())

        self.store.sessions.take_step(session_id, decide)
        return dump(SessionSchema, self.store.sessions.summary(session_id))

    # Enrollments -------------------------------------------------------------------------

    @rpc
    def enroll(self, session_id: str, request: dict) -> dict:
        """{"session_id": "66b...", "request": {"name": "Awa Diop", "email":
        "awa@example.org", "language": "fr"}} -> {"id", "status", "waitlist_position",
        "cancel_token"}: confirmed while seats are left, else waitlisted."""
        participant = load(EnrollmentRequestSchema, request)
        enrollment_id = tokens.holder_id(session_id, self.store.new_id("enrollment"))
        token = tokens.cancel_token(self.token_secret, enrollment_id)
        newcomer = Enrollment(id=enrollment_id, token_hash=tokens.token_hash(token),
                              enrolled_at=now(), **participant)
        public: dict[str, bool] = {}

        def decide(session: Session):
            if session.training_id not in public:  # once, not on each attempt
                public[session.training_id] = self._is_public(session.training_id)
            if not public[session.training_id]:
                raise UnknownSession(f"no session {session_id}")
            return session.enroll(newcomer, now())

        session = self.store.sessions.take_enrollment_step(session_id, enrollment_id, decide)
        return dump(EnrollmentReceiptSchema, views.receipt(session, enrollment_id, token))

    @rpc
    def cancel_enrollment(self, enrollment_id: str, cancel_token: str | None = None,
                          organization_id: str | None = None) -> dict:
        """By the participant (`cancel_token`, from the enrollment's answer) or by the
        session's owner (`organization_id`); a freed seat goes to the first waiting."""
        def decide(session: Session):
            leaving = session.enrollment(enrollment_id)
            if cancel_token is not None:
                if not tokens.token_matches(cancel_token, leaving.token_hash):
                    raise InvalidCancelToken("this cancel token is not this enrollment's")
                return session.cancel_enrollment(enrollment_id, CancelledBy.PARTICIPANT, now())
            session.require_owner(organization_id)
            return session.cancel_enrollment(enrollment_id, CancelledBy.ORGANIZATION, now())

        session = self._enrollment_step(enrollment_id, decide)
        return dump(EnrollmentSchema, views.enrollment(session, enrollment_id))

    @rpc
    def list_enrollments(self, session_id: str, organization_id: str, query: dict) -> dict:
        """The session's enrollments, for its owner: {"limit": 20, "cursor": null}."""
        page = load(PageQuerySchema, query)
        session = self.store.sessions.get(session_id)
        session.require_owner(organization_id)
        return dump(SessionEnrollmentsSchema,
            views.enrollments_page(session, page["limit"], page["cursor"]))

    @rpc
    def record_attendance(self, enrollment_id: str, organization_id: str,
                          attendance: dict) -> dict:
        """{"enrollment_id": "...", "organization_id": "<the owner>", "attendance":
        {"attended": true, "completed": false}}, once the session has started."""
        present = load(AttendanceSchema, attendance)

        def decide(session: Session):
            session.require_owner(organization_id)
            return session.record_attendance(enrollment_id, present["attended"],
                                             present["completed"], now())

        session = self._enrollment_step(enrollment_id, decide, alone=True)
        return dump(EnrollmentSchema, views.enrollment(session, enrollment_id))

    # -------------------------------------------------------------------------------------

    def _owned(self, training_id: str, organization_id: str, decide: Callable) -> Training:
        def owned(training: Training):
            training.require_owner(organization_id)
            return decide(training)

        return self.store.trainings.change(training_id, owned)

    def _visible(self, training_id: str, viewer_id: str | None, as_operator: bool) -> Training:
        """The training if this viewer may see it: public ones for all, any for its owner
        and operators; else unknown, as if it did not exist."""
        training = self.store.trainings.get(training_id)
        if not (training.is_public or as_operator or training.organization_id == viewer_id):
            raise UnknownTraining(f"no training {training_id}")
        return training

    def _is_public(self, training_id: str) -> bool:
        return self.store.trainings.get(training_id).is_public

    def _enrollment_step(self, enrollment_id: str, decide: Callable, alone: bool = False
                         ) -> Session:
        """A step on the enrollment's session; `alone`: it reads no other enrollment."""
        session_id = tokens.place_of(enrollment_id)
        try:
            if session_id is None:
                raise UnknownSession(f"no session holds {enrollment_id}")
            if alone:
                return self.store.sessions.take_enrollment_step(session_id, enrollment_id, decide)
            session, _ = self.store.sessions.take_step(session_id, decide)
        except UnknownSession:
            raise UnknownEnrollment(f"no enrollment {enrollment_id}") from None
        return session
