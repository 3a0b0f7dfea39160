"""The HTTP entrypoint of the public API: JSON in and out, one error format, bounded bodies,
a correlation id per request, and a declared contract per route (for /v1/openapi.json).

    @route("POST", "/v1/organizations", policy=Policy.PUBLIC,
           body=OrganizationApplicationSchema, response=(201, OrganizationSchema))
    def apply_organization(self, caller, body): ...

The wrapped method receives who is calling (`Caller`), the `body` and `query` when the route
declares them (validated here, forwarded as sent: the owning service validates them again at
its own boundary), and the path values. It answers JSON, or the text of its route's
`media_type` (`media_type="text/calendar"`: the method returns the calendar's text).
A route for a person's browser may also take its body as a form (`form=FormBody(...)`,
form_input.py), answered by a page.

A path value is one path segment up to a dot (`PathSegment`), so that `/v1/conferences/<id>`
and `/v1/conferences/<id>.ics` never take each other's paths, whatever the method.
"""

import functools
import logging
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass

from eventlet.event import Event as Done
from marshmallow import Schema
from nameko.web.handlers import HttpRequestHandler
from nameko.web.server import HttpOnlyProtocol, WebServer, WsgiApp
from werkzeug.exceptions import HTTPException, MethodNotAllowed
from werkzeug.routing import BaseConverter, Map
from werkzeug.wrappers import Request, Response

from services.gateway.auth import Policy, Role
from services.gateway.errors import (
    BodyTooLarge,
    MethodNotSupported,
    NoSuchEndpoint,
    as_api_error,
    error_response,
    json_response,
    text_response,
)
from services.gateway.form_input import FormBody, form_body
from services.gateway.json_input import parse_object
from services.gateway.ratelimit import RateLimit
from shared.contract.errors import InvalidInput
from shared.contract.validation import built, check
from shared.runtime import config, correlation, metrics

log = logging.getLogger(__name__)
CORRELATION_HEADER = "X-Correlation-Id"
JSON = "application/json"
_correlation_format = re.compile(r"^[A-Za-z0-9._-]{1,128}$")


@dataclass(frozen=True)
class HeaderParameter:
    """A request header a route reads, passed to it as `argument` (None when absent); a
    value that does not match `pattern` is a 422 naming the header."""

    name: str
    argument: str
    pattern: str
    description: str

    def read(self, request: Request) -> str | None:
        value = request.headers.get(self.name)
        if value is not None and re.fullmatch(self.pattern, value) is None:
            raise InvalidInput(f"{self.name} is malformed", {self.name: [self.description]})
        return value


@dataclass(frozen=True)
class PathParameter:
    """A path value of another shape than an ObjectId, as the OpenAPI document declares it."""

    name: str
    pattern: str
    description: str = ""


@dataclass(frozen=True)
class RouteSpec:
    method: str
    url: str
    summary: str
    policy: Policy
    body: type[Schema] | None
    query: type[Schema] | None
    response: tuple[int, type[Schema] | None]
    rate_limit: RateLimit | None = None
    headers: tuple[HeaderParameter, ...] = ()
    path_parameters: tuple[PathParameter, ...] = ()
    media_type: str = JSON  # of the success answer; errors are always JSON
    form: FormBody | None = None  # the body may also come as a form, answered by a page


class PathSegment(BaseConverter):
    """Werkzeug's default path value, stopped at a dot: a route's suffix (`<id>.ics`) is never
    read as part of another route's id. No id this API hands out has a dot."""

    regex = "[^/.]+"


def allowed_methods(methods) -> list[str]:
    """What a path with routes for `methods` answers: those, HEAD with GET (werkzeug answers
    it as a GET without the body), and OPTIONS (JsonErrorsApp)."""
    allowed = {method.upper() for method in methods} | {"OPTIONS"}
    if "GET" in allowed:
        allowed.add("HEAD")
    return sorted(allowed)


class JsonErrorsApp(WsgiApp):
    """nameko's WSGI app, answering unknown paths and methods in the API's error format,
    and OPTIONS itself (204): both say in `Allow` which methods the path takes (RFC 9110).
    These answers carry a correlation id too, as every answer of the API does."""

    def __call__(self, environ, start_response):
        started, template = time.monotonic(), metrics.UNMATCHED_ROUTE
        request = Request(environ, shallow=True)  # as nameko's: ApiRoute reads the body
        try:
            rule, path_values = self.url_map.bind_to_environ(environ).match(return_rule=True)
            # nameko's convention (its WsgiApp does the same): handlers read path_values here
            request.path_values = path_values  # type: ignore[attr-defined]
        except MethodNotAllowed as exc:
            response = _without_route(request.method, exc.valid_methods or [])
            response.headers[CORRELATION_HEADER] = correlation_id_of(request)
        except HTTPException:
            response = error_response(NoSuchEndpoint("no such endpoint"))
            response.headers[CORRELATION_HEADER] = correlation_id_of(request)
        else:
            template = rule.rule  # the route's template: no ids in the metrics' labels
            response = rule.endpoint.handle_request(request)
        metrics.observe_request(request.method, template, response.status_code,
                                time.monotonic() - started)
        return response(environ, start_response)


def correlation_id_of(request: Request) -> str:
    """The client's correlation id if it is well formed, else a new one."""
    sent = request.headers.get(CORRELATION_HEADER, "")
    return sent if _correlation_format.match(sent) else correlation.new_id()


def _without_route(method: str, valid_methods: Iterable[str]) -> Response:
    allow = ", ".join(allowed_methods(valid_methods))
    if method == "OPTIONS":
        response = Response(status=204, headers={"Allow": allow})
        del response.headers["Content-Type"]  # no content, so no type of it
        return response
    response = error_response(MethodNotSupported("this endpoint does not take this method"))
    response.headers["Allow"] = allow
    return response


class ApiServer(WebServer):
    def get_wsgi_app(self):
        return JsonErrorsApp(self)

    def get_wsgi_server(self, sock, wsgi_app, protocol=HttpOnlyProtocol, debug=False):
        """nameko's, without eventlet's own line per request: ApiRoute logs each one, with
        its correlation id, and a second line per request cost as much again."""
        server = super().get_wsgi_server(sock, wsgi_app, protocol, debug)
        server.log_output = False
        return server

    def make_url_map(self) -> Map:
        """nameko's, with PathSegment for path values (nameko's own Map takes no converters)."""
        url_map = Map(converters={"default": PathSegment})
        for provider in self._providers:
            rule = provider.get_url_rule()
            rule.endpoint = provider
            url_map.add(rule)
        return url_map


class ApiRoute(HttpRequestHandler):
    server = ApiServer()

    def __init__(self, method: str, url: str, spec: RouteSpec, **kwargs):
        self.spec = spec
        super().__init__(method, url, **kwargs)

    def setup(self) -> None:
        self.max_body_bytes = config.load().max_body_bytes
        super().setup()

    def handle_request(self, request: Request) -> Response:
        started = time.monotonic()
        request.shallow = False
        correlation_id = correlation_id_of(request)
        try:
            _read_body(request, self.max_body_bytes)
            done = Done()
            self.container.spawn_worker(
                self, (request,), request.path_values,  # type: ignore[attr-defined]  # set by JsonErrorsApp
                context_data={correlation.CONTEXT_KEY: correlation_id},
                handle_result=lambda worker_ctx, result, exc_info: (
                    done.send(result, exc_info) or (result, exc_info)
                ),
            )
            response = self._response(done.wait())
        except Exception as exc:
            response = error_response(exc)
        response.headers[CORRELATION_HEADER] = correlation_id
        correlation.current.set(correlation_id)
        log.info("%s %s -> %d in %.1f ms", request.method, request.path, response.status_code,
                 (time.monotonic() - started) * 1000)
        return response

    def _response(self, result) -> Response:
        if isinstance(result, Response):
            return result
        status, body = result if isinstance(result, tuple) else (self.spec.response[0], result)
        return json_response(status, body)


def _read_body(request: Request, limit: int) -> None:
    """Reads at most `limit` bytes of the body (MAX_BODY_BYTES), whatever Content-Length claims."""
    if (request.content_length or 0) > limit:
        raise BodyTooLarge(f"the body exceeds {limit} bytes")
    data = request.stream.read(limit + 1)
    if len(data) > limit:
        raise BodyTooLarge(f"the body exceeds {limit} bytes")
    request._cached_data = data  # what werkzeug's get_data() returns from now on


def json_body(request: Request, schema: type[Schema]):
    return check(schema, parse_object(request.get_data()))


def query_args(request: Request, schema: type[Schema]):
    many = {name for name, f in built(schema).fields.items() if f.__class__.__name__ == "List"}
    args = {k: (request.args.getlist(k) if k in many else request.args[k]) for k in request.args}
    return check(schema, args)


def _answer(result, spec: RouteSpec):
    """A route's result; one in another media type than JSON becomes its response here, so that
    what replays it (idempotency.py) and what sends it (ApiRoute) need not know the type."""
    if spec.media_type == JSON or isinstance(result, Response):
        return result
    status, text = result if isinstance(result, tuple) else (spec.response[0], result)
    return text_response(status, text, spec.media_type)


def route(method: str, url: str, *, policy: Policy, summary: str = "",
          body: type[Schema] | None = None, query: type[Schema] | None = None,
          response: tuple[int, type[Schema] | None] = (200, None),
          rate_limit: RateLimit | None = None, headers: tuple[HeaderParameter, ...] = (),
          path_parameters: tuple[PathParameter, ...] = (), media_type: str = JSON,
          form: FormBody | None = None):
    spec = RouteSpec(method, url, summary, policy, body, query, response, rate_limit, headers,
                     path_parameters, media_type, form)

    def decorate(function):
        @functools.wraps(function)
        def handle(self, request: Request, **path_values):
            try:
                caller = self.access(request, policy)
                page = form.answer if form is not None and form.takes(request) else None
                inputs = {}
                if body is not None:
                    inputs["body"] = (json_body if page is None else form_body)(request, body)
                if query is not None:
                    inputs["query"] = query_args(request, query)
                inputs.update((header.argument, header.read(request)) for header in headers)

                def run():
                    # counted when it runs, not when replayed; operators are staff, not
                    # the public a limit holds back (`maillage seed` applies as many as it needs)
                    if rate_limit is not None and caller.role is not Role.OPERATOR:
                        self.rate_limits.admit(rate_limit, request)
                    result = function(self, caller, **inputs, **path_values)
                    return _answer(result, spec) if page is None else page(result)

                return self.idempotency.once(  # a retried write gets the first answer
                    caller, request, spec.response[0], run)
            except Exception as exc:  # an answer (4xx, 503, 504), not a crash: no traceback
                if as_api_error(exc) is None:
                    raise  # a bug: nameko logs it, the client gets a 500 that reveals nothing
                return error_response(exc)

        handle.route_spec = spec  # type: ignore[attr-defined]  # read back by route_specs()
        return ApiRoute.decorator(method, url, spec=spec)(handle)

    return decorate
