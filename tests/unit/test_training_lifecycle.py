"""A training's life in the catalog, in plain Python: draft, published, unpublished, and
whether the public sees it."""

from datetime import UTC, datetime

import pytest

from services.catalog.contract.errors import NotTheOwner, TrainingTransitionRefused
from services.catalog.contract.trainings import Category, Language, TrainingStatus
from services.catalog.domain.trainings import Training

NOW = datetime(2027, 1, 10, 9, 0, tzinfo=UTC)


def draft() -> Training:
    return Training(id="t1", organization_id="o1", title="Français langue étrangère",
                    description="Cours du soir, niveau A1", category=Category.FRENCH_LANGUAGE,
                    languages=[Language.FR], created_at=NOW, tags=["alphabétisation"])


def test_a_draft_is_published_then_unpublished_then_published_again():
    training = draft()
    published = training.publish(NOW)
    assert (training.status, published.event_type, published.title) == (
        TrainingStatus.PUBLISHED, "training.published", "Français langue étrangère")
    assert training.unpublish().event_type == "training.unpublished"
    training.publish(NOW)
    assert training.is_public


def test_an_unpublished_training_is_not_edited_and_a_draft_is_not_unpublished():
    training = draft()
    with pytest.raises(TrainingTransitionRefused):
        training.unpublish()
    training.publish(NOW)
    training.unpublish()
    with pytest.raises(TrainingTransitionRefused):
        training.edit({"title": "x"})


def test_an_edit_changes_only_what_it_names_and_the_search_terms_follow():
    training = draft()
    training.edit({"title": "Compétences numériques", "owner": "ignored"})
    assert training.description == "Cours du soir, niveau A1"
    assert "competences" in training.search_terms and "francais" not in training.search_terms
    assert "alphabetisation" in training.search_terms


def test_a_suspended_organizations_training_leaves_the_public_catalog():
    training = draft()
    training.publish(NOW)
    training.organization_listed = False
    assert not training.is_public and training.status is TrainingStatus.PUBLISHED


def test_only_the_owner_acts_on_a_training():
    with pytest.raises(NotTheOwner):
        draft().require_owner("o2")
    draft().require_owner("o1")
