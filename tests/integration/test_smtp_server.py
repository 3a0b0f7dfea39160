"""The tests' SMTP server, driven by a real SMTP client over loopback: what it keeps, how it
goes down and comes back on the same port, how it refuses."""

import smtplib
from email.message import EmailMessage

import pytest

from tests.support.concurrency import at_once

pytestmark = pytest.mark.integration


def an_email(to: str = "ana@example.org", subject: str = "Votre place est confirmée") -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "Maillage <notifications@maillage.test>", to, subject
    message["List-Unsubscribe"] = "<http://127.0.0.1:8000/v1/unsubscribe?token=abc>"
    message.set_content("Bonjour Ana,\nà mardi.\n")
    message.add_alternative("<p>Bonjour Ana, &agrave; mardi.</p>", subtype="html")
    return message


def send(port: int, message: EmailMessage, recipients: list[str] | None = None) -> None:
    with smtplib.SMTP("127.0.0.1", port, timeout=5) as client:
        client.send_message(message, from_addr="bounces@maillage.test", to_addrs=recipients)


def test_a_message_is_kept_with_its_envelope_its_decoded_headers_and_both_parts(smtp_server):
    send(smtp_server.port, an_email(), recipients=["ana@example.org", "archive@maillage.test"])

    [email] = smtp_server.wait_for(1)
    assert email.mail_from == "bounces@maillage.test"
    assert email.recipients == ["ana@example.org", "archive@maillage.test"]
    assert email.subject == "Votre place est confirmée"
    assert email.message["List-Unsubscribe"] == "<http://127.0.0.1:8000/v1/unsubscribe?token=abc>"
    assert email.text == "Bonjour Ana,\nà mardi.\n"
    assert email.html == "<p>Bonjour Ana, &agrave; mardi.</p>\n"
    assert email.refused_with is None


def test_a_stopped_server_refuses_connections_then_comes_back_on_the_same_port_with_its_messages(
    smtp_server
):
    port = smtp_server.port
    send(port, an_email(subject="before"))
    smtp_server.stop()

    with pytest.raises(ConnectionRefusedError):
        send(port, an_email(subject="while down"))

    smtp_server.start()
    send(port, an_email(subject="after"))
    assert smtp_server.port == port
    assert [email.subject for email in smtp_server.wait_for(2)] == ["before", "after"]


def test_the_next_messages_are_refused_with_the_code_asked_then_accepted(smtp_server):
    smtp_server.refuse(451, "mailbox busy", times=2)
    for _ in range(2):
        with pytest.raises(smtplib.SMTPDataError) as refused:
            send(smtp_server.port, an_email())
        assert refused.value.smtp_code == 451
    send(smtp_server.port, an_email(subject="third time"))

    assert [email.subject for email in smtp_server.wait_for(1)] == ["third time"]
    assert [email.refused_with for email in smtp_server.attempts()] == [451, 451, None]


def test_refusing_until_told_otherwise_survives_a_restart(smtp_server):
    smtp_server.refuse(550, "no such user")
    smtp_server.stop()
    smtp_server.start()
    with pytest.raises(smtplib.SMTPDataError) as refused:
        send(smtp_server.port, an_email())
    assert refused.value.smtp_code == 550

    smtp_server.accept_all()
    send(smtp_server.port, an_email())
    assert len(smtp_server.wait_for(1)) == 1


def test_many_clients_at_once_each_have_their_message_kept(smtp_server):
    addresses = [f"participant{n}@example.org" for n in range(20)]
    at_once(*[lambda to=to: send(smtp_server.port, an_email(to=to)) for to in addresses])

    received = smtp_server.wait_for(20)
    assert sorted(email.recipients[0] for email in received) == sorted(addresses)


def test_waiting_for_a_matching_message_fails_in_time_when_none_comes(smtp_server):
    send(smtp_server.port, an_email(to="ana@example.org"))

    [for_ana] = smtp_server.wait_for(lambda email: "ana@example.org" in email.recipients)
    assert for_ana.message["To"] == "ana@example.org"
    with pytest.raises(AssertionError, match="fewer than 1 matching"):
        smtp_server.wait_for(lambda email: "bea@example.org" in email.recipients, timeout=0.3)


def test_asserting_no_second_message_fails_when_a_second_one_comes(smtp_server):
    send(smtp_server.port, an_email())
    smtp_server.assert_no_more_than(1, seconds=0.3)

    send(smtp_server.port, an_email())
    with pytest.raises(AssertionError, match="2 records arrived, expected 1"):
        smtp_server.assert_no_more_than(1, seconds=2)
