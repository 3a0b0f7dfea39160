"""Routes of the training catalog: trainings, their sessions, and enrollments in them."""

from services.catalog.contract.enrollments import (
    ENROLLMENT_ID_PATTERN,
    AttendanceSchema,
    EnrollmentReceiptSchema,
    EnrollmentRequestSchema,
    EnrollmentSchema,
    SessionEnrollmentsSchema,
)
from services.catalog.contract.schemas import (
    TrainingChangesSchema,
    TrainingDraftSchema,
    TrainingFiltersSchema,
    TrainingListSchema,
    TrainingSchema,
    TrainingSummarySchema,
)
from services.catalog.contract.sessions import SessionDraftSchema, SessionSchema
from services.gateway.auth import Caller, Policy
from services.gateway.cancel_tokens import cancel_token_header, cancelling
from services.gateway.http import PathParameter, route
from services.gateway.ratelimit import RateLimit
from services.gateway.services import TimedService
from shared.contract.paging import PageQuerySchema

ENROLLMENT_ID = PathParameter("enrollment_id", ENROLLMENT_ID_PATTERN,
                              "its session's id and its own")


class TrainingRoutes:
    catalog: TimedService  # its backend's RPC proxy, which the gateway's class adds

    @route("POST", "/v1/trainings", policy=Policy.PARTNER, summary="Create a training (draft)",
           body=TrainingDraftSchema, response=(201, TrainingSummarySchema))
    def create_training(self, caller: Caller, body: dict):
        return 201, self.catalog.create_training(caller.organization_id, body)

    @route("GET", "/v1/trainings", policy=Policy.PUBLIC, summary="Search the public catalog",
           query=TrainingFiltersSchema, response=(200, TrainingListSchema))
    def search_trainings(self, caller: Caller, query: dict):
        return self.catalog.search_trainings(query)

    @route("GET", "/v1/trainings/<training_id>", policy=Policy.PUBLIC,
           summary="One training, with its sessions", response=(200, TrainingSchema))
    def get_training(self, caller: Caller, training_id: str):
        return self.catalog.get_training(training_id, caller.organization_id, caller.is_operator)

    @route("PATCH", "/v1/trainings/<training_id>", policy=Policy.PARTNER,
           summary="Change a draft or published training (its owner)",
           body=TrainingChangesSchema, response=(200, TrainingSummarySchema))
    def change_training(self, caller: Caller, body: dict, training_id: str):
        return self.catalog.change_training(training_id, caller.organization_id, body)

    @route("POST", "/v1/trainings/<training_id>/publish", policy=Policy.PARTNER,
           summary="Publish a training (its owner)", response=(200, TrainingSummarySchema))
    def publish_training(self, caller: Caller, training_id: str):
        return self.catalog.publish_training(training_id, caller.organization_id)

    @route("POST", "/v1/trainings/<training_id>/unpublish", policy=Policy.PARTNER,
           summary="Take a training out of the catalog (its owner)",
           response=(200, TrainingSummarySchema))
    def unpublish_training(self, caller: Caller, training_id: str):
        return self.catalog.unpublish_training(training_id, caller.organization_id)

    @route("POST", "/v1/trainings/<training_id>/sessions", policy=Policy.PARTNER,
           summary="Schedule a session of a training (its owner)", body=SessionDraftSchema,
           response=(201, SessionSchema))
    def schedule_session(self, caller: Caller, body: dict, training_id: str):
        return 201, self.catalog.schedule_session(training_id, caller.organization_id, body)


class EnrollmentRoutes:
    catalog: TimedService

    @route("GET", "/v1/sessions/<session_id>", policy=Policy.PUBLIC, summary="One session",
           response=(200, SessionSchema))
    def get_session(self, caller: Caller, session_id: str):
        return self.catalog.get_session(session_id, caller.organization_id, caller.is_operator)

    @route("POST", "/v1/sessions/<session_id>/cancel", policy=Policy.PARTNER,
           summary="Cancel a session and its enrollments (its owner)",
           response=(200, SessionSchema))
    def cancel_session(self, caller: Caller, session_id: str):
        return self.catalog.cancel_session(session_id, caller.organization_id)

    @route("POST", "/v1/sessions/<session_id>/enrollments", policy=Policy.PUBLIC,
           summary="Enroll in a session (confirmed, or on the waiting list)",
           body=EnrollmentRequestSchema, response=(201, EnrollmentReceiptSchema),
           rate_limit=RateLimit.ENROLLMENTS)
    def enroll(self, caller: Caller, body: dict, session_id: str):
        return 201, self.catalog.enroll(session_id, body)

    @route("GET", "/v1/sessions/<session_id>/enrollments", policy=Policy.PARTNER,
           summary="A session's enrollments, with counts (its owner)", query=PageQuerySchema,
           response=(200, SessionEnrollmentsSchema))
    def list_enrollments(self, caller: Caller, query: dict, session_id: str):
        return self.catalog.list_enrollments(session_id, caller.organization_id, query)

    @route("DELETE", "/v1/enrollments/<enrollment_id>", policy=Policy.PUBLIC,
           summary="Cancel an enrollment (its participant with X-Cancel-Token, or the "
                   "session's owner); the first waiting takes the seat",
           response=(200, EnrollmentSchema), headers=(cancel_token_header("enrollment"),),
           path_parameters=(ENROLLMENT_ID,))
    def cancel_enrollment(self, caller: Caller, enrollment_id: str, cancel_token: str | None):
        return self.catalog.cancel_enrollment(enrollment_id, *cancelling(caller, cancel_token))

    @route("POST", "/v1/enrollments/<enrollment_id>/attendance", policy=Policy.PARTNER,
           summary="Record attendance, once the session has started (its owner)",
           body=AttendanceSchema, response=(200, EnrollmentSchema),
           path_parameters=(ENROLLMENT_ID,))
    def record_attendance(self, caller: Caller, body: dict, enrollment_id: str):
        return self.catalog.record_attendance(enrollment_id, caller.organization_id, body)
