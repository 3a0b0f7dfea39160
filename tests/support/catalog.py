"""Trainings, sessions and enrollments in tests, through the gateway of a running platform."""

import uuid
from datetime import UTC, datetime, timedelta

from tests.support.organizations import catalog_replica
from tests.support.platform import Platform
from tests.support.waiting import wait_until

FRENCH_A1 = {
    "title": "Français langue étrangère, niveau A1",
    "description": "Apprendre le français du quotidien : se présenter, faire ses courses, "
                   "prendre rendez-vous chez le médecin.",
    "category": "french_language", "languages": ["fr", "en"],
    "audience": "Femmes primo-arrivantes", "tags": ["alphabétisation", "intégration"],
}


def moment(days: float = 0, hours: float = 0) -> str:
    """An RFC 3339 moment this many days and hours from now, in Brussels' winter offset."""
    at = datetime.now(UTC) + timedelta(days=days, hours=hours)
    return at.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def session_draft(capacity: int = 20, days: float = 14, **changes) -> dict:
    return {"starts_at": moment(days), "ends_at": moment(days, hours=3), "capacity": capacity,
            "location": {"city": "Bruxelles", "address": "Rue Haute 12"}, **changes}


def participant(name: str | None = None, **changes) -> dict:
    name = name or f"Participante {uuid.uuid4().hex[:6]}"
    return {"name": name, "email": f"{uuid.uuid4().hex[:10]}@example.org", "language": "fr",
            **changes}


def catalog_knows(platform: Platform, organization_id: str) -> None:
    """Waits until the catalog has replicated the organization as verified."""
    wait_until(lambda: catalog_replica(platform, organization_id).get("status") == "verified")


def call(platform: Platform, method: str, path: str, token: str | None = None,
         expected: int = 200, **kwargs) -> dict:
    response = platform.http(method, path, token, **kwargs)
    assert response.status_code == expected, (method, path, response.status_code, response.text)
    return response.json()


def published_training(platform: Platform, key: str, training: dict | None = None,
                       sessions: tuple[dict, ...] = ()) -> tuple[dict, list[dict]]:
    """A training created and published by the partner holding `key`, and its sessions."""
    created = call(platform, "POST", "/v1/trainings", key, 201, json=training or FRENCH_A1)
    scheduled = [call(platform, "POST", f"/v1/trainings/{created['id']}/sessions", key, 201,
                      json=draft) for draft in sessions]
    published = call(platform, "POST", f"/v1/trainings/{created['id']}/publish", key)
    return published, scheduled


def enroll(platform: Platform, session_id: str, person: dict | None = None,
           expected: int = 201) -> dict:
    return call(platform, "POST", f"/v1/sessions/{session_id}/enrollments", None, expected,
                json=person or participant())
