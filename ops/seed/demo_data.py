"""The demo network `maillage seed` builds: plain data, no logic (command.py does the work).

Every item has a name it is found by again (an organization by name and country, a
training or a conference by title, a participant by email), which is what keeps the seed
idempotent. Dates are relative (days from the day the seed runs), so the sessions and the
conference are always in the future when they are created; a later run finds them by name,
whatever their dates. Organizations are referred to by their `ref`.
"""

from typing import Any

ORGANIZATIONS: list[dict[str, Any]] = [
    {"ref": "collectif", "name": "Collectif des Femmes", "country": "BE",
     "city": "Louvain-la-Neuve", "region": "north", "language": "fr",
     "sectors": ["intégration socioprofessionnelle", "français langue étrangère",
                 "égalité femmes-hommes", "violences basées sur le genre"],
     "contact_email": "contact@collectif-des-femmes.example.org",
     "description": "Depuis 1979, le Collectif des Femmes œuvre à l'émancipation des femmes "
                    "migrantes et précarisées : formation, accompagnement psychosocial, "
                    "insertion socioprofessionnelle et coopération avec des organisations "
                    "de femmes du Sud."},
    {"ref": "gent", "name": "Vrouwenwerking Gent vzw", "country": "BE", "city": "Gent",
     "region": "north", "language": "nl",
     "sectors": ["inburgering", "digitale vaardigheden", "tewerkstelling"],
     "contact_email": "info@vrouwenwerking-gent.example.org",
     "description": "Een ontmoetingsplek voor nieuwkomende vrouwen in Gent: Nederlandse les, "
                    "digitale vaardigheden en begeleiding naar werk."},
    {"ref": "numerique", "name": "Atelier Numérique Solidaire asbl", "country": "BE",
     "city": "Bruxelles", "region": "north", "language": "fr",
     "sectors": ["compétences numériques", "inclusion numérique"],
     "contact_email": "bonjour@atelier-numerique.example.org",
     "description": "Des ateliers gratuits à Saint-Gilles pour apprivoiser le smartphone, "
                    "l'ordinateur et les démarches administratives en ligne."},
    {"ref": "thies", "name": "Groupement des Transformatrices de Thiès", "country": "SN",
     "city": "Thiès", "region": "south", "language": "fr",
     "sectors": ["entrepreneuriat féminin", "transformation agroalimentaire", "microcrédit"],
     "contact_email": "groupement@transformatrices-thies.example.org",
     "description": "Quarante-deux femmes transforment céréales locales, bissap et pain de "
                    "singe, et gèrent ensemble une caisse d'épargne et de crédit."},
    {"ref": "pikine", "name": "Maison des Femmes de Pikine", "country": "SN",
     "city": "Pikine", "region": "south", "language": "fr",
     "sectors": ["alphabétisation", "santé communautaire", "entrepreneuriat féminin"],
     "contact_email": "contact@maison-femmes-pikine.example.org",
     "description": "Alphabétisation fonctionnelle, causeries sur la santé et appui aux "
                    "groupements de femmes de la banlieue de Dakar."},
    {"ref": "kivu", "name": "Solidarité Féminine du Kivu", "country": "CD",
     "city": "Bukavu", "region": "south", "language": "fr",
     "sectors": ["violences basées sur le genre", "accompagnement psychosocial"],
     "contact_email": "sfk@solidarite-kivu.example.org",
     "description": "Écoute, accompagnement psychosocial et juridique des survivantes de "
                    "violences sexuelles au Sud-Kivu ; plaidoyer auprès des autorités."},
    {"ref": "kinshasa", "name": "Mamans Maraîchères de Kinshasa", "country": "CD",
     "city": "Kinshasa", "region": "south", "language": "fr",
     "sectors": ["agriculture urbaine", "entrepreneuriat féminin"],
     "contact_email": "mamans@maraicheres-kinshasa.example.org",
     "description": "Coopérative de maraîchères de la commune de Kimbanseke : production, "
                    "vente groupée et formation à la gestion."},
    {"ref": "fes", "name": "Association Amal pour la formation des femmes", "country": "MA",
     "city": "Fès", "region": "south", "language": "fr",
     "sectors": ["compétences numériques", "insertion professionnelle", "coopératives"],
     "contact_email": "amal@amal-fes.example.org",
     "description": "Formations qualifiantes et accompagnement des coopératives féminines "
                    "de la médina de Fès vers l'emploi et la vente en ligne."},
    {"ref": "lima", "name": "Red de Mujeres Emprendedoras de Villa El Salvador",
     "country": "PE", "city": "Lima", "region": "south", "language": "en",
     "sectors": ["female entrepreneurship", "microcredit", "community kitchens"],
     "contact_email": "red@mujeres-ves.example.org",
     "description": "A network of women-led small businesses and comedores populares in "
                    "Villa El Salvador, Lima: savings groups, mentoring, shared stalls."},
    {"ref": "koudougou", "name": "Association Song-Taaba des femmes de Koudougou",
     "country": "BF", "city": "Koudougou", "region": "south", "language": "fr",
     "sectors": ["insertion professionnelle", "alphabétisation", "santé communautaire"],
     "contact_email": "songtaaba@koudougou.example.org",
     "description": "Song-Taaba, « entraidons-nous » en mooré : couture, savonnerie, "
                    "alphabétisation en mooré et en français pour les jeunes femmes."},
]

# `kind` is who proposes to whom: the proposer's region, then the partner's.
PARTNERSHIPS: list[dict[str, Any]] = [
    {"proposer": "collectif", "partner": "thies", "kind": "north_south",
     "focus_areas": ["entrepreneuriat féminin", "microcrédit"], "starts_in_days": -120,
     "description": "Mentorat croisé entre entrepreneures de Louvain-la-Neuve et "
                    "transformatrices de Thiès : gestion, épargne, accès au marché.",
     "activities": [
         {"by": "thies", "title": "Visite d'échange à Thiès", "kind": "exchange_visit",
          "days": -60, "participants_count": 14,
          "summary": "Cinq jours dans les unités de transformation ; atelier sur la caisse "
                     "d'épargne et de crédit."},
         {"by": "collectif", "title": "Atelier « Fixer ses prix »", "kind": "training",
          "days": 30, "participants_count": 22}]},
    {"proposer": "collectif", "partner": "kivu", "kind": "north_south",
     "focus_areas": ["violences basées sur le genre", "accompagnement psychosocial"],
     "starts_in_days": -200,
     "description": "Échange de pratiques sur l'accueil des survivantes de violences et "
                    "formation croisée des écoutantes.",
     "activities": [
         {"by": "kivu", "title": "Guide de l'écoutante, édition bilingue", "kind": "publication",
          "days": -30, "summary": "Un guide pratique en français et en swahili."}]},
    {"proposer": "numerique", "partner": "fes", "kind": "north_south",
     "focus_areas": ["compétences numériques", "vente en ligne"], "starts_in_days": -45,
     "description": "Co-construction d'un parcours « numérique et emploi » pour les "
                    "coopératives féminines de la médina.",
     "activities": [
         {"by": "fes", "title": "Formation de formatrices en ligne", "kind": "training",
          "days": 14, "participants_count": 9}]},
    {"proposer": "pikine", "partner": "koudougou", "kind": "south_south",
     "focus_areas": ["alphabétisation", "santé communautaire"], "starts_in_days": -90,
     "description": "Partage de méthodes d'alphabétisation fonctionnelle et de causeries "
                    "santé entre Pikine et Koudougou.",
     "activities": [
         {"by": "koudougou", "title": "Visite d'échange à Koudougou", "kind": "exchange_visit",
          "days": -20, "participants_count": 8}]},
    {"proposer": "kinshasa", "partner": "lima", "kind": "south_south",
     "focus_areas": ["agriculture urbaine", "female entrepreneurship"], "starts_in_days": -30,
     "description": "Maraîchères de Kinshasa et entrepreneuses de Villa El Salvador : "
                    "ventes groupées et cantines solidaires, d'un continent à l'autre.",
     "activities": [
         {"by": "lima", "title": "Online exchange: community kitchens and market gardens",
          "kind": "other", "days": 10, "participants_count": 31}]},
    {"proposer": "thies", "partner": "gent", "kind": "south_north",
     "focus_areas": ["entrepreneuriat féminin", "tewerkstelling"], "starts_in_days": 15,
     "description": "Les transformatrices de Thiès présentent leur expérience aux "
                    "nieuwkomers de Gent qui veulent créer leur activité.",
     "activities": []},
]
