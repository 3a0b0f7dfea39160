"""The one table from errors to HTTP statuses, and the error body of the public API:
    {"error": {"code": "SESSION_FULL", "message": "...", "fields": {...}}}

Typed errors map by category. Failures of a dependency (the broker, a database, a service
that does not answer) are translated first into the gateway's own typed errors, so a client
learns "try again later" (503, 504) and never sees a 500 for something that is not a bug.
"""

import json
import logging

import amqp.exceptions
import kombu.exceptions
import pymongo.errors
from nameko.exceptions import RemoteError
from werkzeug.wrappers import Response

from shared.contract import errors

log = logging.getLogger(__name__)


class MalformedJson(errors.MaillageError):
    code = "MALFORMED_JSON"


class BodyTooLarge(errors.MaillageError):
    code = "BODY_TOO_LARGE"


class NoSuchEndpoint(errors.NotFound):
    code = "NO_SUCH_ENDPOINT"


class MethodNotSupported(errors.MaillageError):
    code = "METHOD_NOT_ALLOWED"


class ServiceUnavailable(errors.MaillageError):
    """A dependency is down (broker, database, a service never started): nothing was done."""

    code = "SERVICE_UNAVAILABLE"
    retry_after_seconds: int | None = 5


class ServiceTimeout(ServiceUnavailable):
    """A service did not answer in time: it may still do the work (hence not a 503)."""

    code = "SERVICE_TIMEOUT"
    retry_after_seconds = None


class RateLimited(errors.MaillageError):
    code = "RATE_LIMITED"

    def __init__(self, message: str, fields: dict | None = None, retry_after_seconds: int = 1):
        super().__init__(message, fields)
        self.retry_after_seconds = retry_after_seconds


STATUS_BY_ERROR: list[tuple[type[errors.MaillageError], int]] = [  # first match wins
    (MalformedJson, 400),
    (errors.Unauthorized, 401),
    (errors.Forbidden, 403),
    (errors.NotFound, 404),
    (errors.Conflict, 409),
    (MethodNotSupported, 405),
    (BodyTooLarge, 413),
    (errors.InvalidInput, 422),
    (RateLimited, 429),
    (ServiceTimeout, 504),
    (ServiceUnavailable, 503),
]

BROKER_FAILURES = (kombu.exceptions.OperationalError, amqp.exceptions.ConnectionError,
                   ConnectionError)


def _names_of_subclasses(base: type) -> frozenset[str]:
    return frozenset({base.__name__}).union(*map(_names_of_subclasses, base.__subclasses__()))


# A service's worker that cannot reach its database fails with one of these (ServerSelection-
# TimeoutError, AutoReconnect, NetworkTimeout, NotPrimaryError, ...); nameko sends only the
# class name, so the gateway recognizes them by name.
DATABASE_FAILURE_NAMES = _names_of_subclasses(pymongo.errors.ConnectionFailure)


def dependency_failure(exc: BaseException, service: str = "gateway") -> ServiceUnavailable | None:
    """The answer to a failure of the broker or of a database on the way to `service`, or None
    when `exc` is something else."""
    if isinstance(exc, BROKER_FAILURES):
        return ServiceUnavailable("the message broker is unreachable; retry later")
    if isinstance(exc, pymongo.errors.ConnectionFailure):
        return ServiceUnavailable(f"the {service}'s database is unreachable; retry later")
    if isinstance(exc, RemoteError) and exc.exc_type in DATABASE_FAILURE_NAMES:
        return ServiceUnavailable(f"the {service} service cannot reach its database; retry later")
    return None


def as_api_error(exc: BaseException) -> errors.MaillageError | None:
    """The typed error the API answers for `exc`, or None when `exc` is a bug (a 500)."""
    if isinstance(exc, errors.MaillageError):
        return exc
    return dependency_failure(exc)


def status_of(error: errors.MaillageError) -> int:
    for error_type, status in STATUS_BY_ERROR:
        if isinstance(error, error_type):
            return status
    return 500


def json_response(status: int, body, headers: dict | None = None) -> Response:
    """UTF-8 JSON with accents written as such ("Réseau", not "R\\u00e9seau": API.md)."""
    return Response(json.dumps(body, ensure_ascii=False).encode(), status=status,
                    headers=headers, content_type="application/json; charset=utf-8")


def text_response(status: int, text: str, media_type: str) -> Response:
    """A route's answer in another media type than JSON (text/calendar), in UTF-8."""
    return Response(text.encode(), status=status, content_type=f"{media_type}; charset=utf-8")


def _headers_of(error: errors.MaillageError, status: int) -> dict:
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else {}
    retry_after = getattr(error, "retry_after_seconds", None)
    if retry_after is not None:
        headers["Retry-After"] = str(max(1, int(retry_after)))
    return headers


def error_response(exc: BaseException) -> Response:
    error = as_api_error(exc)
    if error is None:  # a bug, here or in a service: say little, log all
        log.error("unexpected error: %r", exc, exc_info=not isinstance(exc, RemoteError))
        error = errors.MaillageError("an unexpected error occurred")
        status, code = 500, "INTERNAL"
    else:
        status, code = status_of(error), error.code
    body = {"error": {"code": code, "message": error.message, "fields": error.fields}}
    return json_response(status, body, _headers_of(error, status) or None)
