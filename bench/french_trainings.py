"""Trainings as partner organizations write them, for bench/catalog_search.py: French titles,
descriptions and tags drawn from what the network offers (French as a foreign language,
digital skills, socio-professional integration, entrepreneurship, health, citizenship),
accents and apostrophes included, so that search terms are folded as in real use."""

import random
from datetime import UTC, datetime, timedelta

from services.catalog.contract.trainings import Category, Language, TrainingStatus
from services.catalog.domain.trainings import Training
from services.catalog.models import new_id

OFFER: dict[Category, tuple[list[str], list[str], list[str]]] = {  # titles, openings, tags
    Category.FRENCH_LANGUAGE: (
        ["Français langue étrangère, niveau A1", "Français langue étrangère, niveau B1",
         "Alphabétisation en français pour adultes", "Conversation en français : la vie quotidienne",
         "Français à visée professionnelle", "Lire et écrire le français administratif"],
        ["Apprendre le français du quotidien : se présenter, faire ses courses, prendre "
         "rendez-vous chez le médecin.", "Des ateliers d'expression orale et écrite, en petits "
         "groupes, pour gagner en confiance."],
        ["alphabétisation", "FLE", "oral", "écriture", "intégration"]),
    Category.DIGITAL_SKILLS: (
        ["Premiers pas avec le smartphone", "Atelier numérique : e-mail et démarches en ligne",
         "Bureautique : traitement de texte et tableur", "Sécurité numérique et vie privée",
         "Initiation à l'ordinateur"],
        ["Utiliser son smartphone pour les démarches en ligne : banque, commune, mutuelle.",
         "Découvrir l'ordinateur pas à pas, sans prérequis, avec une formatrice bénévole."],
        ["numérique", "smartphone", "e-mail", "inclusion numérique", "ordinateur"]),
    Category.PROFESSIONAL_INTEGRATION: (
        ["Préparer un entretien d'embauche", "Rédiger son CV et sa lettre de motivation",
         "Insertion socio-professionnelle : trouver sa voie", "Valoriser ses diplômes étrangers",
         "Découvrir les métiers de l'aide à domicile"],
        ["Construire son projet professionnel et préparer la recherche d'emploi en Belgique.",
         "Simulations d'entretien, réseau professionnel et stages en entreprise."],
        ["emploi", "CV", "insertion socio-professionnelle", "équivalence", "stage"]),
    Category.ENTREPRENEURSHIP: (
        ["Créer son activité : du projet au plan financier", "Entrepreneuriat féminin",
         "Gérer la comptabilité d'une petite entreprise", "Vendre ses créations sur les marchés"],
        ["De l'idée au plan d'affaires : étude de marché, statut, financement et microcrédit.",
         "Rencontres avec des entrepreneuses du Sud et du Nord, échanges d'expériences."],
        ["entrepreneuriat", "microcrédit", "plan d'affaires", "coopérative", "économie sociale"]),
    Category.HEALTH: (
        ["Santé des femmes et accès aux soins", "Prévention du VIH/sida et dépistage",
         "Bien-être et santé mentale après l'exil", "Nutrition et cuisine économique"],
        ["Connaître ses droits en matière de santé et s'orienter dans le système de soins.",
         "Un espace de parole confidentiel, animé par une psychologue et une médiatrice."],
        ["santé", "prévention", "VIH", "bien-être", "accès aux soins"]),
    Category.CITIZENSHIP: (
        ["Citoyenneté : droits et démarches en Belgique", "Comprendre les institutions belges",
         "Violences faites aux femmes : connaître ses droits", "Parentalité et école en Belgique"],
        ["Comprendre la commune, le CPAS, la mutuelle et le séjour : qui fait quoi.",
         "Les droits des femmes face aux violences conjugales, et où trouver de l'aide."],
        ["citoyenneté", "droits des femmes", "parcours d'intégration", "violences", "école"]),
    Category.OTHER: (
        ["Couture et création textile", "Atelier théâtre-forum", "Jardin collectif et potager"],
        ["Un atelier collectif pour créer, échanger et rompre l'isolement."],
        ["culture", "lien social", "créativité"]),
}
CLOSINGS = [
    "Une garderie est prévue pour les enfants pendant les cours.",
    "Les cours ont lieu en journée, hors congés scolaires ; l'inscription est gratuite.",
    "Accompagnement individuel possible ; les trajets en transport en commun sont remboursés.",
    "Ouvert aux femmes primo-arrivantes et aux personnes en situation précaire.",
]
PLACES = ["Bruxelles", "Liège", "Namur", "Charleroi", "Mons", "Louvain-la-Neuve", "Anvers"]
LANGUAGES = [[Language.FR]] * 7 + [[Language.FR, Language.EN], [Language.FR, Language.NL],
                                  [Language.EN]]
AUDIENCES = ["Femmes primo-arrivantes", "Demandeuses d'emploi", "Mères de famille", None]


def training(rng: random.Random, organization_id: str) -> Training:
    """A published training of `organization_id` (listed), drawn at random from the offer."""
    category = rng.choice(list(OFFER))
    titles, openings, tags = OFFER[category]
    place = rng.choice(PLACES)
    created = datetime.now(UTC) - timedelta(days=rng.uniform(1, 1000))
    return Training(
        id=new_id(), organization_id=organization_id, created_at=created,
        title=f"{rng.choice(titles)} — {place}", category=category,
        description=" ".join([rng.choice(openings), f"À {place}, groupe de {rng.randint(8, 20)} "
                                                    "participantes.", rng.choice(CLOSINGS)]),
        languages=rng.choice(LANGUAGES),
        audience=rng.choice(AUDIENCES), tags=rng.sample(tags, rng.randint(2, min(4, len(tags)))),
        status=TrainingStatus.PUBLISHED, published_at=created + timedelta(days=1),
        organization_listed=True)
