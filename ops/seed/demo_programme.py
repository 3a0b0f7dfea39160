"""The demo trainings and conference `maillage seed` builds: plain data, no logic.

A training is found again by its owner and title, a session by its rank among the
training's sessions (in time order), a participant by email (made from the name), an agenda
item or a proposal by title. A session whose participants outnumber its capacity is full,
with a waiting list. Times: `days` from the day the seed runs, `at` local time, `utc_offset`.
"""

from typing import Any

TRAININGS: list[dict[str, Any]] = [
    {"owner": "collectif", "title": "Français langue étrangère — niveau A1 (alphabétisation)",
     "category": "french_language", "languages": ["fr"],
     "description": "Se présenter, faire ses courses, prendre rendez-vous chez le médecin, "
                    "lire un courrier de l'école : le français du quotidien, à l'oral et à "
                    "l'écrit, en petits groupes. Garderie sur place.",
     "audience": "Femmes primo-arrivantes, peu ou pas scolarisées",
     "tags": ["alphabétisation", "FLE", "primo-arrivantes"],
     "sessions": [
         {"days": 21, "at": "09:30", "hours": 3, "utc_offset": "+01:00", "capacity": 4,
          "city": "Louvain-la-Neuve", "address": "Rue de la Citronnelle 77",
          "participants": ["Aminata Koné", "Fatima Zahra El Idrissi", "Nadia Benali",
                           "Marie-Claire Mukendi", "Hawa Traoré", "Djamila Haddad"]},
         {"days": 63, "at": "13:30", "hours": 3, "utc_offset": "+01:00", "capacity": 12,
          "city": "Louvain-la-Neuve", "address": "Rue de la Citronnelle 77",
          "participants": ["Samira Ouali", "Rokia Diarra"]}]},
    {"owner": "collectif", "title": "Insertion socioprofessionnelle : construire son projet",
     "category": "professional_integration", "languages": ["fr"],
     "description": "Bilan de compétences, reconnaissance des diplômes, CV et entretien "
                    "d'embauche, stage en entreprise : un parcours de douze semaines vers "
                    "l'emploi ou la formation qualifiante.",
     "prerequisites": "Français oral de niveau A2",
     "tags": ["emploi", "CV", "équivalence des diplômes"],
     "sessions": [
         {"days": 35, "at": "09:00", "hours": 6, "utc_offset": "+01:00", "capacity": 15,
          "city": "Louvain-la-Neuve", "address": "Rue de la Citronnelle 77",
          "participants": ["Gloria Mbala", "Yasmina Cherkaoui", "Esperanza Quispe",
                           "Awa Sarr", "Leïla Mansouri"]}]},
    {"owner": "numerique", "title": "Premiers pas numériques : smartphone, e-mail et démarches en ligne",
     "category": "digital_skills", "languages": ["fr", "nl"],
     "description": "Créer une adresse e-mail, utiliser itsme, prendre un rendez-vous à la "
                    "commune, reconnaître un message frauduleux. Tablettes prêtées.",
     "tags": ["numérique", "e-administration", "smartphone"],
     "sessions": [
         {"days": 14, "at": "14:00", "hours": 2, "utc_offset": "+01:00", "capacity": 3,
          "city": "Bruxelles", "address": "Chaussée de Waterloo 255, Saint-Gilles",
          "participants": ["Khadija Amrani", "Bintou Coulibaly", "Olena Kovalenko",
                           "Mariam Sow", "Zeynep Yılmaz"]},
         {"days": 28, "at": "18:00", "hours": 2, "utc_offset": "+01:00", "capacity": 20,
          "online_url": "https://visio.atelier-numerique.example.org/premiers-pas",
          "participants": ["Saida Bouzid", "Ngozi Okafor"]}]},
    {"owner": "gent", "title": "Digitale vaardigheden voor werkzoekende vrouwen",
     "category": "digital_skills", "languages": ["nl", "en"],
     "description": "Solliciteren via VDAB, een cv maken in Word, veilig online bankieren. "
                    "Tien lessen in kleine groepen, met kinderopvang.",
     "tags": ["werk", "VDAB", "digitaal"],
     "sessions": [
         {"days": 18, "at": "09:00", "hours": 3, "utc_offset": "+01:00", "capacity": 10,
          "city": "Gent", "address": "Sint-Pietersnieuwstraat 30", "language": "nl",
          "participants": ["Fatma Demir", "Hanane Boukhari", "Selam Tesfaye"]}]},
    {"owner": "fes", "title": "Compétences numériques pour l'emploi et la vente en ligne",
     "category": "digital_skills", "languages": ["fr"],
     "description": "Bureautique, réseaux sociaux professionnels et boutique en ligne pour "
                    "les coopératives de tissage et de broderie de la médina.",
     "tags": ["coopératives", "e-commerce", "bureautique"],
     "sessions": [
         {"days": 25, "at": "10:00", "hours": 4, "utc_offset": "+01:00", "capacity": 16,
          "city": "Fès", "address": "Derb Sidi Ahmed Chaoui, médina",
          "participants": ["Meryem Tazi", "Houda El Fassi", "Salma Bennani"]}]},
    {"owner": "pikine", "title": "Alphabétisation fonctionnelle en français",
     "category": "french_language", "languages": ["fr"],
     "description": "Lire, écrire et compter pour tenir son commerce : carnet de ventes, "
                    "factures, téléphone. Séances le matin, après le marché.",
     "tags": ["alphabétisation", "calcul", "commerce"],
     "sessions": [
         {"days": 20, "at": "08:30", "hours": 2, "utc_offset": "+00:00", "capacity": 2,
          "city": "Pikine", "address": "Quartier Thiaroye, près du marché",
          "participants": ["Ndèye Fatou Diop", "Coumba Ndiaye", "Astou Faye"]}]},
    {"owner": "thies", "title": "Gérer une petite unité de transformation",
     "category": "entrepreneurship", "languages": ["fr"],
     "description": "Hygiène et normes, coût de revient, emballage et étiquetage, vente aux "
                    "boutiques et aux hôtels de la Petite-Côte.",
     "tags": ["entrepreneuriat féminin", "agroalimentaire", "gestion"],
     "sessions": [
         {"days": 40, "at": "09:00", "hours": 5, "utc_offset": "+00:00", "capacity": 25,
          "city": "Thiès", "address": "Avenue Léopold Sédar Senghor",
          "participants": ["Aïssatou Diallo", "Mame Diarra Bousso Gueye", "Khady Seck"]}]},
    {"owner": "koudougou", "title": "Insertion professionnelle des jeunes femmes : couture et gestion",
     "category": "professional_integration", "languages": ["fr"],
     "description": "Six mois de couture et de gestion d'atelier, puis un kit de démarrage "
                    "et un suivi par les aînées de l'association.",
     "tags": ["couture", "insertion", "jeunes femmes"],
     "sessions": [
         {"days": 30, "at": "08:00", "hours": 4, "utc_offset": "+00:00", "capacity": 20,
          "city": "Koudougou", "address": "Secteur 7",
          "participants": ["Aminata Ouédraogo", "Salimata Compaoré", "Rasmata Kaboré",
                           "Awa Zongo"]}]},
]

CONFERENCE: dict[str, Any] = {
    "organizer": "pikine", "co_organizers": ["collectif", "thies"],
    "title": "Entrepreneuriat féminin et autonomie économique : regards croisés Nord/Sud, Sud/Sud",
    "description": "Deux jours d'échanges entre entrepreneures, formatrices et associations "
                   "de Belgique, du Sénégal, de RD Congo, du Maroc, du Pérou et du Burkina "
                   "Faso : microcrédit, coopératives, accès aux marchés, violences "
                   "économiques.",
    "themes": ["entrepreneuriat féminin", "microcrédit", "coopératives"],
    "days": 75, "at": "09:00", "duration_days": 2, "utc_offset": "+00:00",
    "time_zone": "Africa/Dakar", "venue": {"city": "Dakar", "country": "SN",
                                           "address": "Maison de la Culture Douta Seck"},
    "capacity": 150, "languages": ["fr", "wo", "en"], "requires_approval": False,
    "agenda": [
        {"title": "Ouverture : quarante ans de solidarité Nord/Sud", "day": 0, "at": "09:00",
         "hours": 1, "room": None,
         "speakers": [{"name": "Ndèye Astou Mbaye", "organization": "Maison des Femmes de Pikine"},
                      {"name": "Claire Dubois", "organization": "Collectif des Femmes"}]},
        {"title": "Table ronde : la caisse d'épargne, premier outil d'autonomie", "day": 0,
         "at": "10:30", "hours": 1.5, "room": "Salle Aline Sitoé Diatta",
         "speakers": [
             {"name": "Fatou Ndiaye", "organization": "Groupement des Transformatrices de Thiès"},
             {"name": "Rosa Huamán",
              "organization": "Red de Mujeres Emprendedoras de Villa El Salvador"}]}],
    "proposal": {
        "by": "fes", "title": "Coopératives féminines de la médina : dix ans d'apprentissages",
        "abstract": "Comment les coopératives de tissage de Fès sont passées de la vente au "
                    "souk à la vente en ligne, et ce que cela a changé pour leurs membres.",
        "language": "fr", "day": 1, "at": "11:00", "hours": 1, "room": "Salle Aline Sitoé Diatta",
        "speakers": [{"name": "Meryem Alaoui",
                      "organization": "Association Amal pour la formation des femmes"}]},
    "registrations": [
        ("Mariama Bah", "fr", "Maison des Femmes de Pikine"),
        ("Ndèye Sokhna Fall", "fr", None),
        ("Claire Dubois", "fr", "Collectif des Femmes"),
        ("Annelies Vermeulen", "nl", "Vrouwenwerking Gent vzw"),
        ("Rosa Huamán", "en", "Red de Mujeres Emprendedoras de Villa El Salvador"),
        ("Béatrice Kabila", "fr", "Mamans Maraîchères de Kinshasa"),
        ("Fatimata Sawadogo", "fr", "Association Song-Taaba des femmes de Koudougou"),
        ("Yacine Mbengue", "fr", None),
    ],
}
