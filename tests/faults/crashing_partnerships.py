"""The real partnerships service, except that its process dies (SIGKILL) right after it
wrote an organization.verified event to its database and before publishing it: the exact
crash the transactional outbox exists for. Test-only fault injection."""

import eventlet

eventlet.monkey_patch()

import os  # noqa: E402
import signal  # noqa: E402
import sys  # noqa: E402

from nameko.cli.main import main  # noqa: E402

from shared.messaging.relay import OutboxRelay  # noqa: E402

publish_then_mark_sent = OutboxRelay.relay_batch


def die_before_publishing_a_verification(relay, batch):
    if any(entry["type"] == "organization.verified" for _, _, entry in batch):
        os.kill(os.getpid(), signal.SIGKILL)
    publish_then_mark_sent(relay, batch)


# mypy flags replacing a method as a slip; here it is the fault this process injects.
OutboxRelay.relay_batch = die_before_publishing_a_verification  # type: ignore[method-assign]
sys.argv = ["nameko", "run", "--config", "deploy/nameko.yaml",
            "services.partnerships.service:PartnershipsService"]
main()
