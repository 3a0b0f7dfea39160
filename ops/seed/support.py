"""What every step of `maillage seed` shares: the gateway as each organization, the tally of
what was created or found, writes that are safe to repeat, and the partners' keys file."""

import hashlib
import json
import os
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from ops.api import Gateway, GatewayError

# Answers that mean "not yet": an organization just verified is learnt by the catalog and the
# conferences from an event, a moment later. Nothing was created: retry under a fresh key
# (the gateway keeps a 4xx as the key's final answer).
NOT_YET = frozenset({"UNKNOWN_ORGANIZATION", "CO_ORGANIZER_NOT_VERIFIED"})
# Answers that mean "try the same request again": the key's first answer will come.
AGAIN = frozenset({"REQUEST_IN_PROGRESS"})
ATTEMPTS, PAUSE_SECONDS = 20, 0.5


@dataclass
class Tally:
    """Per kind of thing: how many this run created, how many were there already."""

    created: Counter = field(default_factory=Counter)
    found: Counter = field(default_factory=Counter)
    kinds: list[str] = field(default_factory=list)

    def count(self, kind: str, created: bool) -> None:
        if kind not in self.kinds:
            self.kinds.append(kind)
        (self.created if created else self.found)[kind] += 1


@dataclass
class Seeding:
    operator: Gateway
    keys: "KeyFile"
    tally: Tally
    step: Callable[[str], None]  # advances the progress bar, saying what was just done
    today: date
    organizations: dict[str, dict] = field(default_factory=dict)  # ref -> as the API answers

    def public(self) -> Gateway:
        return self.operator.acting_as(None)

    def as_member(self, ref: str) -> Gateway:
        """The gateway as that organization, with the key the seed keeps for it."""
        return self.operator.acting_as(self.keys.key_of(self.organizations[ref]["id"]))

    def id_of(self, ref: str) -> str:
        return self.organizations[ref]["id"]


def create(gateway: Gateway, path: str, body: dict | None, label: str) -> Any:
    """POST under an Idempotency-Key made of `label` and the body: a repeated request (a
    lost answer, a run interrupted and started again the same day) gets the first answer
    instead of a second copy; lookups before each write make it hold after the key expires."""
    digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:16]
    printable = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    first_key = key = f"seed:{printable[:160]}:{digest}"  # keys are printable ASCII
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return gateway.post(path, body, idempotency_key=key)
        except GatewayError as error:
            if error.code not in NOT_YET | AGAIN or attempt == ATTEMPTS:
                raise
            if error.code in NOT_YET:
                key = f"{first_key}:{attempt}"
        time.sleep(PAUSE_SECONDS)
    raise AssertionError("unreachable")


def moment(today: date, days: float, at: str, utc_offset: str, hours: float = 0) -> str:
    """ISO 8601 with its offset: `days` after today at local time `at`, plus `hours`."""
    hour, minute = (int(part) for part in at.split(":"))
    local = datetime(today.year, today.month, today.day, hour, minute)
    local += timedelta(days=days, hours=hours)
    return local.isoformat(timespec="seconds") + utc_offset


def email_of(name: str) -> str:
    """A participant's demo address, from the name: "Aïssatou Diallo" -> aissatou.diallo@..."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    local = ".".join("".join(c for c in word if c.isalnum()) for word in plain.split())
    return f"{local}@participants.example.org"


class KeyFile:
    """var/seed-keys.json (0600): each seeded organization's API key, shown once when issued,
    so that later runs act as that organization. Keyed by organization id: a key file from
    another platform never matches."""

    def __init__(self, path: Path):
        self.path = path
        self.entries: dict[str, dict] = json.loads(path.read_text()) if path.exists() else {}

    def key_of(self, organization_id: str) -> str | None:
        return self.entries.get(organization_id, {}).get("key")

    def key_id_of(self, organization_id: str) -> str | None:
        return self.entries.get(organization_id, {}).get("key_id")

    def keep(self, organization: dict, issued: dict) -> None:
        self.entries[organization["id"]] = {"name": organization["name"], "key_id": issued["id"],
                                            "key": issued["key"]}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_suffix(".partial")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as file:
            json.dump(self.entries, file, ensure_ascii=False, indent=2)
        os.chmod(partial, 0o600)
        os.replace(partial, self.path)
