"""Routes of the interactive API documentation (/docs, docs_page.py): the page and its assets,
one route per kind of asset, so that each declares its media type and the names it serves.

Declared in /v1/openapi.json like every other route the gateway answers (/health, the
unsubscribe page): the document lists all the server answers, and the contract test fuzzes it.
"""

from werkzeug.wrappers import Response

from services.gateway.auth import Caller, Policy
from services.gateway.docs_page import HTML, IMAGES, SCRIPTS, STYLESHEETS, asset, page
from services.gateway.http import PathParameter, route

NAMED = "one of the files the documentation page loads"


class DocsRoutes:
    @route("GET", "/docs", policy=Policy.PUBLIC, response=(200, None), media_type=HTML,
           summary="This API's interactive documentation (Swagger UI): try calls with an API "
                   "key through Authorize")
    def docs_page(self, caller: Caller) -> Response:
        return page()

    @route("GET", "/docs/assets/<script>.js", policy=Policy.PUBLIC, response=(200, None),
           media_type=SCRIPTS.media_type, summary="A script of the documentation page",
           path_parameters=(PathParameter("script", SCRIPTS.pattern, NAMED),))
    def docs_script(self, caller: Caller, script: str) -> Response:
        return asset(SCRIPTS, script)

    @route("GET", "/docs/assets/<stylesheet>.css", policy=Policy.PUBLIC, response=(200, None),
           media_type=STYLESHEETS.media_type, summary="A stylesheet of the documentation page",
           path_parameters=(PathParameter("stylesheet", STYLESHEETS.pattern, NAMED),))
    def docs_stylesheet(self, caller: Caller, stylesheet: str) -> Response:
        return asset(STYLESHEETS, stylesheet)

    @route("GET", "/docs/assets/<image>.png", policy=Policy.PUBLIC, response=(200, None),
           media_type=IMAGES.media_type, summary="An image of the documentation page (its icon)",
           path_parameters=(PathParameter("image", IMAGES.pattern, NAMED),))
    def docs_image(self, caller: Caller, image: str) -> Response:
        return asset(IMAGES, image)
