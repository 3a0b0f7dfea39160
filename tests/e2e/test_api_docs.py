"""GET /docs on a running gateway: the interactive documentation loads every asset it names from
the gateway itself (no CDN, nothing absolute), and over this gateway's own document."""

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
import requests

pytestmark = pytest.mark.e2e

MEDIA_TYPES = {"js": "text/javascript", "css": "text/css", "png": "image/png"}
CSS_URL = re.compile(r"url\(\s*[\"']?([^\"')\s]+)")
INITIALIZER_URL = re.compile(r'url: "([^"]+)"')


class References(HTMLParser):
    """Every src and href of a page, whatever the element."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.urls += [value for name, value in attrs if name in ("src", "href") and value]


def references(page: str) -> list[str]:
    parser = References()
    parser.feed(page)
    return parser.urls


def test_the_docs_page_loads_every_asset_it_names_from_the_gateway_itself(platform):
    page = requests.get(f"{platform.url}/docs", timeout=10)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert "script-src 'self';" in page.headers["Content-Security-Policy"]
    urls = references(page.text)
    assert len(urls) >= 5  # two stylesheets, two icons, the bundle and its initializer
    for url in urls:
        where = urlsplit(url)
        assert (where.scheme, where.netloc) == ("", ""), url  # relative to the gateway, no CDN
        asset = requests.get(urljoin(page.url, url), timeout=10)
        assert asset.status_code == 200, url
        assert asset.headers["Content-Type"].split(";")[0] == MEDIA_TYPES[url.rsplit(".", 1)[1]]
        assert asset.content, url
        if url.endswith(".css"):  # what a stylesheet loads in turn: only what it carries
            assert {u.split(":")[0] for u in CSS_URL.findall(asset.text)} <= {"data"}, url


def test_the_page_describes_this_gateways_api_with_its_bearer_scheme(platform):
    scripts = [url for url in references(requests.get(f"{platform.url}/docs", timeout=10).text)
               if url.endswith(".js")]
    initializer = requests.get(f"{platform.url}{scripts[-1]}", timeout=10).text
    (document_url,) = INITIALIZER_URL.findall(initializer)
    assert document_url == "/v1/openapi.json"
    document = requests.get(f"{platform.url}{document_url}", timeout=10).json()
    assert document["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    assert "/docs" in document["paths"]


def test_an_asset_the_page_does_not_use_is_a_404(platform):
    for path in ("/docs/assets/swagger-ui-es-bundle.js", "/docs/assets/..%2f..%2fhttp.js",
                 "/docs/assets/index.html"):
        answer = requests.get(f"{platform.url}{path}", timeout=10)
        assert answer.status_code == 404, path
        assert answer.json()["error"]["code"] == "NO_SUCH_ENDPOINT"
