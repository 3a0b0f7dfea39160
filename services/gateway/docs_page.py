"""The interactive documentation at /docs: Swagger UI (the `swagger-ui-bundle` package, pinned in
pyproject.toml) over /v1/openapi.json, so that a partner's volunteer can read the contract and
try calls with the organization's API key (Authorize: the `bearer` scheme the document declares).

Every byte comes from the gateway itself: no CDN (a page that loads a script from elsewhere
trusts that elsewhere with the key typed into it). Assets are served by name from a fixed list
of the files the page uses, never by a path taken from the URL: nothing outside the list, in
the package's directory or beyond, can be reached. The page has no inline script: its
initializer is a file too (`maillage-init.js`), so the Content-Security-Policy allows scripts
from this origin only.
"""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import swagger_ui_bundle  # type: ignore[import-untyped]  # no type hints of its own
from werkzeug.wrappers import Response

from services.gateway.errors import NoSuchEndpoint

HTML = "text/html"
ASSETS = "/docs/assets"
VENDOR = Path(str(swagger_ui_bundle.swagger_ui_path))  # .../vendor/swagger-ui-4.15.5

# Swagger UI sets styles inline as it renders (React) and its stylesheet draws icons as data:
# URIs: without those two allowances the page renders without its layout and icons. Scripts,
# connections (the document, "Try it out") and everything else: this origin only.
PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'"),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",  # always revalidated: the page names the assets to load
}
# The assets change only with the package's pin (or this module): a day's staleness at most.
ASSET_HEADERS = {"X-Content-Type-Options": "nosniff", "Cache-Control": "public, max-age=86400"}

# No `url` query: Swagger UI's queryConfigEnabled stays false (a link could otherwise make the
# page load another document, the way to a reflected XSS in older versions); no validator
# badge (it loads an image from validator.swagger.io); the key typed in is not kept.
INITIALIZER = """\
// Swagger UI over this gateway's own contract (services/gateway/docs_page.py).
window.ui = SwaggerUIBundle({
  url: "/v1/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis],
  plugins: [SwaggerUIBundle.plugins.DownloadUrl],
  layout: "BaseLayout",
  validatorUrl: null,
  queryConfigEnabled: false,
  persistAuthorization: false
});
"""
OWN_ASSETS = {"maillage-init.js": INITIALIZER.encode()}
NAME = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


@dataclass(frozen=True)
class AssetKind:
    """The assets of one file extension, answered as one media type (one route each)."""

    extension: str
    media_type: str
    names: tuple[str, ...]  # without the extension; letters, digits and '-' (NAME)

    def __post_init__(self) -> None:
        assert all(NAME.fullmatch(name) for name in self.names), self.names

    @property
    def pattern(self) -> str:
        """The names, as the OpenAPI document declares the route's path value (nothing to
        escape: '\\-' outside a class is not a valid ECMAScript regex in unicode mode)."""
        return "^(" + "|".join(self.names) + ")$"

    def filenames(self) -> list[str]:
        return [f"{name}.{self.extension}" for name in self.names]


SCRIPTS = AssetKind("js", "text/javascript", ("swagger-ui-bundle", "maillage-init"))
STYLESHEETS = AssetKind("css", "text/css", ("swagger-ui", "index"))
IMAGES = AssetKind("png", "image/png", ("favicon-32x32", "favicon-16x16"))
KINDS = (SCRIPTS, STYLESHEETS, IMAGES)


def page() -> Response:
    """The page: Swagger UI's stylesheets and scripts, in the order its own index.html has."""
    links = "".join(f'<link rel="stylesheet" href="{ASSETS}/{name}">'
                    for name in STYLESHEETS.filenames())
    icons = "".join(f'<link rel="icon" type="image/png" href="{ASSETS}/{name}.png" '
                    f'sizes="{name.rsplit("-", 1)[1]}">' for name in IMAGES.names)
    scripts = "".join(f'<script src="{ASSETS}/{name}"></script>' for name in SCRIPTS.filenames())
    document = ('<!doctype html><html lang="en"><head><meta charset="utf-8">'
                '<meta name="viewport" content="width=device-width, initial-scale=1">'
                f"<title>Maillage API</title>{links}{icons}</head>"
                f'<body><div id="swagger-ui"></div>{scripts}</body></html>')
    return Response(document.encode(), status=200, headers=PAGE_HEADERS,
                    content_type=f"{HTML}; charset=utf-8")


def asset(kind: AssetKind, name: str) -> Response:
    """The asset `name` of `kind` if the page uses it (a 404 otherwise, like an unknown path)."""
    if name not in kind.names:
        raise NoSuchEndpoint("no such asset")
    charset = "; charset=utf-8" if kind.media_type.startswith("text/") else ""
    return Response(content(f"{name}.{kind.extension}"), status=200, headers=ASSET_HEADERS,
                    content_type=kind.media_type + charset)


@cache
def content(filename: str) -> bytes:
    """Read once per process: at most the few files the page uses (about 1.2 MB)."""
    own = OWN_ASSETS.get(filename)
    return own if own is not None else (VENDOR / filename).read_bytes()
