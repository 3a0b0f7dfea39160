"""Request bodies as HTML forms, for the few routes a person's browser (or mail client) posts
to: a page's button, or RFC 8058's one-click unsubscribe, which POSTs
`List-Unsubscribe=One-Click` to the link of the email (its query carrying the rest).

    @route("POST", "/v1/unsubscribe", ..., body=UnsubscribeSchema,
           form=FormBody(answer=unsubscribed_page))

The documented API stays JSON: a form is validated by the same schema, and only its success is
answered otherwise (a page); its errors are the API's JSON errors.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from marshmallow import Schema
from werkzeug.wrappers import Request, Response

from shared.contract.validation import built, check

FORM_MEDIA_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


@dataclass(frozen=True)
class FormBody:
    """A route whose body may also come as a form (FORM_MEDIA_TYPES): its success is answered
    by `answer(result)` in `media_type`, not as JSON."""

    answer: Callable[[Any], Response]
    media_type: str = "text/html"
    description: str = ""  # for the OpenAPI document: who sends the form, and how

    def takes(self, request: Request) -> bool:
        return request.mimetype in FORM_MEDIA_TYPES


def form_body(request: Request, schema: type[Schema]) -> dict:
    """The schema's fields of a form, each from the form or else from the URL's query (an
    action URL may carry them); any other field is ignored (a button's name, `List-Unsubscribe`).
    Files of a multipart form are not fields."""
    names = [field.data_key or name for name, field in built(schema).load_fields.items()]
    sent = {name: request.form.get(name, request.args.get(name)) for name in names}
    return check(schema, {name: value for name, value in sent.items() if value is not None})
