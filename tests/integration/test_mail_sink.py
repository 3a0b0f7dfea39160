"""`make run`'s SMTP sink (deploy/local/mail_sink.py), run as make run runs it: a process on
a port of its own, spoken to over real SMTP, its Maildir read with the standard library."""

import hashlib
import mailbox
import signal
import smtplib
import subprocess
import time
from email.header import decode_header, make_header
from email.message import EmailMessage
from pathlib import Path

import pytest

from tests.support.children import die_with_parent
from tests.support.mongo_wire import ROOT, accepts_connections, free_port
from tests.support.waiting import wait_until

pytestmark = pytest.mark.integration

PYTHON = str(ROOT / ".venv/bin/python")


class Sink:
    def __init__(self, tmp_path: Path):
        self.port = free_port()
        self.maildir = tmp_path / "mail"
        self.log_path = tmp_path / "sink.log"
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                [PYTHON, "-m", "deploy.local.mail_sink", "--port", str(self.port),
                 "--maildir", str(self.maildir)],
                cwd=ROOT, stdout=log, stderr=log, preexec_fn=die_with_parent)
        wait_until(lambda: accepts_connections(self.port), timeout=15)

    def send(self, subject: str, to: str, bcc: tuple[str, ...] = ()) -> None:
        message = EmailMessage()
        message["From"] = "Maillage <notifications@maillage.localhost>"
        message["To"], message["Subject"] = to, subject
        message.set_content("Bonjour,\nvotre place est confirmée.\n")
        with smtplib.SMTP("127.0.0.1", self.port, timeout=10) as smtp:
            smtp.send_message(message, to_addrs=[to, *bcc])

    def kept(self) -> list[mailbox.MaildirMessage]:
        return list(mailbox.Maildir(self.maildir, create=False)) if self.maildir.exists() else []

    def list_emails(self, count: int) -> str:
        return subprocess.run([PYTHON, "-m", "deploy.local.mail_sink", "--maildir", str(self.maildir),
                               "--list", str(count)], cwd=ROOT, capture_output=True, text=True,
                              timeout=30, check=True).stdout


@pytest.fixture
def sink(tmp_path):
    sink = Sink(tmp_path)
    yield sink
    if sink.process.poll() is None:
        sink.process.kill()
        sink.process.wait()


def test_an_email_is_kept_in_the_maildir_with_its_envelope_and_logged_without_addresses(sink):
    sink.send("Votre place est confirmée", "aissatou@example.org", bcc=("operator@example.org",))

    [kept] = wait_until(sink.kept, timeout=10)
    assert str(make_header(decode_header(kept["Subject"]))) == "Votre place est confirmée"
    assert kept.get_all("Delivered-To") == ["aissatou@example.org", "operator@example.org"]
    assert kept["Return-Path"] == "<notifications@maillage.localhost>"
    assert "votre place est confirm" in kept.get_payload(decode=True).decode()
    assert kept.get_subdir() == "new"  # unread: `ls var/mail/new` shows it

    log = wait_until(lambda: "kept email" in sink.log_path.read_text() and sink.log_path.read_text())
    assert "example.org" not in log
    # the hash the notifications service names this recipient by in notification.sent
    assert hashlib.sha256(b"aissatou@example.org").hexdigest()[:32] in log


def test_listing_shows_the_last_emails_with_their_subjects_decoded(sink):
    for subject in ("Inscription confirmée", "Inschrijving bevestigd", "Enrollment confirmed"):
        sink.send(subject, "binta@example.org")
    wait_until(lambda: len(sink.kept()) == 3, timeout=10)

    listing = sink.list_emails(2)
    assert "Inscription confirmée" not in listing
    assert listing.index("Inschrijving bevestigd") < listing.index("Enrollment confirmed")
    assert "2 of 3 emails" in listing and "/new/" in listing


def test_sigterm_stops_the_sink_within_seconds_even_with_a_client_connected(sink):
    with smtplib.SMTP("127.0.0.1", sink.port, timeout=10) as client:
        client.ehlo()
        started = time.monotonic()
        sink.process.send_signal(signal.SIGTERM)
        returncode = sink.process.wait(timeout=10)
        stopped_in = time.monotonic() - started
        with pytest.raises(smtplib.SMTPServerDisconnected):
            client.noop()
    print(f"\n[mail sink] stopped in {stopped_in:.2f} s after SIGTERM")
    assert returncode == 0 and stopped_in < 3
    assert not accepts_connections(sink.port)
