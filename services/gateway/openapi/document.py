"""/v1/openapi.json, generated from the routes' declared schemas (never written by hand).

The document is the contract, exactly: a request it describes is accepted (or refused for the
state of things only: 401/403 for who calls, 404, 409), an answer matches its declaration, and
tests/e2e/test_openapi_contract.py fuzzes the running platform against it. So what marshmallow
validates is what is declared (openapi/fields.py), query values are declared as the strings a
URL carries (never null), path values as the ids the API hands out, and every answer is listed
(openapi/responses.py).
"""

import re
from typing import Any

from apispec import APISpec

from services.gateway.auth import Policy
from services.gateway.form_input import FORM_MEDIA_TYPES
from services.gateway.http import RouteSpec, allowed_methods
from services.gateway.idempotency import HEADER as IDEMPOTENCY_KEY
from services.gateway.idempotency import REPLAYED_HEADER, WRITE_METHODS
from services.gateway.openapi.fields import ContractPlugin
from services.gateway.openapi.responses import (
    HEADERS,
    METHOD_NOT_ALLOWED,
    ErrorSchema,
    require_what_is_answered,
    responses,
)

PATH_VALUE = re.compile(r"<(?:\w+:)?(\w+)>")
ID_PATTERN = "^[0-9a-f]{24}$"  # the ids this API hands out (ObjectId): anything else is a 404
# 1 to 255 printable ASCII characters (idempotency.py), as they arrive: HTTP strips a header
# value's leading and trailing spaces, so a key of spaces only would arrive empty.
KEY_PATTERN = r"^[\x21-\x7e]([\x20-\x7e]{0,253}[\x21-\x7e])?$"
DESCRIPTION = (
    "Every GET also answers HEAD (the same status and headers, no body), and every path "
    "answers OPTIONS with 204 and `Allow`; a method a path does not take is a 405 with "
    "`Allow`. A 500 is a bug, never part of this contract.")

CALLERS = {
    Policy.PUBLIC: "anyone (a token, if sent, must be valid: operators see more)",
    Policy.PARTNER: "partner organizations (an API key of a verified organization)",
    Policy.OPERATOR: "operators (the operator token)",
    Policy.MEMBER: "partner organizations and operators",
}

IDEMPOTENCY_KEY_PARAMETER = {
    "in": "header", "name": IDEMPOTENCY_KEY, "required": False,
    "schema": {"type": "string", "pattern": KEY_PATTERN},
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


def build(routes: list[RouteSpec]) -> dict:
    plugin = ContractPlugin()
    spec = APISpec(title="Maillage API", version="1.0.0", openapi_version="3.0.3",
                   plugins=[plugin], info={"description": DESCRIPTION})
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    spec.components.schema("Error", schema=ErrorSchema)
    for name, header in HEADERS.items():
        spec.components.header(name, header)
    spec.components.response("MethodNotAllowed", METHOD_NOT_ALLOWED)
    paths: dict[str, dict] = {}
    for route in sorted(routes, key=lambda r: (r.url, r.method)):
        path = PATH_VALUE.sub(r"{\1}", route.url)
        paths.setdefault(path, {})[route.method.lower()] = _operation(route, plugin)
    declared = path_parameters(routes)
    for path, operations in paths.items():
        parameters = [declared[name] for name in re.findall(r"{(\w+)}", path)]
        operations["options"] = _options(path, sorted(operations), parameters)
        spec.path(path=path, operations=operations, parameters=parameters)
    document = spec.to_dict()
    require_what_is_answered(document)
    return document


def _operation(spec: RouteSpec, plugin: ContractPlugin) -> dict:
    has_path_values = bool(PATH_VALUE.search(spec.url))
    operation: dict[str, Any] = {
        "summary": spec.summary,
        "operationId": _operation_id(spec.method.lower(), spec.url),
        "tags": [spec.url.split("/")[2 if spec.url.startswith("/v1/") else 1]],  # health, docs
        "responses": responses(spec, has_path_values),
        "parameters": _query_parameters(spec, plugin),
        "security": _security(spec.policy),
        "description": f"Who may call: {CALLERS[spec.policy]}.",
        "x-policy": str(spec.policy),  # the callers the test of this contract sweeps it as
    }
    if spec.body is not None:
        whole = getattr(getattr(spec.body, "Meta", None), "json_schema", {})  # fields.py
        required = (any(field.required for field in spec.body().fields.values())
                    or whole.get("minProperties", 0) > 0)
        forms = FORM_MEDIA_TYPES if spec.form is not None else ()  # the same fields
        operation["requestBody"] = {
            "required": required,
            "content": {media: {"schema": spec.body} for media in ("application/json", *forms)},
        }
    if spec.form is not None and spec.form.description:
        operation["description"] += " " + spec.form.description
    operation["parameters"] += [
        {"in": "header", "name": header.name, "required": False,
         "schema": {"type": "string", "pattern": header.pattern},
         "description": header.description} for header in spec.headers]
    if spec.method in WRITE_METHODS:
        operation["parameters"].append(IDEMPOTENCY_KEY_PARAMETER)
    return operation


def _security(policy: Policy) -> list[dict]:
    """A public route takes no token, or a valid one (an operator sees more)."""
    return [{}, {"bearer": []}] if policy is Policy.PUBLIC else [{"bearer": []}]


def _query_parameters(spec: RouteSpec, plugin: ContractPlugin) -> list[dict]:
    """A query carries strings, never null: `nullable` (from load_default=None) is dropped."""
    if spec.query is None:
        return []
    assert plugin.converter is not None, "init_spec has not yet been called"  # as apispec asserts
    parameters = plugin.converter.schema2parameters(spec.query, location="query")
    for parameter in parameters:
        parameter["schema"].pop("nullable", None)
        if parameter["schema"].get("default", "") is None:
            del parameter["schema"]["default"]
    return parameters


def path_parameters(routes: list[RouteSpec]) -> dict[str, dict]:
    """Each path value's parameter, by name: an ObjectId unless its routes declare another
    shape (`PathParameter`). One name has one shape in the whole document, so a route that
    forgets to declare it is refused here rather than documented wrong."""
    shapes: dict[str, set[tuple[str, str]]] = {}
    for route in routes:
        declared = {p.name: (p.pattern, p.description) for p in route.path_parameters}
        for name in PATH_VALUE.findall(route.url):
            shapes.setdefault(name, set()).add(declared.pop(name, (ID_PATTERN, "")))
        if declared:
            raise ValueError(f"{route.url} has no path value {', '.join(declared)}")
    mixed = sorted(name for name, shape in shapes.items() if len(shape) > 1)
    if mixed:
        raise ValueError(f"path values declared differently by different routes: {mixed}")
    return {name: _path_parameter(name, *shape.pop()) for name, shape in shapes.items()}


def _path_parameter(name: str, pattern: str, description: str) -> dict:
    parameter = {"in": "path", "name": name, "required": True,
                 "schema": {"type": "string", "pattern": pattern}}
    return {**parameter, "description": description} if description else parameter


def _options(path: str, methods: list[str], parameters: list[dict]) -> dict:
    allowed = allowed_methods(methods)
    answers = {"204": {"description": "no content; see Allow", "headers": {"Allow": "Allow"}}}
    if "{" in path:  # a value that is not a path segment routes nowhere
        answers["404"] = {"description": "no such path",
                          "content": {"application/json": {"schema": "Error"}}}
    return {"summary": "The methods this path takes: " + ", ".join(allowed),
            "operationId": _operation_id("options", path), "tags": ["http"],
            "security": [{}], "x-policy": str(Policy.PUBLIC), "responses": answers,
            "parameters": [  # routing alone answers: any path segment without a dot will do
                {**parameter, "schema": {"type": "string", "pattern": "^[^/.]+$"}}
                for parameter in parameters]}


def _operation_id(method: str, path: str) -> str:
    """get /v1/organizations/{organization_id}/network -> get_organizations_organization_id_network"""
    words = [re.sub("[{}]", "", w) for w in PATH_VALUE.sub(r"{\1}", path).split("/")
             if w not in ("", "v1")]
    return "_".join([method, *words]).replace("-", "_").replace(".", "_")
