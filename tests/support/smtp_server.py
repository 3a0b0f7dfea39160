"""The tests' SMTP server: aiosmtpd on 127.0.0.1, as a process of its own (spooling_server.py
says why), keeping every message it is sent.

    smtp = SmtpServer(tmp_path / "smtp").start()   # SMTP_URL=smtp.url, smtp://127.0.0.1:<port>
    [email] = smtp.wait_for(lambda email: "ana@example.org" in email.recipients)
    email.subject, email.text, email.html, email.message["List-Unsubscribe"]
    smtp.stop(); ...; smtp.start()    # down for a while, then back on the same port
    smtp.refuse(451, times=3)         # the next 3 messages get "451 ..." at DATA; then accepted
    smtp.accept_all()

A message is on disk before the server answers 250: once a client saw it accepted,
`messages()` has it. Refused messages are kept too (`attempts()`), marked `refused_with`.
"""

import asyncio
import base64
import email.policy
import time
from dataclasses import dataclass
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

from tests.support.spooling_server import Spool, SpoolingServer, server_arguments


@dataclass(frozen=True)
class ReceivedEmail:
    mail_from: str
    recipients: list[str]  # the envelope's RCPT TO, as the client gave them
    message: EmailMessage  # parsed with email.policy.default: headers decoded, parts reachable
    raw: bytes  # as received (CRLF line ends)
    received_at: float  # unix seconds
    refused_with: int | None  # the reply code it was refused with; None: accepted

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def text(self) -> str | None:
        return self._part("plain")

    @property
    def html(self) -> str | None:
        return self._part("html")

    def _part(self, subtype: str) -> str | None:
        part = self.message.get_body(preferencelist=(subtype,))
        return None if part is None else part.get_content()

    @classmethod
    def from_record(cls, entry: dict) -> "ReceivedEmail":
        raw = base64.b64decode(entry["data"])
        # Lines end in CRLF on the wire; in what a test reads, as in Python strings, in "\n".
        message = BytesParser(policy=email.policy.default).parsebytes(raw.replace(b"\r\n", b"\n"))
        assert isinstance(message, EmailMessage)
        return cls(entry["mail_from"], entry["recipients"], message, raw,
                   entry["received_at"], entry["refused_with"])


class SmtpServer(SpoolingServer[ReceivedEmail]):
    def __init__(self, spool: Path, port: int | None = None):
        super().__init__("tests.support.smtp_server", spool, ReceivedEmail.from_record, port)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def received(self) -> list[ReceivedEmail]:
        """The messages it accepted (what `wait_for` waits for)."""
        return [email for email in self.records() if email.refused_with is None]

    messages = received

    def attempts(self) -> list[ReceivedEmail]:
        """Every message sent to it, refused ones included."""
        return self.records()

    def refuse(self, code: int = 451, text: str = "try again later", times: int | None = None) -> None:
        """Refuses the next `times` messages (None: all until `accept_all`) with `code`: 4xx
        is a temporary failure, 5xx a permanent one."""
        if not 400 <= code <= 599:
            raise ValueError(f"{code} is not an SMTP failure code")
        self.steer({"code": code, "text": text, "times": times})

    def accept_all(self) -> None:
        self.steer(None)


class Recorder:
    """aiosmtpd handler: keeps each message, then answers as the test's rule says."""

    def __init__(self, spool: Spool):
        self.spool = spool

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        rule = self.spool.rule_for_next_request()
        self.spool.record({
            "mail_from": envelope.mail_from, "recipients": list(envelope.rcpt_tos),
            "data": base64.b64encode(envelope.content).decode(), "received_at": time.time(),
            "refused_with": rule and rule["code"],
        }, rule)
        return f"{rule['code']} {rule['text']}" if rule else "250 OK: message accepted"


async def serve(port: int, spool: Spool) -> None:
    from aiosmtpd.smtp import SMTP  # the server's process only

    loop = asyncio.get_running_loop()
    handler = Recorder(spool)
    server = await loop.create_server(
        lambda: SMTP(handler, hostname="maillage-tests", enable_SMTPUTF8=True, loop=loop),
        host="127.0.0.1", port=port, reuse_address=True)
    await server.serve_forever()


if __name__ == "__main__":
    port, spool_path = server_arguments()
    asyncio.run(serve(port, Spool(spool_path)))
