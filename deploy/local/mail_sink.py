"""`make run`'s SMTP sink: every email the platform sends on this machine is kept, never
delivered, in a Maildir a person can read (`make mail`, any mail client, `ls var/mail/new`).

A developer tool, not a service: one asyncio process (aiosmtpd) that run.sh starts and stops
with the services.

    python -m deploy.local.mail_sink [--host 127.0.0.1] [--port 1025] [--maildir var/mail]
    python -m deploy.local.mail_sink --list [N]     # the last N emails kept (default 10)

Its log says one line per email kept, with each recipient as a hash, never an address (the
issue's rule for personal data; shared.runtime.json_logging masks any that slips through)."""

import argparse
import asyncio
import hashlib
import logging
import mailbox
import os
import signal
from datetime import datetime
from email.header import decode_header, make_header
from pathlib import Path

from aiosmtpd.smtp import SMTP, Envelope, Session

ROOT = Path(__file__).resolve().parents[2]
log = logging.getLogger("maillage.mail_sink")


def recipient_hash(address: str) -> str:
    """Names a recipient without saying who, as the notifications service does in its events
    and logs (services/notifications/domain/messages.py): a line here matches its
    `notification.sent` by the same hash."""
    return hashlib.sha256(address.strip().casefold().encode()).hexdigest()[:32]


def as_delivered(envelope: Envelope) -> bytes:
    """The message as a local delivery agent files it: the envelope on top (Return-Path,
    one Delivered-To per recipient, so a Bcc shows), Unix line endings as Maildir expects."""
    content = envelope.original_content or b""
    envelope_lines = [f"Return-Path: <{envelope.mail_from}>"]
    envelope_lines += [f"Delivered-To: {rcpt}" for rcpt in envelope.rcpt_tos]
    top = "\n".join(envelope_lines).encode("utf-8", "surrogateescape") + b"\n"
    return top + content.replace(b"\r\n", b"\n")


class MaildirKeeper:
    """aiosmtpd handler: each message accepted is filed in the Maildir, then acknowledged."""

    def __init__(self, maildir: mailbox.Maildir):
        self.maildir = maildir

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        key = self.maildir.add(as_delivered(envelope))
        log.info("kept email %s (%d bytes) for recipients %s", key,
                 len(envelope.original_content or b""),
                 ", ".join(recipient_hash(rcpt) for rcpt in envelope.rcpt_tos))
        return "250 OK: kept in the Maildir"


def stop_signals() -> list[signal.Signals]:
    """SIGTERM, and Ctrl-C unless ignored: started with `&` by run.sh, it ignores SIGINT as the
    services do, so a Ctrl-C is run.sh's to handle (it stops every child with SIGTERM)."""
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        return [signal.SIGTERM]
    return [signal.SIGTERM, signal.SIGINT]


async def serve(host: str, port: int, maildir_path: Path) -> None:
    """Listens until told to stop (stop_signals), then closes the listening socket and returns (open
    sessions are cancelled by asyncio.run): `make run` stops it within a second."""
    maildir = mailbox.Maildir(maildir_path, create=True)
    loop = asyncio.get_running_loop()
    stopping = asyncio.Event()
    for sig in stop_signals():
        loop.add_signal_handler(sig, stopping.set)
    server = await loop.create_server(lambda: SMTP(MaildirKeeper(maildir)), host, port)
    log.info("SMTP sink listening on %s:%d, keeping emails in %s", host, port, maildir_path)
    await stopping.wait()
    server.close()
    await server.wait_closed()
    log.info("SMTP sink stopped")


def header(message: mailbox.MaildirMessage, name: str) -> str:
    """A header as a person reads it (RFC 2047 words decoded: subjects are in fr, en, nl)."""
    value = message.get(name)
    return str(make_header(decode_header(value))) if value else "-"


def file_name(key: str, message: mailbox.MaildirMessage) -> str:
    """A message's file: its key, plus the flags a mail client added once it was read."""
    return f"{key}:{message.get_info()}" if message.get_info() else key


def list_emails(maildir_path: Path, count: int) -> None:
    """Prints the last `count` emails kept, oldest first: when, to whom, subject, and the
    file to open for the whole message."""
    if not (maildir_path / "new").is_dir():
        print(f"No emails in {os.path.relpath(maildir_path)}/ yet (`make run` keeps them there).")
        return
    maildir = mailbox.Maildir(maildir_path, create=False)
    messages = sorted(((maildir.get_message(key), key) for key in maildir.keys()),
                      key=lambda pair: pair[0].get_date())
    for message, key in messages[-count:]:
        when = datetime.fromtimestamp(message.get_date()).strftime("%Y-%m-%d %H:%M:%S")
        print(f"{when}  to {header(message, 'To')}\n    {header(message, 'Subject')}\n"
              f"    {os.path.relpath(maildir_path / message.get_subdir() / file_name(key, message))}")
    print(f"{min(count, len(messages))} of {len(messages)} emails in {os.path.relpath(maildir_path)}/")


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default=os.environ.get("MAIL_SINK_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("MAIL_SINK_PORT", "1025")))
    parser.add_argument("--maildir", type=Path,
                        default=Path(os.environ.get("MAIL_SINK_DIR", ROOT / "var" / "mail")))
    parser.add_argument("--list", type=int, nargs="?", const=10, metavar="N",
                        help="print the last N emails kept (default 10) instead of listening")
    return parser.parse_args()


def configure_logging() -> None:
    """JSON lines as the services write them in var/log/. Imported here, not at the top:
    shared.runtime brings nameko and eventlet, which `--list` has no use for."""
    from shared.runtime import json_logging

    json_logging.configure("INFO")
    # aiosmtpd logs each SMTP command at INFO, RCPT TO's address included: only its warnings.
    logging.getLogger("mail.log").setLevel(logging.WARNING)


def main() -> None:
    options = arguments()
    if options.list is not None:
        list_emails(options.maildir, options.list)
        return
    configure_logging()
    asyncio.run(serve(options.host, options.port, options.maildir))


if __name__ == "__main__":
    main()
