"""The one table from errors to HTTP statuses, and the error body of the public API:
    {"error": {"code": "SESSION_FULL", "message": "...", "fields": {...}}}
"""

import json
import logging

from nameko.exceptions import RemoteError
from werkzeug.wrappers import Response

from shared import errors

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
    code = "SERVICE_UNAVAILABLE"


STATUS_BY_ERROR: list[tuple[type[errors.MaillageError], int]] = [
    (MalformedJson, 400),
    (errors.Unauthorized, 401),
    (errors.Forbidden, 403),
    (errors.NotFound, 404),
    (errors.Conflict, 409),
    (MethodNotSupported, 405),
    (BodyTooLarge, 413),
    (errors.InvalidInput, 422),
    (ServiceUnavailable, 503),
]


def status_of(error: errors.MaillageError) -> int:
    for error_type, status in STATUS_BY_ERROR:
        if isinstance(error, error_type):
            return status
    return 500


def json_response(status: int, body, headers: dict | None = None) -> Response:
    return Response(json.dumps(body), status=status, headers=headers,
                    mimetype="application/json")


def error_response(exc: Exception) -> Response:
    if isinstance(exc, errors.MaillageError):
        status, code, message, fields = status_of(exc), exc.code, exc.message, exc.fields
    else:  # a bug, here or in a service: say little, log all
        log.error("unexpected error: %r", exc, exc_info=not isinstance(exc, RemoteError))
        status, code, message, fields = 500, "INTERNAL", "an unexpected error occurred", {}
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return json_response(status, {"error": {"code": code, "message": message, "fields": fields}},
                         headers)
