"""Log lines are JSON, carry the correlation id, and never a participant's email or phone."""

import json
import logging

from shared.runtime.json_logging import JsonFormatter, mask_personal_data


def record(message: str, *args, exc_info=None) -> logging.LogRecord:
    return logging.LogRecord("catalog", logging.ERROR, __file__, 1, message, args, exc_info)


def test_emails_and_international_phone_numbers_are_masked():
    text = ("Awa.Diop+cours@example.org, binta@mail.sn; +32 470 12 34 56, +221-77-123-45-67 "
            "and +33 (0)1 23 45 67 89")
    assert mask_personal_data(text) == "<email>, <email>; <phone>, <phone> and <phone>"


def test_ids_dates_and_counts_are_left_as_they_are():
    text = ("session 65f0a1b2c3d4e5f6a7b8c9d0 at 2027-03-01T09:30:00+01:00, revision +1, "
            "200 enrollments in 12.5 ms, user@localhost")
    assert mask_personal_data(text) == text


def test_a_line_masks_its_message_and_its_traceback():
    try:
        raise ValueError("duplicate key: { email: 'awa@example.org' } +32 470 12 34 56")
    except ValueError as exc:
        line = JsonFormatter().format(record("enrolling %s failed", "awa@example.org",
                                             exc_info=(ValueError, exc, exc.__traceback__)))
    entry = json.loads(line)
    assert entry["message"] == "enrolling <email> failed"
    assert "awa@example.org" not in line and "470 12 34" not in line
    assert "<email>" in entry["exception"] and "<phone>" in entry["exception"]
