"""Real former names of the demo's universities (mergers and renamings since 1970), so that
a search for a name people still use ("Université Paris Descartes", "UPMC", "Lille 2")
finds the university it became, and says so."""

import datetime as dt

from simple_history.utils import bulk_create_with_history

from core.search import DatedName, refresh_dated_names
from partners.models import Partner, PartnerName

FORMER, ACRONYM = DatedName.Kind.FORMER, DatedName.Kind.ACRONYM

# {current name: [(other name, kind, first year used, last year used)]}
NAMES = {
    "Université Paris Cité": [
        ("Université de Paris", FORMER, 2019, 2022),
        ("Université Paris Descartes", FORMER, 1970, 2019),
        ("Université Paris Diderot", FORMER, 1970, 2019),
        ("Paris V", ACRONYM, 1970, 2019),
        ("Paris VII", ACRONYM, 1970, 2019),
    ],
    "Sorbonne Université": [
        ("Université Paris-Sorbonne", FORMER, 1970, 2017),
        ("Université Pierre-et-Marie-Curie", FORMER, 1971, 2017),
        ("UPMC", ACRONYM, 1971, 2017),
    ],
    "Aix-Marseille Université": [
        ("Université de Provence", FORMER, 1970, 2011),
        ("Université de la Méditerranée", FORMER, 1970, 2011),
        ("Université Paul-Cézanne", FORMER, 1973, 2011),
    ],
    "Université de Lille": [
        ("Université Lille 1 – Sciences et technologies", FORMER, 1970, 2017),
        ("Université Lille 2 – Droit et santé", FORMER, 1970, 2017),
        ("Université Lille 3 – Sciences humaines et sociales", FORMER, 1970, 2017),
    ],
    "Université de Strasbourg": [
        ("Université Louis-Pasteur", FORMER, 1970, 2008),
        ("Université Marc-Bloch", FORMER, 1970, 2008),
        ("Université Robert-Schuman", FORMER, 1970, 2008),
    ],
    "Université de Bordeaux": [
        ("Université Bordeaux 1", FORMER, 1970, 2013),
        ("Université Victor-Segalen Bordeaux 2", FORMER, 1970, 2013),
    ],
    "Université de Montpellier": [
        ("Université Montpellier 1", FORMER, 1970, 2014),
        ("Université Montpellier 2", FORMER, 1970, 2014),
    ],
    "Université Grenoble Alpes": [
        ("Université Joseph-Fourier", FORMER, 1970, 2015),
        ("Université Pierre-Mendès-France", FORMER, 1970, 2015),
    ],
    "Université Clermont Auvergne": [
        ("Université d'Auvergne", FORMER, 1976, 2016),
        ("Université Blaise-Pascal", FORMER, 1976, 2016),
    ],
    "Université de Lorraine": [
        ("Université Henri-Poincaré", FORMER, 1970, 2011),
        ("Université Nancy 2", FORMER, 1970, 2011),
        ("Université Paul-Verlaine – Metz", FORMER, 1970, 2011),
    ],
    "Université Paris-Saclay": [("Université Paris-Sud", FORMER, 1971, 2019)],
    "Nantes Université": [("Université de Nantes", FORMER, 1970, 2021)],
    "Université de Rennes": [("Université de Rennes 1", FORMER, 1970, 2022)],
    "Université de Toulouse": [("Université Toulouse III – Paul-Sabatier", FORMER, 1970, 2022)],
    "Université Côte d'Azur": [("Université Nice-Sophia-Antipolis", FORMER, 1970, 2019)],
    "Université Sorbonne Paris Nord": [("Université Paris 13", FORMER, 1970, 2019)],
    "Université Bourgogne Europe": [("Université de Bourgogne", FORMER, 1970, 2024)],
    "Université Marie et Louis Pasteur": [("Université de Franche-Comté", FORMER, 1971, 2024)],
}


def add_names() -> int:
    """Give the demo's universities their former names (once: a second run adds none)."""
    unnamed = Partner.objects.filter(name__in=NAMES, names__isnull=True).order_by("pk")
    partners = {partner.name: partner for partner in unnamed}  # the scale-1 originals (copies are renamed)
    names = [
        PartnerName(
            partner=partner,
            name=name,
            kind=kind,
            start=dt.date(first, 1, 1),
            end=dt.date(last, 12, 31),
        )
        for current, partner in partners.items()
        for name, kind, first, last in NAMES[current]
    ]
    for name in names:
        name.refresh_folded_keys()  # bulk inserts do not call save()
    bulk_create_with_history(names, PartnerName, default_change_reason="Demo data")
    for partner in partners.values():
        refresh_dated_names(partner)
    return len(names)
