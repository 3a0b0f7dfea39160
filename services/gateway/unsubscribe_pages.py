"""The two pages a person meets on following an email's unsubscribe link, in French, English
and Dutch at once (the link does not say which the person reads best).

Following the link (a GET) changes nothing: mail scanners and link previews fetch every link of
a message, and would unsubscribe people who never asked. The first page is a button; pressing
it POSTs the address and token as a form to the link's own URL (no `action`), which is also
what a mail client's RFC 8058 one-click sends, and the second page says it is done.

Self-contained and locked down: no script, no external asset (a page reached with a token in
its URL sends no Referer anywhere), never framed (a framed button could be clicked by trickery),
never cached.
"""

from html import escape

from werkzeug.wrappers import Response

HTML = "text/html"
HEADERS = {
    "Content-Security-Policy": ("default-src 'none'; style-src 'unsafe-inline'; "
                                "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}
STYLE = ("body{font-family:system-ui,sans-serif;max-width:36em;margin:2em auto;padding:0 1em;"
         "line-height:1.5}button{font-size:1em;padding:.6em 1.2em;cursor:pointer}")

ASK = {
    "fr": "Ne plus recevoir les messages de Maillage à l’adresse {email} ? Ceux qui concernent "
          "vos propres inscriptions vous parviendront toujours.",
    "en": "Stop receiving Maillage’s messages at {email}? Those about your own enrollments and "
          "registrations will still reach you.",
    "nl": "Geen berichten van Maillage meer ontvangen op {email}? Berichten over uw eigen "
          "inschrijvingen blijft u ontvangen.",
}
BUTTON = "Me désabonner · Unsubscribe · Afmelden"
DONE = {
    "fr": "C’est fait : {email} ne recevra plus que les messages sur ses propres inscriptions.",
    "en": "Done: {email} will only receive messages about its own enrollments and "
          "registrations.",
    "nl": "Gelukt: {email} ontvangt alleen nog berichten over de eigen inschrijvingen.",
}


def confirmation_page(email: str, token: str) -> Response:
    """What the link opens: the question, and the button that answers it."""
    fields = "".join(f'<input type="hidden" name="{name}" value="{escape(value)}">'
                     for name, value in (("email", email), ("token", token)))
    form = f'<form method="post">{fields}<button type="submit">{BUTTON}</button></form>'
    return _page(_paragraphs(ASK, email) + form)


def unsubscribed_page(answer: dict) -> Response:
    """What the button (or a one-click POST) gets once the address is unsubscribed."""
    return _page(_paragraphs(DONE, answer["email"]))


def _paragraphs(texts: dict[str, str], email: str) -> str:
    shown = f"<strong>{escape(email)}</strong>"
    return "".join(f'<p lang="{language}">{text.format(email=shown)}</p>'
                   for language, text in texts.items())


def _page(body: str) -> Response:
    document = ('<!doctype html><html lang="fr"><head><meta charset="utf-8">'
                '<meta name="viewport" content="width=device-width, initial-scale=1">'
                '<meta name="robots" content="noindex"><title>Maillage</title>'
                f"<style>{STYLE}</style></head><body><h1>Maillage</h1>{body}</body></html>")
    return Response(document.encode(), status=200, headers=HEADERS,
                    content_type=f"{HTML}; charset=utf-8")
