"""/v1/openapi.json, generated from the routes' declared schemas (never written by hand)."""

import re

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from marshmallow import Schema, fields

from services.gateway.auth import Policy
from services.gateway.http import RouteSpec
from services.gateway.idempotency import HEADER as IDEMPOTENCY_KEY
from services.gateway.idempotency import REPLAYED_HEADER, WRITE_METHODS


class ErrorDetailSchema(Schema):
    code = fields.String(metadata={"example": "INVALID_INPUT"})
    message = fields.String()
    fields = fields.Dict(metadata={"description": "field name -> messages"})


class ErrorSchema(Schema):
    error = fields.Nested(ErrorDetailSchema)


ERROR_STATUSES = {"400": "malformed JSON", "401": "missing or bad token",
                  "403": "not allowed", "404": "not found", "409": "conflict",
                  "413": "body too large", "422": "invalid fields",
                  "503": "a service is unavailable (retry after Retry-After seconds)",
                  "504": "a service did not answer in time (it may still do the work)"}
RATE_LIMITED = {"description": "rate limited: too many requests from this address "
                               "(retry after Retry-After seconds)",
                "content": {"application/json": {"schema": "Error"}}}

IDEMPOTENCY_KEY_PARAMETER = {
    "in": "header", "name": IDEMPOTENCY_KEY, "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": 255},
    "description": (
        "Makes a retry safe: the same key with the same method, path and body returns the "
        f"first final answer (status and body, with `{REPLAYED_HEADER}: true`), also when the "
        "first attempt got no answer; the same key for another request is a 422 "
        "IDEMPOTENCY_KEY_REUSED; while the first is still being answered, a 409 "
        "REQUEST_IN_PROGRESS with Retry-After. Keys belong to their caller and are kept 24 h "
        "(IDEMPOTENCY_KEY_TTL_HOURS). 5xx answers are not kept: a retry runs the request again "
        "and is never applied twice."
    ),
}


def _operation(spec: RouteSpec) -> dict:
    status, schema = spec.response
    success = {"description": "OK"}
    if schema is not None:
        success["content"] = {"application/json": {"schema": schema}}
    operation = {
        "summary": spec.summary,
        "tags": [spec.url.split("/")[2] if spec.url.startswith("/v1/") else "health"],
        "responses": {str(status): success, **{
            code: {"description": why, "content": {"application/json": {"schema": "Error"}}}
            for code, why in ERROR_STATUSES.items()
        }},
        "parameters": [
            {"in": "path", "name": name, "required": True, "schema": {"type": "string"}}
            for name in re.findall(r"<(?:\w+:)?(\w+)>", spec.url)
        ],
    }
    if spec.policy is not Policy.PUBLIC:
        operation["security"] = [{"bearer": []}]
    if spec.body is not None:
        operation["requestBody"] = {
            "required": True, "content": {"application/json": {"schema": spec.body}},
        }
    if spec.query is not None:
        operation["parameters"].append({"in": "query", "schema": spec.query})
    if spec.rate_limit is not None:
        operation["responses"]["429"] = RATE_LIMITED
    if spec.method in WRITE_METHODS:
        operation["parameters"].append(IDEMPOTENCY_KEY_PARAMETER)
    return operation


def build(routes: list[RouteSpec]) -> dict:
    spec = APISpec(title="Maillage API", version="1.0.0", openapi_version="3.0.3",
                   plugins=[MarshmallowPlugin()])
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    spec.components.schema("Error", schema=ErrorSchema)
    paths: dict[str, dict] = {}
    for route in routes:
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route.url)
        paths.setdefault(path, {})[route.method.lower()] = _operation(route)
    for path, operations in paths.items():
        spec.path(path=path, operations=operations)
    return spec.to_dict()
