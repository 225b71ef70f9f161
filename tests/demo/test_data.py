"""The demo data looks like Inserm: real institutions under their own names, units spread
and named as Inserm's are, French where it is French, and the brief's facts and figures."""

import datetime as dt
import re
from collections import Counter

import pytest
from django.core.management import call_command
from django.db.models import Sum

from core.search import fold
from demo import data
from partners.models import Agreement, Partner
from units import rules
from units.models import Mandate, MandateStatus, Region, ResearchUnit, Site

pytestmark = pytest.mark.django_db

# "de" before a vowel or an h, "de le", "de les": French writes d', du, des (data.py uses
# no word with an aspirated h).
BAD_ELISION = re.compile(r"\bde (?:[aeiouyhàâäéèêëîïôöùûüœ]|les? )", re.IGNORECASE)
# What made-up partner names looked like, or look like above scale 1.
MADE_UP = [
    re.compile(r"^Fondation [A-ZÉ]\w+ pour la recherche en "),  # "Fondation André pour la recherche en …"
    re.compile(r"^Association contre .+ – "),  # "Association contre l'endométriose – Lyon"
    re.compile(r" – \d+$"),  # numbered copies
    re.compile(r"^(?:Gen|Bio|Neur|Cardi|Immun|Onco|Vir|Cell|Pharm|Medi|Thera|Diag)[a-z]+ (?:SAS?|Biotech)$"),
]
LEGAL_FORM = re.compile(r"\s+(?:SA|SAS|SARL|SE|Inc\.?|Ltd|GmbH|AG)$")
# The lead's mapping of code prefixes to structure types (units.codes enforces it).
PREFIX_TYPES = {
    "U": {"research_unit", "mixed_unit"},
    "UMR": {"mixed_unit"},
    "UMR-S": {"mixed_unit"},
    "CIC": {"cic"},
    "US": {"service_unit"},
    "UMS": {"service_unit"},
    "ERL": {"team"},
}
CANONICAL_CODE = re.compile(r"^(?:U(?P<u>\d+)|(?P<prefix>UMR-S|UMR|CIC|US|UMS|ERL) (?P<number>\d+))$")
# Words of English that a French note never holds.
ENGLISH = {"the", "and", "with", "of", "to", "is", "under", "review", "planned", "signed", "copy", "department"}
IN_FORCE = (MandateStatus.RENEWABLE, MandateStatus.FINAL, MandateStatus.EXPIRING)


def listed_names() -> set[str]:
    return {org.name for _slug, _kind, orgs in data.PARTNERS for org in orgs}


def prefix_and_number(code: str) -> tuple[str, int]:
    match = CANONICAL_CODE.match(code)
    assert match, f"{code} is not written as Inserm writes codes"
    return ("U", int(match["u"])) if match["u"] else (match["prefix"], int(match["number"]))


def ror_check_digits_are_right(ror: str) -> bool:
    """ISO/IEC 7064 MOD 97-10 over the ID's base-32 value, as the registry computes it."""
    alphabet = "0123456789abcdefghjkmnpqrstvwxyz"
    value = 0
    for char in ror[:7]:
        value = value * 32 + alphabet.index(char)
    return 98 - (value * 100) % 97 == int(ror[7:])


# French ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("imagerie", "d'imagerie"),
        ("hématologie", "d'hématologie"),
        ("épidémiologie", "d'épidémiologie"),
        ("génomique", "de génomique"),
    ],
)
def test_de_is_elided_before_a_vowel_or_a_mute_h(words, expected):
    assert data.de(words) == expected


@pytest.mark.parametrize(
    ("place", "expected"),
    [
        ("Lyon", "de Lyon"),
        ("Angers", "d'Angers"),
        ("Évry-Courcouronnes", "d'Évry-Courcouronnes"),
        ("Le Kremlin-Bicêtre", "du Kremlin-Bicêtre"),
        ("Les Abymes", "des Abymes"),
        ("La Tronche", "de La Tronche"),
    ],
)
def test_de_before_a_place_follows_its_article(place, expected):
    assert data.de_place(place) == expected


def test_names_in_french_elide_de_as_french_does(demo):
    names = [
        *ResearchUnit.objects.values_list("name", flat=True),
        *Site.objects.values_list("name", flat=True),
        *Partner.objects.filter(country="FR").values_list("name", flat=True),  # Spanish does not elide
    ]
    assert len(names) > 800
    assert [name for name in names if BAD_ELISION.search(name)] == []


def test_internal_notes_are_written_in_french(demo):
    notes = [
        note
        for model in (ResearchUnit, Partner, Agreement)
        for note in model.objects.exclude(internal_notes="").values_list("internal_notes", flat=True)
    ]
    assert ResearchUnit.objects.exclude(internal_notes="").exists()
    assert [note for note in notes if ENGLISH & set(re.findall(r"[a-z]+", note.lower()))] == []


# Partners ---------------------------------------------------------------------------------------


def test_every_partner_at_scale_1_is_one_of_the_real_institutions_listed(demo):
    assert set(Partner.objects.values_list("name", flat=True)) == listed_names()
    assert Partner.objects.count() == len(listed_names()) > 400


def test_no_two_partners_have_the_same_name_up_to_accents_case_or_legal_form(demo):
    names = list(Partner.objects.values_list("name", flat=True))
    twins = Counter(fold(LEGAL_FORM.sub("", name)) for name in names)
    assert [name for name, count in twins.items() if count > 1] == []


def test_no_partner_name_at_scale_1_is_made_up(demo):
    names = Partner.objects.values_list("name", flat=True)
    assert [name for name in names if any(pattern.search(name) for pattern in MADE_UP)] == []


def test_every_category_holds_real_institutions_of_its_kind(demo):
    def names(**filters):
        return set(Partner.objects.filter(**filters).values_list("name", flat=True))

    assert {"Sanofi", "Servier", "Ipsen", "bioMérieux", "Roche", "Pfizer"} <= names(category__slug="industry")
    assert {"Gustave Roussy", "Institut Curie", "Centre Léon Bérard"} <= names(kind=Partner.Kind.CANCER_CENTRE)
    assert {"Assistance Publique – Hôpitaux de Paris", "Hospices Civils de Lyon", "CHU de Bordeaux"} <= names(
        kind=Partner.Kind.HOSPITAL
    )
    assert {"AFM-Téléthon", "Vaincre la Mucoviscidose"} <= names(category__slug="patient-associations")
    assert {"Fondation pour la Recherche Médicale", "La Ligue contre le cancer"} <= names(
        category__slug="foundations-charities"
    )
    # The eighteen regional councils, one per region.
    regions = Partner.objects.filter(kind=Partner.Kind.REGION).values_list("region", flat=True)
    assert sorted(regions) == sorted(Region.values)


def test_cancer_centres_belong_to_unicancer_and_regional_blood_establishments_to_the_efs(demo):
    centres = Partner.objects.filter(kind=Partner.Kind.CANCER_CENTRE)
    assert centres.count() == 18
    assert set(centres.values_list("parent__name", flat=True)) == {"Unicancer"}
    establishments = Partner.objects.filter(name__startswith="EFS ")
    assert establishments.exists()
    assert set(establishments.values_list("parent__acronym", flat=True)) == {"EFS"}


def test_ror_ids_have_the_registrys_check_digits(demo):
    rors = list(Partner.objects.exclude(ror_id="").values_list("ror_id", flat=True))
    assert len(rors) > 40
    assert [ror for ror in rors if not ror_check_digits_are_right(ror)] == []


def test_science_europe_states_the_briefs_facts_and_links_its_members(demo):
    network = Partner.objects.get(name="Science Europe")
    assert (network.kind, network.category.slug) == (Partner.Kind.NETWORK, "european-networks")
    assert network.is_published
    assert network.founded_on == dt.date(2011, 10, 21)
    for fact in ("octobre 2011", "Berlin", "défendre les intérêts", "RFO", "RPO"):
        assert fact in network.description
    assert "vice-président" in network.inserm_role and "RPO" in network.inserm_role
    members = Partner.objects.filter(network=network)
    assert members.count() == len(data.SCIENCE_EUROPE_MEMBERS) + len(data.SCIENCE_EUROPE_FRENCH_MEMBERS) > 30
    assert set(members.values_list("network_role", flat=True)) == {"rfo", "rpo"}
    assert {"Deutsche Forschungsgemeinschaft", "Centre national de la recherche scientifique"} <= set(
        members.values_list("name", flat=True)
    )
    # Every partner with a role is a member, of Science Europe, the one European network.
    assert not Partner.objects.exclude(network_role="").exclude(network=network).exists()
    assert not Partner.objects.filter(network_role="", network__isnull=False).exists()


# Units ------------------------------------------------------------------------------------------


def test_units_are_spread_over_the_regions_as_inserms_are(demo):
    per_region = Counter(ResearchUnit.objects.values_list("site__region", flat=True))
    ranking = [region for region, _count in per_region.most_common()]
    total = sum(per_region.values())
    assert ranking[:2] == [Region.ILE_DE_FRANCE, Region.AUVERGNE_RHONE_ALPES]
    assert set(ranking[2:4]) == {Region.OCCITANIE, Region.PROVENCE_ALPES_COTE_DAZUR}
    assert 0.35 <= per_region[Region.ILE_DE_FRANCE] / total <= 0.45  # far ahead: about 40%
    assert per_region[Region.ILE_DE_FRANCE] > 3 * per_region[Region.AUVERGNE_RHONE_ALPES]
    assert per_region[Region.CORSE] <= 1
    assert per_region[Region.LA_REUNION] >= 1 and per_region[Region.GUADELOUPE] >= 1


def test_a_units_code_type_and_name_agree(demo):
    for code, structure, name in ResearchUnit.objects.values_list("code", "structure_type", "name"):
        prefix, _number = prefix_and_number(code)
        assert structure in PREFIX_TYPES[prefix], code
        assert (structure == "cic") == name.startswith("Centre d'investigation clinique "), code
        assert (structure == "service_unit") == name.startswith(("Plateforme ", "Unité de service ")), code
        assert (structure == "team") == name.startswith("Équipe "), code


def test_every_unit_has_its_own_inserm_number_and_name(demo):
    codes = list(ResearchUnit.objects.values_list("code", flat=True))
    numbers = Counter(prefix_and_number(code)[1] for code in codes)
    assert [number for number, count in numbers.items() if count > 1] == []
    assert ResearchUnit.objects.values("name").distinct().count() == len(codes)


def test_every_kind_of_structure_is_there_in_inserms_proportions(demo):
    per_type = Counter(ResearchUnit.objects.values_list("structure_type", flat=True))
    assert 25 <= per_type["cic"] <= 40  # about one per university hospital
    assert per_type["research_unit"] + per_type["mixed_unit"] > 0.8 * sum(per_type.values())
    assert per_type["service_unit"] and per_type["team"]


@pytest.mark.parametrize("in_force_only", [False, True])
def test_the_briefs_figures_hold(demo, in_force_only):
    units = ResearchUnit.objects.with_mandate_status()
    if in_force_only:  # what the home page counts
        units = units.filter(mandate_status__in=IN_FORCE)
    total = units.count()
    assert 0.77 <= units.in_hospital_perimeter().count() / total <= 0.83  # about 80%
    assert units.filter(director_is_puph=True).count() / total > 0.40  # over 40%
    assert units.aggregate(staff=Sum("hospital_staff_count"))["staff"] > 2000  # more than 2,000
    # PU-PH are hospital practitioners: none directs a unit outside the hospital perimeter.
    assert not units.filter(director_is_puph=True).exclude(site__kind__in=Site.HOSPITAL_PERIMETER).exists()


def test_most_units_have_a_term_in_force(demo):
    statuses = Counter(ResearchUnit.objects.with_mandate_status().values_list("mandate_status", flat=True))
    total = sum(statuses.values())
    in_force = sum(statuses[status] for status in IN_FORCE)
    assert in_force / total >= 0.75
    assert 0.05 <= statuses[MandateStatus.ENDED] / total <= 0.2
    assert 0.01 <= statuses[MandateStatus.UPCOMING] / total <= 0.1
    assert 0.08 <= statuses[MandateStatus.EXPIRING] / total <= 0.25


def test_a_term_is_a_full_one_or_says_why_not(demo):
    reasons = Counter()
    for start, end, reason, note in Mandate.objects.values_list("start", "end", "length_reason", "length_note"):
        full = rules.term_end(start)
        reasons[reason] += 1
        if reason == "":
            assert (end, note) == (full, "")
        elif reason == Mandate.LengthReason.EXTENSION:  # a year more
            assert end == rules.add_months(full + rules.ONE_DAY, 12) - rules.ONE_DAY
            pandemic = start < dt.date(2020, 3, 1) <= full
            assert note == (data.PANDEMIC_EXTENSION_NOTE if pandemic else data.EXTENSION_NOTE)
        else:  # a year less, to align the unit on its site's evaluation wave
            assert reason == Mandate.LengthReason.WAVE_ALIGNMENT
            assert end == rules.add_months(full + rules.ONE_DAY, -12) - rules.ONE_DAY and "vague" in note
    # A few terms, not most, have a reason.
    assert 0 < reasons[Mandate.LengthReason.EXTENSION] < 0.1 * reasons[""]
    assert 0 < reasons[Mandate.LengthReason.WAVE_ALIGNMENT] < 0.1 * reasons[""]


# Scale above 1 ------------------------------------------------------------------------------------


@pytest.mark.slow  # seeds the demo at scale 2
def test_above_scale_1_copies_are_numbered_unique_and_unlinked():
    call_command("seed_demo", "--scale", "2", verbosity=0)
    names = list(Partner.objects.values_list("name", flat=True))
    assert len(names) == 2 * len(listed_names())
    assert len({fold(name) for name in names}) == len(names)
    copies = Partner.objects.exclude(name__in=listed_names())
    assert copies.count() == len(listed_names())
    assert all(re.search(r" – \d+$", name) for name in copies.values_list("name", flat=True))
    assert not copies.exclude(ror_id="").exists() and not copies.exclude(network_role="").exists()
    units = ResearchUnit.objects.all()
    assert units.count() == 700
    assert units.values("name").distinct().count() == 700
    assert len({prefix_and_number(code)[1] for code in units.values_list("code", flat=True)}) == 700
