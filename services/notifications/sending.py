"""How a message leaves: an email over SMTP (`SMTP_URL`), a webhook as a signed HTTP POST.

A sender either returns (the other side took the message) or raises `SendFailed`; a
`PermanentFailure` (the server refused this recipient for good, a 5xx) is not retried.
Each send is bounded in time: a slow server delays its own message, nothing else."""

import smtplib
import socket
import time
from collections.abc import Callable
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from urllib.parse import unquote, urlsplit

import eventlet
import requests

from services.notifications.domain.signatures import (
    EVENT_ID_HEADER,
    EVENT_TYPE_HEADER,
    SIGNATURE_HEADER,
    signature,
)
from services.notifications.domain.webhook_targets import first_private, host_of, private_literal
from services.notifications.models import MessageDocument

SMTP_PORTS = {"smtp": 25, "smtp+starttls": 587, "smtps": 465}


class SendFailed(Exception):
    """This attempt failed; a later one may not."""


class PermanentFailure(SendFailed):
    """The other side refused for good: trying again would only be refused again."""


class MaybeDelivered(SendFailed):
    """The message went and no answer came back: the other side may have it."""


class EmailSender:
    def __init__(self, smtp_url: str, mail_from: str, timeout: float):
        self.url, self.mail_from, self.timeout = urlsplit(smtp_url), mail_from, timeout
        if self.url.scheme not in SMTP_PORTS:
            raise ValueError(f"SMTP_URL must start with one of {sorted(SMTP_PORTS)}: {smtp_url}")

    def send(self, message: MessageDocument, handing_over: Callable[[], None]) -> None:
        """Sends the email. `handing_over` is called once the server accepted the envelope,
        just before the message itself goes: until then nothing can have been delivered, so
        a failure (or a crash) earlier leaves a message that is safe to send again. After
        it, a failure without the server's word (a timeout, a dropped connection while it
        answers) raises `MaybeDelivered`: it may have the message, so it is not sent again."""
        email = self.email_of(message)
        handed: list[bool] = []

        def hand_over() -> None:
            handing_over()
            handed.append(True)

        try:
            with eventlet.Timeout(self.timeout * 3):
                smtp = self._connection()
                try:
                    self._transfer(smtp, message, email, hand_over)
                finally:
                    _say_goodbye(smtp)  # the server has the message or refused it by now
        except (smtplib.SMTPException, OSError, eventlet.Timeout) as exc:
            raise _failure(exc, bool(handed)) from None

    def _transfer(self, smtp: smtplib.SMTP, message: MessageDocument, email: EmailMessage,
                  handing_over: Callable[[], None]) -> None:
        smtp.ehlo_or_helo_if_needed()
        international = not message.recipient.isascii() and smtp.has_extn("smtputf8")
        _answered(*smtp.mail(self.mail_from_address,
                             ["SMTPUTF8", "BODY=8BITMIME"] if international else []))
        _answered(*smtp.rcpt(message.recipient))
        handing_over()
        _answered(*smtp.data(email.as_bytes(policy=email.policy.clone(linesep="\r\n"))))

    @property
    def mail_from_address(self) -> str:
        return parseaddr(self.mail_from)[1] or self.mail_from

    def email_of(self, message: MessageDocument) -> EmailMessage:
        email = EmailMessage()
        email["From"], email["To"], email["Subject"] = self.mail_from, message.recipient, message.subject
        email["Date"] = format_datetime(datetime.now(UTC))
        # The same id on every attempt: a mail system that got it twice can tell.
        email["Message-ID"] = make_msgid(idstring=message.key[:32], domain="maillage.notifications")
        email["Auto-Submitted"] = "auto-generated"  # no vacation replies to us
        if message.unsubscribe_url:  # RFC 2369 and RFC 8058's one-click unsubscribing
            email["List-Unsubscribe"] = f"<{message.unsubscribe_url}>"
            email["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        email.set_content(message.text)
        email.add_alternative(message.html, subtype="html")
        email["Content-Language"] = message.language  # after the parts: set_content clears it
        return email

    def _connection(self) -> smtplib.SMTP:
        host, scheme = self.url.hostname or "127.0.0.1", self.url.scheme
        port = self.url.port or SMTP_PORTS[scheme]
        smtp_class = smtplib.SMTP_SSL if scheme == "smtps" else smtplib.SMTP
        smtp = smtp_class(host, port, timeout=self.timeout)
        try:
            if scheme == "smtp+starttls":
                smtp.starttls()
            if self.url.username:
                smtp.login(unquote(self.url.username), unquote(self.url.password or ""))
        except BaseException:
            smtp.close()
            raise
        return smtp


class WebhookSender:
    def __init__(self, timeout: float, allow_private: bool):
        self.timeout, self.allow_private = timeout, allow_private

    def send(self, message: MessageDocument, secret: str) -> None:
        if not self.allow_private:
            refuse_private(message.recipient)
        body = (message.body or "").encode()
        headers = {"Content-Type": "application/json", "User-Agent": "Maillage-Webhooks/1",
                   EVENT_ID_HEADER: message.event_id, EVENT_TYPE_HEADER: message.event_type,
                   SIGNATURE_HEADER: signature(secret, body, int(time.time()))}
        try:
            with eventlet.Timeout(self.timeout):  # in all: a receiver dripping bytes is cut too
                answer = requests.post(message.recipient, data=body, headers=headers,
                                       timeout=self.timeout, allow_redirects=False)
        except (requests.RequestException, eventlet.Timeout) as exc:
            raise SendFailed(f"webhook: {type(exc).__name__}: {exc}"[:500]) from None
        if not 200 <= answer.status_code < 300:
            raise SendFailed(f"webhook answered HTTP {answer.status_code}")


def refuse_private(url: str) -> None:
    """Refuses a URL whose host resolves to a private address (domain/webhook_targets.py).
    A name that resolves differently between this check and the request (DNS rebinding)
    is not caught: an egress proxy is the complete answer."""
    host = host_of(url)
    if host is None:
        raise PermanentFailure(f"the webhook URL names no host: {url[:200]}")
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except OSError as exc:
        raise SendFailed(f"webhook host {host} does not resolve: {exc}") from None
    private = first_private(str(a) for a in addresses)
    if private is not None or private_literal(host):
        raise PermanentFailure(f"webhook host {host} is a private address ({private or host})")


def _answered(code: int, reply: bytes) -> None:
    if not 200 <= code < 400:
        raise smtplib.SMTPResponseException(code, reply)


def _failure(exc: BaseException, handed_over: bool) -> SendFailed:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return _refusal(*next(iter(exc.recipients.values())))
    if isinstance(exc, smtplib.SMTPResponseException):  # the server's word: not delivered
        return _refusal(exc.smtp_code, exc.smtp_error)
    text = f"SMTP: {type(exc).__name__}: {exc}"[:500]
    return MaybeDelivered(text) if handed_over else SendFailed(text)


def _say_goodbye(smtp: smtplib.SMTP) -> None:
    try:
        smtp.quit()
    except (smtplib.SMTPException, OSError):
        smtp.close()


def _refusal(code: int, reason: bytes | str) -> SendFailed:
    text = reason.decode(errors="replace") if isinstance(reason, bytes) else str(reason)
    failure = PermanentFailure if 500 <= code < 600 else SendFailed
    return failure(f"SMTP {code}: {text}"[:500])
