"""The notifications service's database stops for 5 s (SIGKILL, then started again on its
file) while events stream in and emails go out: the process does not die, events wait in
their queue, a send whose handover or outcome could not be written is retried or settled
once the database is back. Every participant receives exactly one email."""

import time
from collections import Counter

import pytest

from services.catalog.contract import events as catalog
from tests.support.broker import publish_events
from tests.support.mongo_wire import h2_server
from tests.support.notifications import consuming, event_of
from tests.support.platform import platform_on_own_vhost
from tests.support.smtp_server import SmtpServer
from tests.support.waiting import wait_until

pytestmark = pytest.mark.e2e
BEFORE, DURING = 20, 20


def test_a_database_outage_loses_and_doubles_no_email(vhost_pipeline, tmp_path):
    smtp = SmtpServer(tmp_path / "smtp")
    smtp.start()
    with h2_server(tmp_path) as database, \
            platform_on_own_vhost(vhost_pipeline, database.uri, tmp_path) as platform:
        platform.start("notifications", extra_env={"SMTP_URL": smtp.url,
                                                   "DELIVERY_BACKOFF_SECONDS": "0.2,1"})
        wait_until(lambda: consuming(platform.env["AMQP_URI"]), timeout=30, interval=0.2)
        addresses = [f"participante.{n}@example.org" for n in range(BEFORE + DURING)]
        events = [event_of(catalog.EnrollmentConfirmed, email=a) for a in addresses]

        publish_events(platform.env["AMQP_URI"], *events[:BEFORE])
        wait_until(lambda: len(smtp.received()) >= 5, timeout=20)
        database.kill()  # mid-stream: some sends are under way
        publish_events(platform.env["AMQP_URI"], *events[BEFORE:])
        time.sleep(5)
        database.start()

        messages = platform.database("notifications").messages
        try:
            wait_until(lambda: messages.count_documents({"status": "sent"}) == len(events),
                       timeout=60, interval=0.5)
        except AssertionError:  # say where the others are
            print(list(messages.find({"status": {"$ne": "sent"}},
                                     {"status": 1, "claim": 1, "handed_over": 1, "attempts": 1})))
            raise
        time.sleep(1.0)  # an email sent twice would come now
        assert platform.processes["notifications"].poll() is None  # it never died
        received = Counter(r for email in smtp.received() for r in email.recipients)
        lost = [a for a in addresses if received[a] == 0]
        twice = [a for a, count in received.items() if count > 1]
        print(f"\n[notifications, database stopped 5 s] {len(events)} events: lost {len(lost)}, "
              f"sent twice {len(twice)}; {messages.count_documents({})} messages recorded")
        assert (lost, twice) == ([], [])
    smtp.stop()
