"""Structured logs: one JSON object per line, carrying the current correlation id.

Participants' email addresses and phone numbers must never reach a log. No code logs them
on purpose; as a second guard, whatever a message or a traceback would carry of them (an
error quoting a value, a library's repr) is masked here, where every line passes."""

import json
import logging
import re
from datetime import UTC, datetime

from shared.runtime import correlation

EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")
# International numbers as people write them: "+32 470 12 34 56", "+221-77-123-45-67".
PHONE = re.compile(r"\+[0-9](?:[ ().-]{0,2}[0-9]){5,14}")


def mask_personal_data(text: str) -> str:
    return PHONE.sub("<phone>", EMAIL.sub("<email>", text))


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": mask_personal_data(record.getMessage()),
            "correlation_id": correlation.current.get(),
        }
        if record.exc_info:
            entry["exception"] = mask_personal_data(self.formatException(record.exc_info))
        return json.dumps(entry, default=str)


def configure(level: str = "INFO") -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    logging.basicConfig(level=level, handlers=[handler], force=True)
