"""What the email sender concludes from a mail server that misbehaves at each step, over a
real socket: before the handover a failure is safe to retry; after it, silence means the
server may have the message (never sent again); a goodbye that fails changes nothing."""

import socket
import threading

import pytest

from services.notifications.models import MessageDocument
from services.notifications.sending import (
    EmailSender,
    MaybeDelivered,
    PermanentFailure,
    SendFailed,
)

REPLIES = {b"EHLO": b"250 ok", b"HELO": b"250 ok", b"MAIL": b"250 ok", b"RCPT": b"250 ok",
           b"DATA": b"354 go on", b"QUIT": b"221 bye"}


class Script:
    """A mail server on loopback that answers as told: `hang_up_at` a command (or after the
    message's content: b"."), or answer it `instead` with another reply."""

    def __init__(self, hang_up_at: bytes | None = None, instead: dict[bytes, bytes] | None = None):
        self.hang_up_at, self.instead = hang_up_at, instead or {}
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self) -> None:
        connection, _ = self.listener.accept()
        with connection, connection.makefile("rb") as lines:
            connection.sendall(b"220 test\r\n")
            in_data = False
            for line in lines:
                word = b"." if in_data and line == b".\r\n" else line[:4].upper()
                if in_data and word != b".":
                    continue
                if word == self.hang_up_at:
                    return
                in_data = word == b"DATA"
                reply = self.instead.get(word, REPLIES.get(word, b"250 ok"))
                connection.sendall(reply + b"\r\n")


def message() -> MessageDocument:
    return MessageDocument(key="k" * 64, recipient="awa@example.org", subject="Bonjour",
                           text="Bonjour Awa", html="<p>Bonjour Awa</p>", language="fr")


def send(server: Script) -> list[str]:
    steps: list[str] = []
    EmailSender(f"smtp://127.0.0.1:{server.port}", "Maillage <n@example.org>", 2.0).send(
        message(), lambda: steps.append("handed over"))
    return steps


def test_a_server_that_hangs_up_before_the_content_leaves_a_message_safe_to_send_again():
    with pytest.raises(SendFailed) as failed:
        send(Script(hang_up_at=b"RCPT"))
    assert not isinstance(failed.value, MaybeDelivered)


def test_a_server_silent_after_the_content_may_have_it():
    with pytest.raises(MaybeDelivered):
        send(Script(hang_up_at=b"."))


def test_a_refusal_of_the_content_is_the_servers_word():
    with pytest.raises(PermanentFailure, match="554"):
        send(Script(instead={b".": b"554 no thanks"}))
    with pytest.raises(SendFailed, match="451") as later:
        send(Script(instead={b".": b"451 later"}))
    assert not isinstance(later.value, PermanentFailure | MaybeDelivered)


def test_a_goodbye_that_fails_after_the_server_took_it_is_a_success():
    assert send(Script(hang_up_at=b"QUIT")) == ["handed over"]
    assert send(Script(instead={b"QUIT": b"500 what"})) == ["handed over"]
