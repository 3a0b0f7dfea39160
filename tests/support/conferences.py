"""Conferences in tests: a valid draft (a South/North conference in Dakar), speakers,
proposals and participants."""

import uuid
from datetime import UTC, datetime, timedelta


def moment(days: float = 0, hours: float = 0) -> str:
    """An RFC 3339 moment this many days and hours from now, in UTC."""
    at = datetime.now(UTC).replace(microsecond=0) + timedelta(days=days, hours=hours)
    return at.isoformat().replace("+00:00", "Z")


def conference_draft(capacity: int = 50, days: float = 30, **changes) -> dict:
    return {"title": "Violences plurielles : regards croisés Sud/Nord",
            "description": "Deux jours d'échanges entre associations du Sénégal, de Belgique "
                           "et du Congo sur les violences faites aux femmes.",
            "themes": ["violences de genre", "santé"], "starts_at": moment(days),
            "ends_at": moment(days + 1, hours=8), "time_zone": "Africa/Dakar",
            "venue": {"city": "Dakar", "country": "SN", "address": "Place de l'Indépendance"},
            "capacity": capacity, "languages": ["fr", "wo"], **changes}


def talk(title: str = "Microcrédit et autonomie des femmes") -> dict:
    return {"title": title, "abstract": "Retour d'expérience de Thiès.", "language": "fr",
            "speakers": [{"name": "Fatou Ndiaye", "organization": "Femmes Entrepreneures de Thiès"}]}


def attendee(name: str | None = None, **changes) -> dict:
    name = name or f"Participante {uuid.uuid4().hex[:6]}"
    return {"name": name, "email": f"{uuid.uuid4().hex[:10]}@example.org", "language": "fr",
            **changes}
