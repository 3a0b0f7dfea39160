"""/docs as the gateway routes, serves and documents it: a page with no inline script under a
Content-Security-Policy of its own origin, Swagger UI's files served by name from the package
(never a path taken from the URL), everything else a 404."""

import json
import re
from types import SimpleNamespace
from typing import Any

import pytest
import swagger_ui_bundle  # type: ignore[import-untyped]  # no type hints of its own
from werkzeug.routing import Map, Rule
from werkzeug.test import Client

from services.gateway.auth import Caller, Policy, Role, admit
from services.gateway.docs_page import INITIALIZER, KINDS, VENDOR
from services.gateway.http import JsonErrorsApp, PathSegment
from services.gateway.openapi import document as openapi
from services.gateway.routes.docs import DocsRoutes
from services.gateway.routes.operations import route_specs
from services.gateway.service import GatewayService

PUBLIC = Caller(Role.PUBLIC)
PAGE_ASSETS = re.compile(r'(?:src|href)="([^"]+)"')


def gateway() -> SimpleNamespace:
    """What a route's worker uses of the gateway: access as auth.py rules it, idempotency."""

    def access(request, policy: Policy) -> Caller:
        admit(PUBLIC, policy)
        return PUBLIC

    return SimpleNamespace(access=access,
                           idempotency=SimpleNamespace(once=lambda caller, req, status, run: run()))


class Handler:
    """A route's method answering its request, as nameko's worker would call it."""

    def __init__(self, method):
        self.method = method
        self.url = method.route_spec.url  # what the gateway's WSGI app reads of a route

    def handle_request(self, request):
        return self.method(gateway(), request, **request.path_values)


class Server:
    """The docs routes in a url map made as ApiServer makes it (path values stop at a dot)."""

    def make_url_map(self) -> Map:
        rules = []
        for name in ("docs_page", "docs_script", "docs_stylesheet", "docs_image"):
            method = getattr(DocsRoutes, name)
            endpoint: Any = Handler(method)  # werkzeug types endpoints as names; ours are handlers
            rules.append(Rule(method.route_spec.url, methods=["GET"], endpoint=endpoint))
        return Map(rules, converters={"default": PathSegment})


client = Client(JsonErrorsApp(Server()))


def test_the_page_loads_swagger_ui_over_the_contract_from_the_gateway_only():
    response = client.get("/docs")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert "<script>" not in page and "<style>" not in page  # nothing inline
    referenced = PAGE_ASSETS.findall(page)
    assert referenced and all(url.startswith("/docs/assets/") for url in referenced)
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "connect-src 'self';" in policy
    assert "http" not in policy and "unsafe-eval" not in policy
    assert response.headers["Cache-Control"] == "no-cache"


def test_every_asset_the_page_references_is_served_with_its_media_type_and_cached():
    types = {"js": "text/javascript", "css": "text/css", "png": "image/png"}
    for url in PAGE_ASSETS.findall(client.get("/docs").get_data(as_text=True)):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.mimetype == types[url.rsplit(".", 1)[1]], url
        assert response.headers["Cache-Control"] == "public, max-age=86400"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        name = url.rsplit("/", 1)[1]
        expected = INITIALIZER.encode() if name == "maillage-init.js" else (VENDOR / name).read_bytes()
        assert response.get_data() == expected, url


def test_the_initializer_loads_this_gateways_document_and_nothing_else():
    script = client.get("/docs/assets/maillage-init.js").get_data(as_text=True)
    assert 'url: "/v1/openapi.json"' in script and "validatorUrl: null" in script
    assert "queryConfigEnabled: false" in script and "http" not in script


def test_swagger_ui_comes_from_the_pinned_package():
    assert VENDOR == swagger_ui_bundle.swagger_ui_path and VENDOR.name == "swagger-ui-4.15.5"
    for kind in KINDS:
        for filename in kind.filenames():
            assert filename == "maillage-init.js" or (VENDOR / filename).is_file(), filename


@pytest.mark.parametrize("path", [
    "/docs/assets/swagger-ui-es-bundle.js",  # in the package, but not a file the page uses
    "/docs/assets/swagger-ui-bundle.js.map",
    "/docs/assets/index.html", "/docs/assets/swagger-initializer.js",
    "/docs/assets/nothing.css", "/docs/assets/favicon.png", "/docs/assets/", "/docs/",
    "/docs/assets/../../routes/docs.py", "/docs/assets/..%2f..%2fdocs_page.js",
    "/docs/assets/%2e%2e/%2e%2e/__init__.js", "/docs/assets/..%5c..%5cindex.css",
    "/docs/assets/swagger-ui.css%00.js", "/docs/assets//etc/passwd.css",
])
def test_anything_but_an_asset_of_the_page_is_a_404(path):
    response = client.get(path)
    assert response.status_code == 404, path
    assert json.loads(response.get_data())["error"]["code"] == "NO_SUCH_ENDPOINT"


def test_the_gateway_serves_the_docs_and_declares_them_with_their_media_types():
    document = openapi.build(route_specs(GatewayService))
    declared = {path: operations["get"] for path, operations in document["paths"].items()
                if path.startswith("/docs")}
    assert {path: list(get["responses"]["200"]["content"]) for path, get in declared.items()} == {
        "/docs": ["text/html"], "/docs/assets/{script}.js": ["text/javascript"],
        "/docs/assets/{stylesheet}.css": ["text/css"], "/docs/assets/{image}.png": ["image/png"]}
    assert {tag for get in declared.values() for tag in get["tags"]} == {"docs"}
    (script,) = document["paths"]["/docs/assets/{script}.js"]["parameters"]
    assert script["schema"]["pattern"] == "^(swagger-ui-bundle|maillage-init)$"


def test_the_document_declares_the_bearer_scheme_swagger_uis_authorize_uses():
    document = openapi.build(route_specs(GatewayService))
    assert document["components"]["securitySchemes"]["bearer"] == {"type": "http",
                                                                   "scheme": "bearer"}
