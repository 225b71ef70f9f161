"""Demo data that looks like Inserm's.

Partners are real institutions, each under its own name: universities and schools,
university hospitals and cancer centres, health agencies, research bodies, foundations,
patient associations, companies, social protection bodies, local governments and
Science Europe with members of it. There are about 450 of them, not 600: scale 1 holds
no made-up partner, and made-up names (numbered copies) appear only above scale 1.

Sites are real hospitals, cancer centres, faculties, blood establishment sites and
campuses. Units are spread over them as Inserm's are over the regions (Île-de-France
far ahead, none in Corsica), with names of the kinds Inserm's units bear; the names,
numbers and directors of the units are made up.

ROR IDs are given only where two independent published lists agreed and the ID's check
digits are right; the other partners have none.

Figures the brief gives and the demo keeps (tests check them): about 80% of units
inside the university-hospital perimeter, over 40% directed by a PU-PH, more than
2,000 university-hospital staff, 47 higher-education partners of which 39 are
universities, and every mandate status represented.
"""

import datetime as dt
from dataclasses import dataclass

from partners.models import Partner
from units.models import Region as R
from units.models import Site

K = Site.Kind
P = Partner.Kind


# French ----------------------------------------------------------------------------------------

# "de" becomes "d'" before a vowel or a mute h (every h-word used here has a mute h).
ELIDING = tuple("aeiouyàâäéèêëîïôöùûüœh")


def de(words: str) -> str:
    """'de' before `words`, elided where French elides it: de(imagerie) -> "d'imagerie"."""
    return f"d'{words}" if words[:1].lower() in ELIDING else f"de {words}"


def de_place(place: str) -> str:
    """'de' before a place name: "de Lyon", "d'Angers", "du Kremlin-Bicêtre", "de La Tronche"."""
    if place.startswith("Le "):
        return f"du {place[3:]}"
    if place.startswith("Les "):
        return f"des {place[4:]}"
    return de(place)


# Sites -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SiteRow:
    name: str
    city: str
    region: str
    kind: str
    latitude: float
    longitude: float
    units: int  # how many units it hosts at scale 1
    cic: str = ""  # the place its clinical investigation centre is named after, if it hosts one


S = SiteRow
# Units per region at scale 1 follow Inserm's spread (Île-de-France about 40%, then
# Auvergne-Rhône-Alpes, Occitanie, Provence-Alpes-Côte d'Azur…); 280 of the 350 units,
# 80%, are on sites of the university-hospital perimeter (CHU, CLCC, faculty, EFS).
SITES = [
    # Île-de-France: 142 units
    S("Hôpital Pitié-Salpêtrière", "Paris", R.ILE_DE_FRANCE, K.CHU, 48.838, 2.364, 15, "Paris – Pitié-Salpêtrière"),
    S("Hôpital Necker-Enfants malades", "Paris", R.ILE_DE_FRANCE, K.CHU, 48.846, 2.315, 10, "Paris – Necker"),
    S("Hôpital européen Georges-Pompidou", "Paris", R.ILE_DE_FRANCE, K.CHU, 48.839, 2.273, 6, "Paris – Pompidou"),
    S("Hôpital Cochin", "Paris", R.ILE_DE_FRANCE, K.CHU, 48.837, 2.339, 8, "Paris – Cochin"),
    S("Hôpital Bichat-Claude-Bernard", "Paris", R.ILE_DE_FRANCE, K.CHU, 48.898, 2.332, 6, "Paris – Bichat"),
    S("Hôpital Saint-Louis", "Paris", R.ILE_DE_FRANCE, K.CHU, 48.874, 2.368, 7, "Paris – Saint-Louis"),
    S("Hôpital Saint-Antoine", "Paris", R.ILE_DE_FRANCE, K.CHU, 48.849, 2.383, 5),
    S("Hôpital Robert-Debré", "Paris", R.ILE_DE_FRANCE, K.CHU, 48.879, 2.402, 5, "Paris – Robert-Debré"),
    S("Hôpital Lariboisière", "Paris", R.ILE_DE_FRANCE, K.CHU, 48.882, 2.353, 2),
    S("Hôpital Henri-Mondor", "Créteil", R.ILE_DE_FRANCE, K.CHU, 48.797, 2.453, 7, "Créteil"),
    S("Hôpital Bicêtre", "Le Kremlin-Bicêtre", R.ILE_DE_FRANCE, K.CHU, 48.810, 2.353, 5),
    S("Hôpital Paul-Brousse", "Villejuif", R.ILE_DE_FRANCE, K.CHU, 48.795, 2.364, 4),
    S("Hôpital Avicenne", "Bobigny", R.ILE_DE_FRANCE, K.CHU, 48.914, 2.425, 2),
    S("Hôpital Raymond-Poincaré", "Garches", R.ILE_DE_FRANCE, K.CHU, 48.845, 2.187, 2),
    S("Gustave Roussy", "Villejuif", R.ILE_DE_FRANCE, K.CLCC, 48.795, 2.351, 9),
    S("Institut Curie", "Paris", R.ILE_DE_FRANCE, K.CLCC, 48.840, 2.344, 9),
    S("Campus des Cordeliers", "Paris", R.ILE_DE_FRANCE, K.FACULTY, 48.851, 2.340, 9),
    S("Faculté de pharmacie de Paris", "Paris", R.ILE_DE_FRANCE, K.FACULTY, 48.843, 2.337, 3),
    S("EFS Île-de-France", "Ivry-sur-Seine", R.ILE_DE_FRANCE, K.EFS, 48.815, 2.385, 2),
    S("Institut Pasteur", "Paris", R.ILE_DE_FRANCE, K.CAMPUS, 48.840, 2.311, 11),
    S("Campus Paris-Saclay", "Gif-sur-Yvette", R.ILE_DE_FRANCE, K.CAMPUS, 48.710, 2.170, 7),
    S("Campus Jussieu", "Paris", R.ILE_DE_FRANCE, K.CAMPUS, 48.846, 2.356, 5),
    S("Genopole", "Évry-Courcouronnes", R.ILE_DE_FRANCE, K.CAMPUS, 48.625, 2.443, 3),
    # Auvergne-Rhône-Alpes: 38
    S("Hôpital Édouard-Herriot", "Lyon", R.AUVERGNE_RHONE_ALPES, K.CHU, 45.742, 4.883, 4),
    S("Hôpital Lyon Sud", "Pierre-Bénite", R.AUVERGNE_RHONE_ALPES, K.CHU, 45.699, 4.823, 3),
    S("Hôpital Pierre-Wertheimer", "Bron", R.AUVERGNE_RHONE_ALPES, K.CHU, 45.741, 4.906, 3, "Lyon"),
    S("Centre Léon Bérard", "Lyon", R.AUVERGNE_RHONE_ALPES, K.CLCC, 45.743, 4.878, 5),
    S("Faculté de médecine Lyon Est", "Lyon", R.AUVERGNE_RHONE_ALPES, K.FACULTY, 45.736, 4.880, 2),
    S("Campus de Gerland", "Lyon", R.AUVERGNE_RHONE_ALPES, K.CAMPUS, 45.729, 4.829, 8),
    S("CHU Grenoble Alpes", "La Tronche", R.AUVERGNE_RHONE_ALPES, K.CHU, 45.199, 5.746, 5, "Grenoble"),
    S("Polygone scientifique", "Grenoble", R.AUVERGNE_RHONE_ALPES, K.CAMPUS, 45.207, 5.695, 3),
    S(
        "CHU de Clermont-Ferrand",
        "Clermont-Ferrand",
        R.AUVERGNE_RHONE_ALPES,
        K.CHU,
        45.760,
        3.093,
        3,
        "Clermont-Ferrand",
    ),
    S("CHU de Saint-Étienne", "Saint-Étienne", R.AUVERGNE_RHONE_ALPES, K.CHU, 45.439, 4.387, 2, "Saint-Étienne"),
    # Occitanie: 30
    S("CHU de Toulouse – Hôpital Purpan", "Toulouse", R.OCCITANIE, K.CHU, 43.608, 1.401, 5, "Toulouse"),
    S("CHU de Toulouse – Hôpital Rangueil", "Toulouse", R.OCCITANIE, K.CHU, 43.561, 1.456, 4),
    S("Institut universitaire du cancer de Toulouse – Oncopole", "Toulouse", R.OCCITANIE, K.CLCC, 43.558, 1.428, 4),
    S("CHU de Montpellier", "Montpellier", R.OCCITANIE, K.CHU, 43.631, 3.852, 5, "Montpellier"),
    S("Institut du cancer de Montpellier", "Montpellier", R.OCCITANIE, K.CLCC, 43.632, 3.845, 3),
    S("Faculté de médecine Montpellier-Nîmes", "Montpellier", R.OCCITANIE, K.FACULTY, 43.635, 3.853, 2),
    S("CHU de Nîmes", "Nîmes", R.OCCITANIE, K.CHU, 43.822, 4.369, 1),
    S("Campus Triolet", "Montpellier", R.OCCITANIE, K.CAMPUS, 43.632, 3.864, 3),
    S("Campus de Rangueil", "Toulouse", R.OCCITANIE, K.CAMPUS, 43.562, 1.468, 3),
    # Provence-Alpes-Côte d'Azur: 28
    S("Hôpital de la Timone", "Marseille", R.PROVENCE_ALPES_COTE_DAZUR, K.CHU, 43.290, 5.402, 6, "Marseille"),
    S("Hôpital Nord", "Marseille", R.PROVENCE_ALPES_COTE_DAZUR, K.CHU, 43.379, 5.370, 2),
    S("Institut Paoli-Calmettes", "Marseille", R.PROVENCE_ALPES_COTE_DAZUR, K.CLCC, 43.263, 5.413, 3),
    S("CHU de Nice", "Nice", R.PROVENCE_ALPES_COTE_DAZUR, K.CHU, 43.728, 7.247, 3, "Nice"),
    S("Centre Antoine Lacassagne", "Nice", R.PROVENCE_ALPES_COTE_DAZUR, K.CLCC, 43.706, 7.256, 2),
    S(
        "Faculté des sciences médicales et paramédicales de Marseille",
        "Marseille",
        R.PROVENCE_ALPES_COTE_DAZUR,
        K.FACULTY,
        43.289,
        5.404,
        2,
    ),
    S("Campus de Luminy", "Marseille", R.PROVENCE_ALPES_COTE_DAZUR, K.CAMPUS, 43.232, 5.440, 7),
    S("Campus Valrose", "Nice", R.PROVENCE_ALPES_COTE_DAZUR, K.CAMPUS, 43.717, 7.266, 3),
    # Hauts-de-France: 18
    S("CHU de Lille", "Lille", R.HAUTS_DE_FRANCE, K.CHU, 50.610, 3.034, 7, "Lille"),
    S("Centre Oscar Lambret", "Lille", R.HAUTS_DE_FRANCE, K.CLCC, 50.611, 3.037, 2),
    S("Faculté de médecine Henri-Warembourg", "Lille", R.HAUTS_DE_FRANCE, K.FACULTY, 50.609, 3.038, 2),
    S("Campus Institut Pasteur de Lille", "Lille", R.HAUTS_DE_FRANCE, K.CAMPUS, 50.630, 3.064, 4),
    S("CHU Amiens-Picardie", "Amiens", R.HAUTS_DE_FRANCE, K.CHU, 49.871, 2.263, 3),
    # Grand Est: 18
    S("Hôpitaux universitaires de Strasbourg", "Strasbourg", R.GRAND_EST, K.CHU, 48.577, 7.741, 5, "Strasbourg"),
    S("Institut de cancérologie Strasbourg Europe", "Strasbourg", R.GRAND_EST, K.CLCC, 48.578, 7.743, 1),
    S("Campus d'Illkirch", "Illkirch-Graffenstaden", R.GRAND_EST, K.CAMPUS, 48.530, 7.735, 4),
    S("CHRU de Nancy", "Vandœuvre-lès-Nancy", R.GRAND_EST, K.CHU, 48.649, 6.152, 4, "Nancy"),
    S("Institut de cancérologie de Lorraine", "Vandœuvre-lès-Nancy", R.GRAND_EST, K.CLCC, 48.650, 6.147, 1),
    S("CHU de Reims", "Reims", R.GRAND_EST, K.CHU, 49.242, 4.049, 2),
    S("Institut Godinot", "Reims", R.GRAND_EST, K.CLCC, 49.250, 4.040, 1),
    # Nouvelle-Aquitaine: 18
    S("CHU de Bordeaux – Hôpital Pellegrin", "Bordeaux", R.NOUVELLE_AQUITAINE, K.CHU, 44.827, -0.606, 5, "Bordeaux"),
    S("Institut Bergonié", "Bordeaux", R.NOUVELLE_AQUITAINE, K.CLCC, 44.824, -0.574, 2),
    S("Campus de Carreire", "Bordeaux", R.NOUVELLE_AQUITAINE, K.FACULTY, 44.826, -0.602, 4),
    S("CHU de Poitiers", "Poitiers", R.NOUVELLE_AQUITAINE, K.CHU, 46.563, 0.369, 3, "Poitiers"),
    S("CHU de Limoges", "Limoges", R.NOUVELLE_AQUITAINE, K.CHU, 45.815, 1.239, 2, "Limoges"),
    S("Campus de Talence", "Talence", R.NOUVELLE_AQUITAINE, K.CAMPUS, 44.805, -0.597, 2),
    # Pays de la Loire: 14
    S("CHU de Nantes", "Nantes", R.PAYS_DE_LA_LOIRE, K.CHU, 47.211, -1.553, 6, "Nantes"),
    S("Institut de cancérologie de l'Ouest", "Saint-Herblain", R.PAYS_DE_LA_LOIRE, K.CLCC, 47.236, -1.634, 2),
    S("EFS Centre-Pays de la Loire, site de Nantes", "Nantes", R.PAYS_DE_LA_LOIRE, K.EFS, 47.210, -1.556, 1),
    S("CHU d'Angers", "Angers", R.PAYS_DE_LA_LOIRE, K.CHU, 47.481, -0.555, 3),
    S("Institut de recherche en santé de Nantes", "Nantes", R.PAYS_DE_LA_LOIRE, K.FACULTY, 47.209, -1.557, 2),
    # Bretagne: 12
    S("CHU de Rennes – Hôpital Pontchaillou", "Rennes", R.BRETAGNE, K.CHU, 48.119, -1.694, 4, "Rennes"),
    S("Centre Eugène Marquis", "Rennes", R.BRETAGNE, K.CLCC, 48.120, -1.697, 1),
    S("EFS Bretagne", "Rennes", R.BRETAGNE, K.EFS, 48.119, -1.698, 1),
    S("CHU de Brest", "Brest", R.BRETAGNE, K.CHU, 48.400, -4.531, 3, "Brest"),
    S("Campus de Beaulieu", "Rennes", R.BRETAGNE, K.CAMPUS, 48.116, -1.638, 3),
    # Normandie: 9
    S("CHU de Rouen", "Rouen", R.NORMANDIE, K.CHU, 49.441, 1.110, 3, "Rouen"),
    S("CHU de Caen Normandie", "Caen", R.NORMANDIE, K.CHU, 49.204, -0.356, 3),
    S("Centre François Baclesse", "Caen", R.NORMANDIE, K.CLCC, 49.205, -0.352, 1),
    S("Centre Henri Becquerel", "Rouen", R.NORMANDIE, K.CLCC, 49.437, 1.101, 1),
    S("GIP Cyceron", "Caen", R.NORMANDIE, K.CAMPUS, 49.213, -0.367, 1),
    # Centre-Val de Loire: 8
    S("CHRU de Tours", "Tours", R.CENTRE_VAL_DE_LOIRE, K.CHU, 47.383, 0.697, 5, "Tours"),
    S("CHU d'Orléans", "Orléans", R.CENTRE_VAL_DE_LOIRE, K.CHU, 47.837, 1.935, 1),
    S("Campus CNRS d'Orléans", "Orléans", R.CENTRE_VAL_DE_LOIRE, K.CAMPUS, 47.838, 1.943, 2),
    # Bourgogne-Franche-Comté: 8
    S("CHU Dijon Bourgogne", "Dijon", R.BOURGOGNE_FRANCHE_COMTE, K.CHU, 47.321, 5.065, 3, "Dijon"),
    S("Centre Georges-François Leclerc", "Dijon", R.BOURGOGNE_FRANCHE_COMTE, K.CLCC, 47.320, 5.066, 1),
    S("CHU de Besançon", "Besançon", R.BOURGOGNE_FRANCHE_COMTE, K.CHU, 47.223, 5.951, 3, "Besançon"),
    S("EFS Bourgogne-Franche-Comté", "Besançon", R.BOURGOGNE_FRANCHE_COMTE, K.EFS, 47.225, 5.955, 1),
    # Overseas: 7 (none in Corsica, Martinique or Mayotte)
    S("CHU de La Réunion", "Saint-Denis", R.LA_REUNION, K.CHU, -20.893, 55.445, 2, "La Réunion"),
    S("Plateforme CYROI", "Sainte-Clotilde", R.LA_REUNION, K.CAMPUS, -20.901, 55.485, 1),
    S("CHU de la Guadeloupe", "Pointe-à-Pitre", R.GUADELOUPE, K.CHU, 16.249, -61.520, 3, "Pointe-à-Pitre"),
    S("CHU de Guyane", "Cayenne", R.GUYANE, K.CHU, 4.937, -52.318, 1),
]

# Hcéres evaluates a site's units together, wave by wave: each region's wave (the demo's
# assignment, not Hcéres' calendar).
WAVES = {
    R.GRAND_EST: "A",
    R.AUVERGNE_RHONE_ALPES: "A",
    R.OCCITANIE: "B",
    R.PROVENCE_ALPES_COTE_DAZUR: "B",
    R.LA_REUNION: "B",
    R.GUADELOUPE: "B",
    R.MARTINIQUE: "B",
    R.GUYANE: "B",
    R.BRETAGNE: "C",
    R.PAYS_DE_LA_LOIRE: "C",
    R.NORMANDIE: "C",
    R.CENTRE_VAL_DE_LOIRE: "C",
    R.ILE_DE_FRANCE: "D",
    R.HAUTS_DE_FRANCE: "E",
    R.NOUVELLE_AQUITAINE: "E",
    R.BOURGOGNE_FRANCHE_COMTE: "E",
}

# Units -----------------------------------------------------------------------------------------

# Disciplines, as they follow "en" or "de": "Centre de recherche en immunologie",
# "Laboratoire d'imagerie biomédicale". None starts with an aspirated h.
FIELDS = [
    "neurosciences",
    "immunologie",
    "cancérologie",
    "cardiologie",
    "génétique humaine",
    "épidémiologie",
    "infectiologie",
    "biologie du développement",
    "santé publique",
    "pharmacologie",
    "imagerie biomédicale",
    "hématologie",
    "dermatologie",
    "ophtalmologie",
    "santé environnementale",
    "thérapie cellulaire",
    "bio-informatique",
    "néphrologie",
    "hépatologie",
    "endocrinologie",
    "biostatistique",
    "virologie",
    "microbiologie",
    "nutrition humaine",
    "psychiatrie",
    "biologie cellulaire",
    "toxicologie",
    "biologie structurale",
    "génomique",
    "médecine régénératrice",
    "pneumologie",
    "rhumatologie",
    "physiologie",
    "parasitologie",
    "immunothérapie",
    "sciences sociales de la santé",
]
# Groups of diseases, after "des": "Physiopathologie des maladies rares".
DISEASES = [
    "maladies cardiovasculaires",
    "maladies neurodégénératives",
    "maladies rares",
    "maladies infectieuses",
    "maladies métaboliques",
    "maladies inflammatoires chroniques",
    "cancers",
    "maladies respiratoires",
    "maladies du foie",
    "maladies rénales",
    "maladies auto-immunes",
    "troubles psychiatriques",
    "maladies osseuses",
    "maladies de la vision",
    "maladies du sang",
    "cancers de l'enfant",
]
# How a unit's work on a group of diseases is named: "Physiopathologie des cancers".
APPROACHES = ["Physiopathologie", "Épidémiologie", "Génétique", "Immunologie", "Pharmacologie", "Thérapeutique"]
# Service units: a platform for a technique, or a service of another kind.
PLATFORMS = [
    "génomique",
    "protéomique",
    "cytométrie",
    "imagerie cellulaire",
    "microscopie électronique",
    "bio-informatique",
    "criblage",
    "imagerie du petit animal",
    "métabolomique",
    "histologie",
    "séquençage",
]
SERVICES = [
    "d'expérimentation animale",
    "de ressources biologiques",
    "d'appui à la recherche clinique",
    "de données de santé",
]
FIRST_NAMES = [
    "Marie",
    "Jean",
    "Claire",
    "Pierre",
    "Sophie",
    "Nicolas",
    "Isabelle",
    "Thomas",
    "Nathalie",
    "Laurent",
    "Camille",
    "Julien",
    "Anne",
    "Olivier",
    "Céline",
    "Mathieu",
    "Hélène",
    "Antoine",
    "Émilie",
    "François",
    "Amina",
    "Karim",
    "Léa",
    "Yasmine",
    "Hugo",
    "Inès",
    "Mehdi",
    "Chloé",
]
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Benali",
    "Nguyen",
    "Haddad",
    "Rousseau",
    "Faure",
    "Blanc",
    "Guérin",
    "Muller",
]
# Internal notes on units, as a manager writes them ("" most of the time).
UNIT_NOTES = [
    "",
    "",
    "",
    "",
    "Succession à la direction à préparer.",
    "Budget en cours de révision.",
    "Dossier d'évaluation Hcéres à compléter.",
    "Déménagement prévu dans les nouveaux locaux du site.",
]
# Terms that are not full ones, and the note that says why (Mandate.length_reason).
PANDEMIC_EXTENSION_NOTE = "Mandat prolongé d'un an à cause de la crise sanitaire de 2020."
EXTENSION_NOTE = "Mandat prolongé d'un an dans l'attente de l'évaluation du site."
WAVE_ALIGNMENT_NOTE = "Mandat raccourci d'un an pour l'aligner sur la vague d'évaluation du site."


# Partners --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Org:
    name: str
    acronym: str = ""
    city: str = ""
    region: str = ""
    country: str = "FR"
    ror: str = ""
    website: str = ""
    kind: str = ""  # a Partner.Kind; the list's own when empty
    role: str = ""  # in Science Europe: rfo or rpo


UNIVERSITIES = [
    Org("Université Paris Cité", "UPCité", "Paris", R.ILE_DE_FRANCE, ror="05f82e368"),
    Org("Sorbonne Université", "SU", "Paris", R.ILE_DE_FRANCE, ror="02en5vm52"),
    Org("Université Paris-Saclay", "UPSaclay", "Gif-sur-Yvette", R.ILE_DE_FRANCE, ror="03xjwb503"),
    Org("Université Paris sciences et lettres", "PSL", "Paris", R.ILE_DE_FRANCE, ror="013cjyk83"),
    Org("Université Paris-Est Créteil", "UPEC", "Créteil", R.ILE_DE_FRANCE, ror="05ggc9x40"),
    Org("Université Sorbonne Paris Nord", "USPN", "Villetaneuse", R.ILE_DE_FRANCE, ror="0199hds37"),
    Org("Université d'Évry Paris-Saclay", "UEVE", "Évry-Courcouronnes", R.ILE_DE_FRANCE),
    Org("Université de Lille", "ULille", "Lille", R.HAUTS_DE_FRANCE, ror="02kzqn938"),
    Org("Université de Picardie Jules Verne", "UPJV", "Amiens", R.HAUTS_DE_FRANCE, ror="01gyxrk03"),
    Org("Université de Strasbourg", "Unistra", "Strasbourg", R.GRAND_EST, ror="00pg6eq24"),
    Org("Université de Lorraine", "UL", "Nancy", R.GRAND_EST, ror="04vfs2w97"),
    Org("Université de Reims Champagne-Ardenne", "URCA", "Reims", R.GRAND_EST, ror="03hypw319"),
    Org("Université Bourgogne Europe", "UBE", "Dijon", R.BOURGOGNE_FRANCHE_COMTE),
    Org("Université Marie et Louis Pasteur", "UMLP", "Besançon", R.BOURGOGNE_FRANCHE_COMTE),
    Org("Université Claude Bernard Lyon 1", "UCBL", "Villeurbanne", R.AUVERGNE_RHONE_ALPES, ror="029brtt94"),
    Org("Université Grenoble Alpes", "UGA", "Grenoble", R.AUVERGNE_RHONE_ALPES, ror="02rx3b187"),
    Org("Université Clermont Auvergne", "UCA", "Clermont-Ferrand", R.AUVERGNE_RHONE_ALPES, ror="01a8ajp46"),
    Org("Université Jean Monnet Saint-Étienne", "UJM", "Saint-Étienne", R.AUVERGNE_RHONE_ALPES),
    Org("Université Savoie Mont Blanc", "USMB", "Chambéry", R.AUVERGNE_RHONE_ALPES, ror="04gqg1a07"),
    Org("Université de Bordeaux", "UBordeaux", "Bordeaux", R.NOUVELLE_AQUITAINE, ror="057qpr032"),
    Org("Université de Poitiers", "UPoitiers", "Poitiers", R.NOUVELLE_AQUITAINE, ror="04xhy8q59"),
    Org("Université de Limoges", "ULimoges", "Limoges", R.NOUVELLE_AQUITAINE, ror="02cp04407"),
    Org("Université de Pau et des Pays de l'Adour", "UPPA", "Pau", R.NOUVELLE_AQUITAINE, ror="01frn9647"),
    Org("Université de Toulouse", "UT", "Toulouse", R.OCCITANIE, ror="01ahyrz84"),
    Org("Université de Montpellier", "UM", "Montpellier", R.OCCITANIE, ror="051escj72"),
    Org("Aix-Marseille Université", "AMU", "Marseille", R.PROVENCE_ALPES_COTE_DAZUR, ror="035xkbk20"),
    Org("Université Côte d'Azur", "UniCA", "Nice", R.PROVENCE_ALPES_COTE_DAZUR, ror="019tgvf94"),
    Org("Nantes Université", "NU", "Nantes", R.PAYS_DE_LA_LOIRE, ror="03gnr7b55"),
    Org("Université d'Angers", "UA", "Angers", R.PAYS_DE_LA_LOIRE, ror="04yrqp957"),
    Org("Université de Rennes", "UR", "Rennes", R.BRETAGNE, ror="015m7wh34"),
    Org("Université de Bretagne Occidentale", "UBO", "Brest", R.BRETAGNE),
    Org("Université de Caen Normandie", "Unicaen", "Caen", R.NORMANDIE, ror="051kpcy16"),
    Org("Université de Rouen Normandie", "URN", "Rouen", R.NORMANDIE, ror="03nhjew95"),
    Org("Université de Tours", "UTours", "Tours", R.CENTRE_VAL_DE_LOIRE, ror="02wwzvj46"),
    Org("Université d'Orléans", "UO", "Orléans", R.CENTRE_VAL_DE_LOIRE, ror="014zrew76"),
    Org("Université de Corse Pascal Paoli", "UCPP", "Corte", R.CORSE),
    Org("Université des Antilles", "UA-Antilles", "Pointe-à-Pitre", R.GUADELOUPE, ror="02ryfmr77"),
    Org("Université de Guyane", "", "Cayenne", R.GUYANE),
    Org("Université de La Réunion", "UR-Réunion", "Saint-Denis", R.LA_REUNION, ror="005ypkf75"),
]
SCHOOLS = [
    Org("École normale supérieure – PSL", "ENS-PSL", "Paris", R.ILE_DE_FRANCE, ror="05a0dhs15"),
    Org("École normale supérieure de Lyon", "ENS de Lyon", "Lyon", R.AUVERGNE_RHONE_ALPES, ror="04zmssz18"),
    Org("École pratique des hautes études", "EPHE", "Paris", R.ILE_DE_FRANCE),
    Org("École des hautes études en santé publique", "EHESP", "Rennes", R.BRETAGNE),
    Org("École polytechnique", "X", "Palaiseau", R.ILE_DE_FRANCE),
    Org("ESPCI Paris – PSL", "ESPCI", "Paris", R.ILE_DE_FRANCE),
    Org("Collège de France", "", "Paris", R.ILE_DE_FRANCE),
    Org("INSA Lyon", "INSA", "Villeurbanne", R.AUVERGNE_RHONE_ALPES),
]

HOSPITALS = [
    Org("Assistance Publique – Hôpitaux de Paris", "AP-HP", "Paris", R.ILE_DE_FRANCE, ror="00pg5jh14"),
    Org("Hospices Civils de Lyon", "HCL", "Lyon", R.AUVERGNE_RHONE_ALPES, ror="01502ca60"),
    Org("Assistance Publique – Hôpitaux de Marseille", "AP-HM", "Marseille", R.PROVENCE_ALPES_COTE_DAZUR),
    Org("CHU Amiens-Picardie", "", "Amiens", R.HAUTS_DE_FRANCE),
    Org("CHU d'Angers", "", "Angers", R.PAYS_DE_LA_LOIRE),
    Org("CHU de Besançon", "", "Besançon", R.BOURGOGNE_FRANCHE_COMTE),
    Org("CHU de Bordeaux", "", "Bordeaux", R.NOUVELLE_AQUITAINE),
    Org("CHU de Brest", "", "Brest", R.BRETAGNE),
    Org("CHU de Caen Normandie", "", "Caen", R.NORMANDIE),
    Org("CHU de Clermont-Ferrand", "", "Clermont-Ferrand", R.AUVERGNE_RHONE_ALPES),
    Org("CHU Dijon Bourgogne", "", "Dijon", R.BOURGOGNE_FRANCHE_COMTE),
    Org("CHU Grenoble Alpes", "CHUGA", "La Tronche", R.AUVERGNE_RHONE_ALPES),
    Org("CHU de Lille", "", "Lille", R.HAUTS_DE_FRANCE),
    Org("CHU de Limoges", "", "Limoges", R.NOUVELLE_AQUITAINE),
    Org("CHU de Montpellier", "", "Montpellier", R.OCCITANIE),
    Org("CHRU de Nancy", "", "Vandœuvre-lès-Nancy", R.GRAND_EST),
    Org("CHU de Nantes", "", "Nantes", R.PAYS_DE_LA_LOIRE),
    Org("CHU de Nice", "", "Nice", R.PROVENCE_ALPES_COTE_DAZUR),
    Org("CHU de Nîmes", "", "Nîmes", R.OCCITANIE),
    Org("CHU d'Orléans", "", "Orléans", R.CENTRE_VAL_DE_LOIRE),
    Org("CHU de Poitiers", "", "Poitiers", R.NOUVELLE_AQUITAINE),
    Org("CHU de Reims", "", "Reims", R.GRAND_EST),
    Org("CHU de Rennes", "", "Rennes", R.BRETAGNE),
    Org("CHU de Rouen", "", "Rouen", R.NORMANDIE),
    Org("CHU de Saint-Étienne", "", "Saint-Étienne", R.AUVERGNE_RHONE_ALPES),
    Org("Hôpitaux universitaires de Strasbourg", "HUS", "Strasbourg", R.GRAND_EST),
    Org("CHU de Toulouse", "", "Toulouse", R.OCCITANIE),
    Org("CHRU de Tours", "", "Tours", R.CENTRE_VAL_DE_LOIRE),
    Org("CHU de la Guadeloupe", "", "Pointe-à-Pitre", R.GUADELOUPE),
    Org("CHU de Martinique", "", "Fort-de-France", R.MARTINIQUE),
    Org("CHU de Guyane", "", "Cayenne", R.GUYANE),
    Org("CHU de La Réunion", "", "Saint-Denis", R.LA_REUNION),
    Org("CHR Metz-Thionville", "", "Metz", R.GRAND_EST),
    Org("GHU Paris psychiatrie et neurosciences", "GHU Paris", "Paris", R.ILE_DE_FRANCE),
    Org("Hôpital Fondation Adolphe de Rothschild", "", "Paris", R.ILE_DE_FRANCE),
    Org("Centre hospitalier national d'ophtalmologie des Quinze-Vingts", "", "Paris", R.ILE_DE_FRANCE),
    Org("Groupe hospitalier Paris Saint-Joseph", "", "Paris", R.ILE_DE_FRANCE),
    Org("Hôpital Foch", "", "Suresnes", R.ILE_DE_FRANCE),
    Org("Institut mutualiste Montsouris", "IMM", "Paris", R.ILE_DE_FRANCE),
    Org("Centre hospitalier Le Vinatier", "", "Bron", R.AUVERGNE_RHONE_ALPES),
]
# Unicancer, the federation of the cancer centres (CLCC), and its members.
UNICANCER = Org("Unicancer", "", "Paris", R.ILE_DE_FRANCE, kind=P.NETWORK, website="https://www.unicancer.fr")
CANCER_CENTRES = [
    Org("Gustave Roussy", "", "Villejuif", R.ILE_DE_FRANCE),
    Org("Institut Curie", "", "Paris", R.ILE_DE_FRANCE, ror="04t0gwh46", website="https://curie.fr"),
    Org("Centre Léon Bérard", "CLB", "Lyon", R.AUVERGNE_RHONE_ALPES),
    Org("Centre Jean Perrin", "", "Clermont-Ferrand", R.AUVERGNE_RHONE_ALPES),
    Org("Institut Paoli-Calmettes", "IPC", "Marseille", R.PROVENCE_ALPES_COTE_DAZUR),
    Org("Centre Antoine Lacassagne", "", "Nice", R.PROVENCE_ALPES_COTE_DAZUR),
    Org("Institut Bergonié", "", "Bordeaux", R.NOUVELLE_AQUITAINE),
    Org("Institut Claudius Regaud", "", "Toulouse", R.OCCITANIE),
    Org("Institut du cancer de Montpellier", "ICM", "Montpellier", R.OCCITANIE),
    Org("Centre Oscar Lambret", "", "Lille", R.HAUTS_DE_FRANCE),
    Org("Institut de cancérologie Strasbourg Europe", "ICANS", "Strasbourg", R.GRAND_EST),
    Org("Institut de cancérologie de Lorraine", "ICL", "Vandœuvre-lès-Nancy", R.GRAND_EST),
    Org("Institut Godinot", "", "Reims", R.GRAND_EST),
    Org("Institut de cancérologie de l'Ouest", "ICO", "Angers", R.PAYS_DE_LA_LOIRE),
    Org("Centre Eugène Marquis", "", "Rennes", R.BRETAGNE),
    Org("Centre François Baclesse", "", "Caen", R.NORMANDIE),
    Org("Centre Henri Becquerel", "", "Rouen", R.NORMANDIE),
    Org("Centre Georges-François Leclerc", "CGFL", "Dijon", R.BOURGOGNE_FRANCHE_COMTE),
]

# The French blood establishment and its regional establishments.
EFS = Org("Établissement français du sang", "EFS", "La Plaine Saint-Denis", R.ILE_DE_FRANCE)
EFS_REGIONS = [
    Org("EFS Auvergne-Rhône-Alpes", "", "", R.AUVERGNE_RHONE_ALPES),
    Org("EFS Bourgogne-Franche-Comté", "", "Besançon", R.BOURGOGNE_FRANCHE_COMTE),
    Org("EFS Bretagne", "", "Rennes", R.BRETAGNE),
    Org("EFS Centre-Pays de la Loire", "", "", R.PAYS_DE_LA_LOIRE),
    Org("EFS Grand Est", "", "", R.GRAND_EST),
    Org("EFS Hauts-de-France – Normandie", "", "Lille", R.HAUTS_DE_FRANCE),
    Org("EFS Île-de-France", "", "Ivry-sur-Seine", R.ILE_DE_FRANCE),
    Org("EFS Nouvelle-Aquitaine", "", "Bordeaux", R.NOUVELLE_AQUITAINE),
    Org("EFS Occitanie", "", "", R.OCCITANIE),
    Org("EFS Martinique", "", "Fort-de-France", R.MARTINIQUE),
]
HEALTH_AGENCIES = [
    EFS,
    Org("ANRS | Maladies infectieuses émergentes", "ANRS MIE", "Paris", R.ILE_DE_FRANCE),
    Org(
        "Agence nationale de sécurité du médicament et des produits de santé",
        "ANSM",
        "Saint-Denis",
        R.ILE_DE_FRANCE,
        website="https://ansm.sante.fr",
    ),
    Org("Santé publique France", "SpF", "Saint-Maurice", R.ILE_DE_FRANCE, website="https://www.santepubliquefrance.fr"),
    Org("Haute Autorité de santé", "HAS", "Saint-Denis", R.ILE_DE_FRANCE, website="https://www.has-sante.fr"),
    Org("Agence de la biomédecine", "ABM", "Saint-Denis", R.ILE_DE_FRANCE),
    Org("Institut national du cancer", "INCa", "Boulogne-Billancourt", R.ILE_DE_FRANCE),
    Org(
        "Agence nationale de sécurité sanitaire de l'alimentation, de l'environnement et du travail",
        "Anses",
        "Maisons-Alfort",
        R.ILE_DE_FRANCE,
    ),
    Org("Haut Conseil de la santé publique", "HCSP", "Paris", R.ILE_DE_FRANCE),
    Org("Agence du numérique en santé", "ANS", "Paris", R.ILE_DE_FRANCE),
    Org("Plateforme des données de santé", "Health Data Hub", "Paris", R.ILE_DE_FRANCE),
    Org("Agence de l'innovation en santé", "AIS", "Paris", R.ILE_DE_FRANCE),
    Org("Agence technique de l'information sur l'hospitalisation", "ATIH", "Lyon", R.AUVERGNE_RHONE_ALPES),
    Org("Observatoire français des drogues et des tendances addictives", "OFDT", "Paris", R.ILE_DE_FRANCE),
    Org("Autorité de sûreté nucléaire et de radioprotection", "ASNR", "Montrouge", R.ILE_DE_FRANCE),
]
# The eighteen regional health agencies, with the city they sit in where the demo knows it.
REGIONAL_HEALTH_AGENCIES = [
    ("Auvergne-Rhône-Alpes", "Lyon", R.AUVERGNE_RHONE_ALPES),
    ("Bourgogne-Franche-Comté", "Dijon", R.BOURGOGNE_FRANCHE_COMTE),
    ("Bretagne", "Rennes", R.BRETAGNE),
    ("Centre-Val de Loire", "Orléans", R.CENTRE_VAL_DE_LOIRE),
    ("Corse", "Ajaccio", R.CORSE),
    ("Grand Est", "Nancy", R.GRAND_EST),
    ("Hauts-de-France", "Lille", R.HAUTS_DE_FRANCE),
    ("Île-de-France", "Saint-Denis", R.ILE_DE_FRANCE),
    ("Normandie", "Caen", R.NORMANDIE),
    ("Nouvelle-Aquitaine", "Bordeaux", R.NOUVELLE_AQUITAINE),
    ("Occitanie", "Montpellier", R.OCCITANIE),
    ("Pays de la Loire", "Nantes", R.PAYS_DE_LA_LOIRE),
    ("Provence-Alpes-Côte d'Azur", "Marseille", R.PROVENCE_ALPES_COTE_DAZUR),
    ("Guadeloupe, Saint-Martin et Saint-Barthélemy", "", R.GUADELOUPE),
    ("Martinique", "Fort-de-France", R.MARTINIQUE),
    ("Guyane", "Cayenne", R.GUYANE),
    ("La Réunion", "Saint-Denis", R.LA_REUNION),
    ("Mayotte", "Mamoudzou", R.MAYOTTE),
]

RESEARCH_BODIES = [
    Org(
        "Centre national de la recherche scientifique",
        "CNRS",
        "Paris",
        R.ILE_DE_FRANCE,
        ror="02feahw73",
        website="https://www.cnrs.fr",
    ),
    Org(
        "Commissariat à l'énergie atomique et aux énergies alternatives",
        "CEA",
        "Gif-sur-Yvette",
        R.ILE_DE_FRANCE,
        ror="00jjx8s55",
    ),
    Org(
        "Institut national de recherche pour l'agriculture, l'alimentation et l'environnement",
        "INRAE",
        "Paris",
        R.ILE_DE_FRANCE,
        ror="003vg9w96",
    ),
    Org(
        "Institut de recherche pour le développement", "IRD", "Marseille", R.PROVENCE_ALPES_COTE_DAZUR, ror="05q3vnk25"
    ),
    Org(
        "Institut national de recherche en sciences et technologies du numérique",
        "Inria",
        "Le Chesnay-Rocquencourt",
        R.ILE_DE_FRANCE,
        ror="02kvxyf05",
    ),
    Org("Institut national d'études démographiques", "Ined", "Aubervilliers", R.ILE_DE_FRANCE, ror="02cnsac56"),
    Org(
        "Centre de coopération internationale en recherche agronomique pour le développement",
        "Cirad",
        "Montpellier",
        R.OCCITANIE,
        ror="05kpkpg04",
    ),
    Org("Centre national d'études spatiales", "CNES", "Paris", R.ILE_DE_FRANCE, ror="04h1h0y33"),
    Org("Institut de recherche biomédicale des armées", "IRBA", "Brétigny-sur-Orge", R.ILE_DE_FRANCE),
    Org("Institut Pasteur", "", "Paris", R.ILE_DE_FRANCE, ror="0495fxg12", website="https://www.pasteur.fr"),
    Org("Institut Pasteur de Lille", "", "Lille", R.HAUTS_DE_FRANCE),
    Org("Institut Pasteur de la Guadeloupe", "", "Les Abymes", R.GUADELOUPE),
    Org("Institut Pasteur de la Guyane", "", "Cayenne", R.GUYANE),
    Org("Centre international de recherche sur le cancer", "CIRC", "Lyon", R.AUVERGNE_RHONE_ALPES),
    Org("Institut du Cerveau", "", "Paris", R.ILE_DE_FRANCE),
    Org("Institut Imagine", "", "Paris", R.ILE_DE_FRANCE),
    Org("Institut de recherche et documentation en économie de la santé", "Irdes", "Paris", R.ILE_DE_FRANCE),
    Org("Genopole", "", "Évry-Courcouronnes", R.ILE_DE_FRANCE),
    Org("Synchrotron SOLEIL", "", "Saint-Aubin", R.ILE_DE_FRANCE),
    Org("Institut Laue-Langevin", "ILL", "Grenoble", R.AUVERGNE_RHONE_ALPES),
    Org("Agence nationale de la recherche", "ANR", "Paris", R.ILE_DE_FRANCE, kind=P.FUNDING_AGENCY),
]

FOUNDATIONS = [
    Org("Fondation pour la Recherche Médicale", "FRM", "Paris", R.ILE_DE_FRANCE, website="https://www.frm.org"),
    Org("Fondation ARC pour la recherche sur le cancer", "ARC", "Villejuif", R.ILE_DE_FRANCE),
    Org("La Ligue contre le cancer", "", "Paris", R.ILE_DE_FRANCE, kind=P.ASSOCIATION),
    Org("Fondation de France", "", "Paris", R.ILE_DE_FRANCE),
    Org("Fondation Bettencourt Schueller", "", "Neuilly-sur-Seine", R.ILE_DE_FRANCE),
    Org("Fondation pour la Recherche sur le Cerveau", "FRC", "Paris", R.ILE_DE_FRANCE),
    Org("Fondation Maladies Rares", "", "Paris", R.ILE_DE_FRANCE),
    Org("Fondation de l'Avenir", "", "Paris", R.ILE_DE_FRANCE),
    Org("Sidaction", "", "Paris", R.ILE_DE_FRANCE, kind=P.ASSOCIATION),
    Org("Fondation Leducq", "", "Paris", R.ILE_DE_FRANCE),
    Org("Fondation Mérieux", "", "Lyon", R.AUVERGNE_RHONE_ALPES),
    Org("Fondation Vaincre Alzheimer", "", "Paris", R.ILE_DE_FRANCE),
    Org("Fondation pour la recherche sur Alzheimer", "", "Paris", R.ILE_DE_FRANCE),
    Org("Fondation Médéric Alzheimer", "", "Paris", R.ILE_DE_FRANCE),
    Org("Fondation Jérôme Lejeune", "", "Paris", R.ILE_DE_FRANCE),
    Org("Fondation FondaMental", "", "Créteil", R.ILE_DE_FRANCE),
    Org("Fondation pour l'Audition", "", "Paris", R.ILE_DE_FRANCE),
    Org("Fondation Arthritis", "", "Paris", R.ILE_DE_FRANCE),
    Org("Fondation Cœur et Recherche", "", "Paris", R.ILE_DE_FRANCE),
    Org("Fédération française de cardiologie", "FFC", "Paris", R.ILE_DE_FRANCE, kind=P.ASSOCIATION),
    Org("Fondation ARSEP", "", "Paris", R.ILE_DE_FRANCE),
    Org("Fondation Paralysie Cérébrale", "", "Paris", R.ILE_DE_FRANCE),
    Org("Fondation du Souffle", "", "Paris", R.ILE_DE_FRANCE),
    Org("Fondation française pour la recherche sur l'épilepsie", "FFRE", "Paris", R.ILE_DE_FRANCE),
    Org("Fondation de l'AP-HP", "", "Paris", R.ILE_DE_FRANCE),
    Org("Fondation des Hôpitaux", "", "Paris", R.ILE_DE_FRANCE),
    Org("Fondation Gustave Roussy", "", "Villejuif", R.ILE_DE_FRANCE),
    Org("Fondation Sanofi Espoir", "", "Paris", R.ILE_DE_FRANCE),
    Org("Fondation Pierre Fabre", "", "Lavaur", R.OCCITANIE),
    Org("Fondation L'Oréal", "", "Clichy", R.ILE_DE_FRANCE),
    Org("Fondation Fyssen", "", "Paris", R.ILE_DE_FRANCE),
    Org("Fondation Schlumberger pour l'éducation et la recherche", "FSER", "Paris", R.ILE_DE_FRANCE),
    Org("Fondation Jean Dausset – CEPH", "CEPH", "Paris", R.ILE_DE_FRANCE),
    Org("Fondation APICIL", "", "Caluire-et-Cuire", R.AUVERGNE_RHONE_ALPES),
    Org("Fondation Groupama", "", "Paris", R.ILE_DE_FRANCE),
    Org("Fondation Nelia et Amadeo Barletta", "FNAB", "Paris", R.ILE_DE_FRANCE),
    Org("Fondation Roche", "", "Boulogne-Billancourt", R.ILE_DE_FRANCE),
    Org("Fondation Flavien", "", "", ""),
    Org("Fondation Pierre Deniker", "", "Paris", R.ILE_DE_FRANCE),
    Org("Fondation du Rein", "", "Paris", R.ILE_DE_FRANCE),
    Org("Fondation Louis-Jeantet", "", "Genève", country="CH"),
]

PATIENT_ASSOCIATIONS = [
    Org("AFM-Téléthon", "AFM", "Évry-Courcouronnes", R.ILE_DE_FRANCE, website="https://www.afm-telethon.fr"),
    Org("AIDES", "", "Pantin", R.ILE_DE_FRANCE),
    Org("France Alzheimer et maladies apparentées", "", "Paris", R.ILE_DE_FRANCE),
    Org("Vaincre la Mucoviscidose", "VLM", "Paris", R.ILE_DE_FRANCE),
    Org("APF France handicap", "APF", "Paris", R.ILE_DE_FRANCE),
    Org(
        "Union nationale de familles et amis de personnes malades et/ou handicapées psychiques",
        "Unafam",
        "Paris",
        R.ILE_DE_FRANCE,
    ),
    Org("AFA Crohn RCH France", "AFA", "Paris", R.ILE_DE_FRANCE),
    Org("Fédération française des diabétiques", "FFD", "Paris", R.ILE_DE_FRANCE),
    Org("France Parkinson", "", "Paris", R.ILE_DE_FRANCE),
    Org("Alliance Maladies Rares", "", "Paris", R.ILE_DE_FRANCE),
    Org("Autisme France", "", "Mougins", R.PROVENCE_ALPES_COTE_DAZUR),
    Org("Sésame Autisme", "", "Paris", R.ILE_DE_FRANCE),
    Org("Unapei", "", "Paris", R.ILE_DE_FRANCE),
    Org("France Assos Santé", "", "Paris", R.ILE_DE_FRANCE),
    Org("Association française des hémophiles", "AFH", "Paris", R.ILE_DE_FRANCE),
    Org("Association pour la recherche sur la sclérose latérale amyotrophique", "ARSLA", "Paris", R.ILE_DE_FRANCE),
    Org("France Lymphome Espoir", "", "Paris", R.ILE_DE_FRANCE),
    Org("Europa Donna France", "", "Paris", R.ILE_DE_FRANCE),
    Org("Association pour la recherche sur les tumeurs cérébrales", "ARTC", "Paris", R.ILE_DE_FRANCE),
    Org("Eurordis – Rare Diseases Europe", "Eurordis", "Paris", R.ILE_DE_FRANCE),
    Org("Renaloo", "", "Paris", R.ILE_DE_FRANCE),
    Org("France Rein", "", "Paris", R.ILE_DE_FRANCE),
    Org("Association Huntington France", "", "Paris", R.ILE_DE_FRANCE),
    Org("Association française du syndrome de Rett", "AFSR", "", ""),
    Org("Ligue française contre la sclérose en plaques", "LFSEP", "Paris", R.ILE_DE_FRANCE),
    Org("France AVC", "", "", ""),
    Org("Fédération nationale des sourds de France", "FNSF", "Paris", R.ILE_DE_FRANCE),
    Org("Fédération des aveugles et amblyopes de France", "", "Paris", R.ILE_DE_FRANCE),
    Org("Association Valentin Haüy", "AVH", "Paris", R.ILE_DE_FRANCE),
    Org("Trisomie 21 France", "", "", ""),
    Org("Association Laurette Fugain", "", "Paris", R.ILE_DE_FRANCE),
    Org("Imagine for Margo", "", "Paris", R.ILE_DE_FRANCE),
    Org("SOS Hépatites", "", "", ""),
    Org("Act Up-Paris", "", "Paris", R.ILE_DE_FRANCE),
    Org("Prader-Willi France", "", "", ""),
    Org("Association française de l'ataxie de Friedreich", "AFAF", "", ""),
    Org("Association française des malades du myélome multiple", "AF3M", "", ""),
    Org("Lupus France", "", "", ""),
    Org("France Dépression", "", "Paris", R.ILE_DE_FRANCE),
    Org("France Psoriasis", "", "Paris", R.ILE_DE_FRANCE),
    Org("Épilepsie France", "", "Paris", R.ILE_DE_FRANCE),
    Org("Association Sparadrap", "", "Paris", R.ILE_DE_FRANCE),
    Org("Jeunes Solidarité Cancer", "JSC", "Paris", R.ILE_DE_FRANCE),
    Org("Schizo Oui", "", "Paris", R.ILE_DE_FRANCE),
    Org("Argos 2001", "", "", ""),
    Org("Fédération française anorexie boulimie", "FFAB", "", ""),
    Org("Association Asthme & Allergies", "", "", ""),
    Org("Association française contre l'amylose", "", "", ""),
]

SOCIAL_PROTECTION = [
    Org("Caisse nationale de l'Assurance Maladie", "Cnam", "Paris", R.ILE_DE_FRANCE, website="https://www.ameli.fr"),
    Org("Caisse nationale de solidarité pour l'autonomie", "CNSA", "Paris", R.ILE_DE_FRANCE),
    Org("Caisse centrale de la Mutualité sociale agricole", "CCMSA", "Bobigny", R.ILE_DE_FRANCE),
    Org("Caisse nationale des allocations familiales", "Cnaf", "Paris", R.ILE_DE_FRANCE),
    Org("Caisse nationale d'assurance vieillesse", "Cnav", "Paris", R.ILE_DE_FRANCE),
    Org("Urssaf Caisse nationale", "", "Montreuil", R.ILE_DE_FRANCE),
    Org("Caisse nationale militaire de sécurité sociale", "CNMSS", "Toulon", R.PROVENCE_ALPES_COTE_DAZUR),
    Org("Caisse primaire d'assurance maladie de Paris", "CPAM de Paris", "Paris", R.ILE_DE_FRANCE),
    Org("Institut national de recherche et de sécurité", "INRS", "Paris", R.ILE_DE_FRANCE),
    Org("Mutualité Française", "FNMF", "Paris", R.ILE_DE_FRANCE),
    Org("MGEN", "", "Paris", R.ILE_DE_FRANCE),
    Org("Harmonie Mutuelle", "", "Paris", R.ILE_DE_FRANCE),
    Org("Agirc-Arrco", "", "Paris", R.ILE_DE_FRANCE),
    Org("Malakoff Humanis", "", "Paris", R.ILE_DE_FRANCE),
    Org("AG2R La Mondiale", "", "Paris", R.ILE_DE_FRANCE),
    Org("Klesia", "", "Paris", R.ILE_DE_FRANCE),
    Org("Pro BTP", "", "Paris", R.ILE_DE_FRANCE),
]

COMPANIES = [
    Org("Inserm Transfert", "", "Paris", R.ILE_DE_FRANCE),
    Org("Sanofi", "", "Paris", R.ILE_DE_FRANCE, website="https://www.sanofi.com"),
    Org("Servier", "", "Suresnes", R.ILE_DE_FRANCE),
    Org("Ipsen", "", "Boulogne-Billancourt", R.ILE_DE_FRANCE),
    Org("Pierre Fabre", "", "Castres", R.OCCITANIE),
    Org("bioMérieux", "", "Marcy-l'Étoile", R.AUVERGNE_RHONE_ALPES, website="https://www.biomerieux.com"),
    Org("Guerbet", "", "Villepinte", R.ILE_DE_FRANCE),
    Org("LFB", "", "Les Ulis", R.ILE_DE_FRANCE),
    Org("Stago", "", "Asnières-sur-Seine", R.ILE_DE_FRANCE),
    Org("Laboratoires Théa", "", "Clermont-Ferrand", R.AUVERGNE_RHONE_ALPES),
    Org("Biocodex", "", "Gentilly", R.ILE_DE_FRANCE),
    Org("Bioprojet", "", "Paris", R.ILE_DE_FRANCE),
    Org("Ethypharm", "", "Saint-Cloud", R.ILE_DE_FRANCE),
    Org("Transgene", "", "Illkirch-Graffenstaden", R.GRAND_EST),
    Org("Innate Pharma", "", "Marseille", R.PROVENCE_ALPES_COTE_DAZUR),
    Org("Cellectis", "", "Paris", R.ILE_DE_FRANCE),
    Org("Genfit", "", "Loos", R.HAUTS_DE_FRANCE),
    Org("Valneva", "", "Saint-Herblain", R.PAYS_DE_LA_LOIRE),
    Org("Nanobiotix", "", "Paris", R.ILE_DE_FRANCE),
    Org("Abivax", "", "Paris", R.ILE_DE_FRANCE),
    Org("DBV Technologies", "", "Châtillon", R.ILE_DE_FRANCE),
    Org("Inventiva", "", "Daix", R.BOURGOGNE_FRANCHE_COMTE),
    Org("OSE Immunotherapeutics", "", "Nantes", R.PAYS_DE_LA_LOIRE),
    Org("Adocia", "", "Lyon", R.AUVERGNE_RHONE_ALPES),
    Org("GenSight Biologics", "", "Paris", R.ILE_DE_FRANCE),
    Org("Sensorion", "", "Montpellier", R.OCCITANIE),
    Org("Poxel", "", "Lyon", R.AUVERGNE_RHONE_ALPES),
    Org("Medincell", "", "Jacou", R.OCCITANIE),
    Org("Carmat", "", "Vélizy-Villacoublay", R.ILE_DE_FRANCE),
    Org("Median Technologies", "", "Valbonne", R.PROVENCE_ALPES_COTE_DAZUR),
    Org("Mauna Kea Technologies", "", "Paris", R.ILE_DE_FRANCE),
    Org("Quantum Surgical", "", "Montpellier", R.OCCITANIE),
    Org("Owkin", "", "Paris", R.ILE_DE_FRANCE),
    Org("Withings", "", "Issy-les-Moulineaux", R.ILE_DE_FRANCE),
    Org("Implicity", "", "Paris", R.ILE_DE_FRANCE),
    Org("Dassault Systèmes", "", "Vélizy-Villacoublay", R.ILE_DE_FRANCE),
    Org("Roche", "", "Bâle", country="CH", website="https://www.roche.com"),
    Org("Novartis", "", "Bâle", country="CH"),
    Org("Lonza", "", "Bâle", country="CH"),
    Org("Pfizer", "", "New York", country="US", website="https://www.pfizer.com"),
    Org("MSD", "", "Rahway", country="US"),
    Org("Bristol Myers Squibb", "BMS", "Princeton", country="US"),
    Org("Johnson & Johnson", "", "New Brunswick", country="US"),
    Org("Eli Lilly and Company", "Lilly", "Indianapolis", country="US"),
    Org("AbbVie", "", "North Chicago", country="US"),
    Org("Amgen", "", "Thousand Oaks", country="US"),
    Org("Gilead Sciences", "", "Foster City", country="US"),
    Org("Biogen", "", "Cambridge", country="US"),
    Org("Moderna", "", "Cambridge", country="US"),
    Org("Illumina", "", "San Diego", country="US"),
    Org("Thermo Fisher Scientific", "", "Waltham", country="US"),
    Org("GE HealthCare", "", "Chicago", country="US"),
    Org("AstraZeneca", "", "Cambridge", country="GB"),
    Org("GSK", "", "Londres", country="GB"),
    Org("Novo Nordisk", "", "Bagsværd", country="DK"),
    Org("Boehringer Ingelheim", "", "Ingelheim am Rhein", country="DE"),
    Org("Bayer", "", "Leverkusen", country="DE"),
    Org("Merck KGaA", "", "Darmstadt", country="DE"),
    Org("BioNTech", "", "Mayence", country="DE"),
    Org("Siemens Healthineers", "", "Erlangen", country="DE"),
    Org("Sartorius", "", "Göttingen", country="DE"),
    Org("UCB", "", "Bruxelles", country="BE"),
    Org("Philips", "", "Amsterdam", country="NL"),
    Org("Qiagen", "", "Venlo", country="NL"),
    Org("Medtronic", "", "Dublin", country="IE"),
    Org("Takeda", "", "Tokyo", country="JP"),
    Org("Astellas Pharma", "", "Tokyo", country="JP"),
]

# The regional councils of France's 18 regions (Corsica, Martinique and French Guiana have
# a single territorial authority, Mayotte a département with a region's powers), with their seat.
REGIONAL_COUNCILS = [
    Org("Région Auvergne-Rhône-Alpes", "", "Lyon", R.AUVERGNE_RHONE_ALPES),
    Org("Région Bourgogne-Franche-Comté", "", "Dijon", R.BOURGOGNE_FRANCHE_COMTE),
    Org("Région Bretagne", "", "Rennes", R.BRETAGNE),
    Org("Région Centre-Val de Loire", "", "Orléans", R.CENTRE_VAL_DE_LOIRE),
    Org("Collectivité de Corse", "", "Ajaccio", R.CORSE),
    Org("Région Grand Est", "", "Strasbourg", R.GRAND_EST),
    Org("Région Hauts-de-France", "", "Lille", R.HAUTS_DE_FRANCE),
    Org("Région Île-de-France", "", "Saint-Ouen-sur-Seine", R.ILE_DE_FRANCE, website="https://www.iledefrance.fr"),
    Org("Région Normandie", "", "Caen", R.NORMANDIE),
    Org("Région Nouvelle-Aquitaine", "", "Bordeaux", R.NOUVELLE_AQUITAINE),
    Org("Région Occitanie", "", "Toulouse", R.OCCITANIE),
    Org("Région Pays de la Loire", "", "Nantes", R.PAYS_DE_LA_LOIRE),
    Org("Région Provence-Alpes-Côte d'Azur", "", "Marseille", R.PROVENCE_ALPES_COTE_DAZUR),
    Org("Région Guadeloupe", "", "Basse-Terre", R.GUADELOUPE),
    Org("Collectivité territoriale de Martinique", "", "Fort-de-France", R.MARTINIQUE),
    Org("Collectivité territoriale de Guyane", "", "Cayenne", R.GUYANE),
    Org("Région Réunion", "", "Saint-Denis", R.LA_REUNION),
    Org("Département de Mayotte", "", "Mamoudzou", R.MAYOTTE),
]
DEPARTEMENTS = [
    Org("Département de la Gironde", "", "Bordeaux", R.NOUVELLE_AQUITAINE),
    Org("Département de la Haute-Garonne", "", "Toulouse", R.OCCITANIE),
    Org("Département de l'Hérault", "", "Montpellier", R.OCCITANIE),
    Org("Département du Gard", "", "Nîmes", R.OCCITANIE),
    Org("Département du Nord", "", "Lille", R.HAUTS_DE_FRANCE),
    Org("Département de la Somme", "", "Amiens", R.HAUTS_DE_FRANCE),
    Org("Collectivité européenne d'Alsace", "CeA", "Strasbourg", R.GRAND_EST),
    Org("Département de Meurthe-et-Moselle", "", "Nancy", R.GRAND_EST),
    Org("Département de la Marne", "", "Châlons-en-Champagne", R.GRAND_EST),
    Org("Département de la Loire-Atlantique", "", "Nantes", R.PAYS_DE_LA_LOIRE),
    Org("Département de Maine-et-Loire", "", "Angers", R.PAYS_DE_LA_LOIRE),
    Org("Département d'Ille-et-Vilaine", "", "Rennes", R.BRETAGNE),
    Org("Département du Finistère", "", "Quimper", R.BRETAGNE),
    Org("Département du Rhône", "", "Lyon", R.AUVERGNE_RHONE_ALPES),
    Org("Département de l'Isère", "", "Grenoble", R.AUVERGNE_RHONE_ALPES),
    Org("Département du Puy-de-Dôme", "", "Clermont-Ferrand", R.AUVERGNE_RHONE_ALPES),
    Org("Département de la Loire", "", "Saint-Étienne", R.AUVERGNE_RHONE_ALPES),
    Org("Département des Bouches-du-Rhône", "", "Marseille", R.PROVENCE_ALPES_COTE_DAZUR),
    Org("Département des Alpes-Maritimes", "", "Nice", R.PROVENCE_ALPES_COTE_DAZUR),
    Org("Département du Val-de-Marne", "", "Créteil", R.ILE_DE_FRANCE),
    Org("Département de l'Essonne", "", "Évry-Courcouronnes", R.ILE_DE_FRANCE),
    Org("Département de la Seine-Saint-Denis", "", "Bobigny", R.ILE_DE_FRANCE),
    Org("Département du Calvados", "", "Caen", R.NORMANDIE),
    Org("Département de la Seine-Maritime", "", "Rouen", R.NORMANDIE),
    Org("Département d'Indre-et-Loire", "", "Tours", R.CENTRE_VAL_DE_LOIRE),
    Org("Département du Loiret", "", "Orléans", R.CENTRE_VAL_DE_LOIRE),
    Org("Département de la Côte-d'Or", "", "Dijon", R.BOURGOGNE_FRANCHE_COMTE),
    Org("Département du Doubs", "", "Besançon", R.BOURGOGNE_FRANCHE_COMTE),
    Org("Département de la Vienne", "", "Poitiers", R.NOUVELLE_AQUITAINE),
    Org("Département de la Haute-Vienne", "", "Limoges", R.NOUVELLE_AQUITAINE),
]
# Cities with the units of their hospitals, and metropolitan authorities (kind "other").
MUNICIPALITIES = [
    ("Paris", R.ILE_DE_FRANCE),
    ("Marseille", R.PROVENCE_ALPES_COTE_DAZUR),
    ("Lyon", R.AUVERGNE_RHONE_ALPES),
    ("Toulouse", R.OCCITANIE),
    ("Nice", R.PROVENCE_ALPES_COTE_DAZUR),
    ("Nantes", R.PAYS_DE_LA_LOIRE),
    ("Montpellier", R.OCCITANIE),
    ("Strasbourg", R.GRAND_EST),
    ("Bordeaux", R.NOUVELLE_AQUITAINE),
    ("Lille", R.HAUTS_DE_FRANCE),
    ("Rennes", R.BRETAGNE),
    ("Reims", R.GRAND_EST),
    ("Grenoble", R.AUVERGNE_RHONE_ALPES),
    ("Dijon", R.BOURGOGNE_FRANCHE_COMTE),
    ("Angers", R.PAYS_DE_LA_LOIRE),
    ("Brest", R.BRETAGNE),
    ("Tours", R.CENTRE_VAL_DE_LOIRE),
    ("Amiens", R.HAUTS_DE_FRANCE),
    ("Caen", R.NORMANDIE),
    ("Rouen", R.NORMANDIE),
    ("Villejuif", R.ILE_DE_FRANCE),
    ("Créteil", R.ILE_DE_FRANCE),
    ("Évry-Courcouronnes", R.ILE_DE_FRANCE),
]
METROPOLES = [
    Org("Métropole de Lyon", "", "Lyon", R.AUVERGNE_RHONE_ALPES),
    Org("Métropole européenne de Lille", "MEL", "Lille", R.HAUTS_DE_FRANCE),
    Org("Bordeaux Métropole", "", "Bordeaux", R.NOUVELLE_AQUITAINE),
    Org("Toulouse Métropole", "", "Toulouse", R.OCCITANIE),
    Org("Nantes Métropole", "", "Nantes", R.PAYS_DE_LA_LOIRE),
    Org("Eurométropole de Strasbourg", "", "Strasbourg", R.GRAND_EST),
    Org("Montpellier Méditerranée Métropole", "", "Montpellier", R.OCCITANIE),
    Org("Métropole d'Aix-Marseille-Provence", "", "Marseille", R.PROVENCE_ALPES_COTE_DAZUR),
    Org("Métropole Nice Côte d'Azur", "", "Nice", R.PROVENCE_ALPES_COTE_DAZUR),
    Org("Rennes Métropole", "", "Rennes", R.BRETAGNE),
    Org("Grenoble-Alpes Métropole", "", "Grenoble", R.AUVERGNE_RHONE_ALPES),
]


def municipality(city: str) -> str:
    """The council of a city: "Ville de Lyon", "Ville d'Angers"."""
    return f"Ville {de_place(city)}"


# Science Europe ----------------------------------------------------------------------------------

# What the brief says, and reports of its founding (DFG: 21 October 2011, Berlin, about 50 members).
# The brief's "51 institutions" was a count of its day: the page counts the members listed.
SCIENCE_EUROPE = Org(
    "Science Europe", "", "Bruxelles", country="BE", kind=P.NETWORK, website="https://scienceeurope.org"
)
SCIENCE_EUROPE_FOUNDED_ON = dt.date(2011, 10, 21)
SCIENCE_EUROPE_DESCRIPTION = (
    "Association européenne des organismes qui financent la recherche (RFO, research funding organisations) "
    "et de ceux qui la mènent (RPO, research performing organisations), créée à Berlin en octobre 2011 pour "
    "défendre les intérêts des institutions de recherche européennes. À sa création, elle réunissait une "
    "cinquantaine d'organismes. Son siège est à Bruxelles."
)
SCIENCE_EUROPE_INSERM_ROLE = (
    "L'Inserm est membre de Science Europe. André Syrota, président-directeur général de l'Inserm, en a été "
    "le vice-président pour les organismes qui mènent la recherche (RPO)."
)
# Members of Science Europe, each with its role: those the demo can vouch for (its founding
# board, members named by Science Europe or by the member itself), not all 51. Names as
# each writes itself (in English where its language is not written in the Latin alphabet
# or is little read in France), cities in French. Two French members are listed with the
# research bodies.
RFO, RPO = Partner.NetworkRole.RFO, Partner.NetworkRole.RPO
SCIENCE_EUROPE_FRENCH_MEMBERS = {
    "Agence nationale de la recherche": RFO,
    "Centre national de la recherche scientifique": RPO,
}
SCIENCE_EUROPE_MEMBERS = [
    Org("Deutsche Forschungsgemeinschaft", "DFG", "Bonn", country="DE", role=RFO),
    Org("Max-Planck-Gesellschaft", "MPG", "Munich", country="DE", role=RPO),
    Org("Leibniz-Gemeinschaft", "", "Berlin", country="DE", role=RPO),
    Org("Helmholtz-Gemeinschaft Deutscher Forschungszentren", "", "Berlin", country="DE", role=RPO),
    Org("Fonds zur Förderung der wissenschaftlichen Forschung", "FWF", "Vienne", country="AT", role=RFO),
    Org("Österreichische Akademie der Wissenschaften", "ÖAW", "Vienne", country="AT", role=RPO),
    Org("Fonds de la recherche scientifique – FNRS", "F.R.S.-FNRS", "Bruxelles", country="BE", role=RFO),
    Org("Fonds Wetenschappelijk Onderzoek – Vlaanderen", "FWO", "Bruxelles", country="BE", role=RFO),
    Org("Bulgarian Academy of Sciences", "BAS", "Sofia", country="BG", role=RPO),
    Org("Czech Science Foundation", "GAČR", "Prague", country="CZ", role=RFO),
    Org("Croatian Science Foundation", "HRZZ", "Zagreb", country="HR", role=RFO),
    Org("Independent Research Fund Denmark", "DFF", "Copenhague", country="DK", role=RFO),
    Org("Danish National Research Foundation", "DNRF", "Copenhague", country="DK", role=RFO),
    Org("Estonian Research Council", "ETAg", "Tartu", country="EE", role=RFO),
    Org("Research Council of Finland", "", "Helsinki", country="FI", role=RFO),
    Org("Hungarian Academy of Sciences", "MTA", "Budapest", country="HU", role=RPO),
    Org("Research Ireland", "", "Dublin", country="IE", role=RFO),
    Org("Consiglio Nazionale delle Ricerche", "CNR", "Rome", country="IT", role=RPO),
    Org("Istituto Nazionale di Fisica Nucleare", "INFN", "Rome", country="IT", role=RPO),
    Org("Research Council of Lithuania", "LMT", "Vilnius", country="LT", role=RFO),
    Org("Fonds national de la recherche", "FNR", "Luxembourg", country="LU", role=RFO),
    Org("Nederlandse Organisatie voor Wetenschappelijk Onderzoek", "NWO", "La Haye", country="NL", role=RFO),
    Org("Research Council of Norway", "RCN", "Lysaker", country="NO", role=RFO),
    Org("National Science Centre", "NCN", "Cracovie", country="PL", role=RFO),
    Org("Fundação para a Ciência e a Tecnologia", "FCT", "Lisbonne", country="PT", role=RFO),
    Org(
        "Executive Agency for Higher Education, Research, Development and Innovation Funding",
        "UEFISCDI",
        "Bucarest",
        country="RO",
        role=RFO,
    ),
    Org("Slovenian Research and Innovation Agency", "ARIS", "Ljubljana", country="SI", role=RFO),
    Org("Agencia Estatal de Investigación", "AEI", "Madrid", country="ES", role=RFO),
    Org("Consejo Superior de Investigaciones Científicas", "CSIC", "Madrid", country="ES", role=RPO),
    Org("Vetenskapsrådet", "VR", "Stockholm", country="SE", role=RFO),
    Org("Fonds national suisse de la recherche scientifique", "FNS", "Berne", country="CH", role=RFO),
    Org("UK Research and Innovation", "UKRI", "Swindon", country="GB", role=RFO),
]

# The partners by category, in the order they are created: (category slug, kind, organisations).
PARTNERS = [
    ("higher-education", P.UNIVERSITY, UNIVERSITIES),
    ("higher-education", P.SCHOOL, SCHOOLS),
    ("hospitals-cancer-centres", P.HOSPITAL, HOSPITALS),
    ("hospitals-cancer-centres", P.NETWORK, [UNICANCER]),
    ("hospitals-cancer-centres", P.CANCER_CENTRE, CANCER_CENTRES),
    ("health-agencies", P.AGENCY, HEALTH_AGENCIES),
    (
        "health-agencies",
        P.AGENCY,
        [Org(f"Agence régionale de santé {name}", "", city, region) for name, city, region in REGIONAL_HEALTH_AGENCIES],
    ),
    ("health-agencies", P.AGENCY, EFS_REGIONS),
    ("research-bodies", P.RESEARCH_BODY, RESEARCH_BODIES),
    ("foundations-charities", P.FOUNDATION, FOUNDATIONS),
    ("patient-associations", P.ASSOCIATION, PATIENT_ASSOCIATIONS),
    ("social-protection", P.SOCIAL_PROTECTION, SOCIAL_PROTECTION),
    ("industry", P.COMPANY, COMPANIES),
    ("local-governments", P.REGION, REGIONAL_COUNCILS),
    ("local-governments", P.DEPARTEMENT, DEPARTEMENTS),
    (
        "local-governments",
        P.MUNICIPALITY,
        [Org(municipality(city), "", city, region) for city, region in MUNICIPALITIES],
    ),
    ("local-governments", P.OTHER, METROPOLES),
    ("european-networks", P.NETWORK, [SCIENCE_EUROPE]),
    ("european-networks", P.FUNDING_AGENCY, [member for member in SCIENCE_EUROPE_MEMBERS if member.role == RFO]),
    ("european-networks", P.RESEARCH_BODY, [member for member in SCIENCE_EUROPE_MEMBERS if member.role == RPO]),
]
# Who belongs to whom: (child's name, parent's name). Members of Science Europe are linked
# to it by their network (SCIENCE_EUROPE_MEMBERS), not as children.
PARENTS = [(centre.name, UNICANCER.name) for centre in CANCER_CENTRES] + [
    (establishment.name, EFS.name) for establishment in EFS_REGIONS
]
