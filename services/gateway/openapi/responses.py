"""Every answer an operation can give, for /v1/openapi.json: the success status of its route,
and the errors its shape makes possible (who may call, whether it reads a body, a query or a
path, whether it writes, whether it is rate limited), each with its headers.

Not per operation: 405 (any path, for a method it does not take; see `METHOD_NOT_ALLOWED`)
and 500 (a bug: never part of the contract).
"""

from marshmallow import Schema, fields

from services.gateway.http import CORRELATION_HEADER, JSON, RouteSpec
from services.gateway.idempotency import REPLAYED_HEADER, WRITE_METHODS

ANSWERED_WITHOUT_A_WORKER = frozenset({"/health/live"})  # services/gateway/liveness.py
ANSWER_THEIR_SCHEMA_WHEN_DOWN = frozenset({"/health", "/health/ready"})  # 503, "degraded"


class ErrorDetailSchema(Schema):
    code = fields.String(required=True, metadata={"example": "INVALID_INPUT"})
    message = fields.String(required=True)
    # named `fields` in the API; as a class attribute that name would hide Schema.fields
    field_messages = fields.Dict(required=True, data_key="fields",
                                 metadata={"description": "field name -> messages"})


class ErrorSchema(Schema):
    error = fields.Nested(ErrorDetailSchema, required=True)


def _header(schema: dict, description: str, required: bool = False) -> dict:
    return {"schema": schema, "description": description, "required": required}


_SECONDS = {"type": "integer", "minimum": 1}
HEADERS = {  # components/headers, referred to by name
    "CorrelationId": _header({"type": "string", "pattern": "^[A-Za-z0-9._-]{1,128}$"},
                             "the request's correlation id (the one sent if valid, else a new "
                             "one)", required=True),
    "Replayed": _header({"type": "string", "enum": ["true"]},
                        "this is the first answer to this Idempotency-Key, replayed"),
    "Allow": _header({"type": "string", "pattern": "^[A-Z]+(, [A-Z]+)*$"},
                     "the methods this path takes", required=True),
    "WwwAuthenticate": _header({"type": "string", "enum": ["Bearer"]}, "how to authenticate",
                               required=True),
    "RetryAfter": _header(_SECONDS, "seconds to wait before retrying", required=True),
    "RetryAfterIfAny": _header(_SECONDS, "seconds to wait before retrying, when given"),
}
METHOD_NOT_ALLOWED = {"description": "this path does not take this method",
                      "headers": {"Allow": "Allow"},
                      "content": {"application/json": {"schema": "Error"}}}

ERRORS = {  # status -> (why, headers)
    "400": ("malformed JSON (not an object, or nested too deep)", {}),
    "401": ("missing or bad token", {"WWW-Authenticate": "WwwAuthenticate"}),
    "403": ("not allowed (or the token's organization is not verified)", {}),
    "404": ("not found", {}),
    "409": ("conflict, or an illegal transition; REQUEST_IN_PROGRESS: retry after Retry-After",
            {"Retry-After": "RetryAfterIfAny"}),
    "413": ("body too large (MAX_BODY_BYTES)", {}),
    "422": ("invalid fields (`fields` says which), or an Idempotency-Key reused", {}),
    "429": ("rate limited: too many requests from this address",
            {"Retry-After": "RetryAfter"}),
    "503": ("a service or a database is unavailable: nothing was done",
            {"Retry-After": "RetryAfterIfAny"}),
    "504": ("a service did not answer in time: it may still do the work (retry with the same "
            "Idempotency-Key)", {}),
}


def error_statuses(spec: RouteSpec, has_path_values: bool) -> list[str]:
    """The error statuses an operation can answer."""
    if spec.url in ANSWERED_WITHOUT_A_WORKER:
        return []
    statuses = {"401", "403", "413", "503", "504"}  # any token is checked, any body bounded
    writes = spec.method in WRITE_METHODS
    if spec.body is not None:
        statuses |= {"400", "404", "422"}  # a body may name another resource
    if spec.query is not None or writes:
        statuses.add("422")  # the query, or the Idempotency-Key
    if has_path_values:
        statuses.add("404")
    if writes:
        statuses.add("409")
    if spec.rate_limit is not None:
        statuses.add("429")
    return sorted(statuses)


def responses(spec: RouteSpec, has_path_values: bool) -> dict:
    status, schema = spec.response
    common = {} if spec.url in ANSWERED_WITHOUT_A_WORKER else {CORRELATION_HEADER: "CorrelationId"}
    if spec.method in WRITE_METHODS:
        common[REPLAYED_HEADER] = "Replayed"
    answers = {str(status): _success(spec, common)}
    for code in error_statuses(spec, has_path_values):
        why, headers = ERRORS[code]
        answers[code] = {"description": why, "headers": {**common, **headers},
                         "content": {"application/json": {"schema": "Error"}}}
    if spec.url in ANSWER_THEIR_SCHEMA_WHEN_DOWN and schema is not None:
        answers["503"]["content"]["application/json"]["schema"] = {
            "anyOf": [{"$ref": "#/components/schemas/Error"}, schema]}
    return answers


def _success(spec: RouteSpec, headers: dict) -> dict:
    """Its JSON schema, or the text of the route's media type (text/calendar); and the page
    that answers its body sent as a form (form_input.py), if it takes one."""
    schema = spec.response[1]
    answer: dict = {"description": "OK", "headers": dict(headers)}
    if spec.media_type != JSON:
        answer["content"] = {spec.media_type: {"schema": {"type": "string"}}}
    elif schema is not None:
        answer["content"] = {JSON: {"schema": schema}}
    if spec.form is not None:
        answer.setdefault("content", {})[spec.form.media_type] = {"schema": {"type": "string"}}
    return answer


def require_what_is_answered(document: dict) -> None:
    """marshmallow's dump() writes every field of its schema, so an answer carries them all:
    a component only answered requires each of its properties; one also read from requests
    requires its readOnly ones (which OpenAPI applies to answers only)."""
    schemas = document["components"]["schemas"]
    read = _referenced([operation["requestBody"] for path in document["paths"].values()
                        for operation in path.values()
                        if isinstance(operation, dict) and "requestBody" in operation], schemas)
    for name, schema in schemas.items():
        properties = schema.get("properties", {})
        answered = [p for p, s in properties.items() if name not in read or s.get("readOnly")]
        if answered:
            schema["required"] = sorted({*schema.get("required", []), *answered})


def _referenced(roots: list, schemas: dict) -> set[str]:
    """The names of the components `roots` refer to, directly or through one another."""
    names: set[str] = set()
    pending = list(roots)
    while pending:
        node = pending.pop()
        if isinstance(node, list):
            pending.extend(node)
        elif isinstance(node, dict):
            reference = node.get("$ref", "")
            name = reference.rsplit("/", 1)[-1]
            if reference.startswith("#/components/schemas/") and name not in names:
                names.add(name)
                pending.append(schemas[name])
            pending.extend(v for k, v in node.items() if k != "$ref")
    return names
