"""Templates state the mandate rules by asking units/rules.py or the models, never by
restating them: a page follows MANDATE_TERM_YEARS and MANDATE_MAX_RENEWALS in both languages."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from units import rules

from ..factories import MandateFactory

ROOT = Path(settings.BASE_DIR)
TEMPLATES = sorted(
    path
    for folder in [ROOT / "templates", *ROOT.glob("*/templates")]
    for path in folder.rglob("*")
    if path.suffix in (".html", ".txt")
)

NUMBER = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)"
NOMBRE = r"(?:\d+|deux|trois|quatre|cinq|six|sept|huit|neuf|dix)"
# What restating a rule looks like in a template, in English or French.
RESTATED_RULES = {
    "term length": rf"\b{NUMBER}[- ]years?\b",
    "durée du mandat": rf"\b{NOMBRE} ans\b",
    "renewals": r"\brenew(?:able|ed|al)?\b[^.<{]*\b(?:once|twice|\d+ times)\b",
    "renouvellements": r"\brenouvel\w*\b[^.<{]*\b(?:une|deux|\d+) fois\b",
    "which term is the last": r"\b(?:second|third) and last\b|\bdeuxième et dernier\b",
    "status compared in a template": r"mandate_status\s*[!=]="
    r"|[!=]=\s*[\"'](?:renewable|final|expiring|ended|upcoming)[\"']",
    "rule count handed to a template": r"\bmax_terms\b",
}


def restated_rules(text: str) -> list[str]:
    return [
        f"{name}: {match.group(0)!r}"
        for name, pattern in RESTATED_RULES.items()
        for match in re.finditer(pattern, text, re.IGNORECASE)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Units are created for a four-year term, renewable once.",
        "a 4-year term",
        "Les unités sont créées pour quatre ans, renouvelables une fois.",
        "Elle peut être renouvelée 2 fois.",
        "The unit may be renewed once at the end of this term.",
        "A renewal adds the unit's second and last term.",
        '{% if unit.mandate_status == "final" %}',
        "{% if unit.term_number == max_terms %}",
    ],
)
def test_the_scan_finds_rules_restated(text):
    assert restated_rules(text)


def test_the_scan_reads_every_template():
    names = {path.relative_to(ROOT).as_posix() for path in TEMPLATES}
    assert {"units/templates/units/unit_list.html", "workspace/templates/workspace/renew.html"} <= names
    assert "templates/admin/units/researchunit/renew_confirmation.html" in names


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda path: path.relative_to(ROOT).as_posix())
def test_no_template_restates_a_mandate_rule(path):
    assert restated_rules(path.read_text(encoding="utf-8")) == []


# The unit list's lead follows the settings ------------------------------------------------------

ENGLISH = {
    0: "Units are created for a term of 5 years. They cannot be renewed.",
    1: "Units are created for a term of 5 years. They may be renewed once.",
    2: "Units are created for a term of 5 years. They may be renewed 2 times.",
}
FRENCH = {
    0: "Les unités sont créées pour un mandat de 5 ans. Elles ne peuvent pas être renouvelées.",
    1: "Les unités sont créées pour un mandat de 5 ans. Elles peuvent être renouvelées une fois.",
    2: "Les unités sont créées pour un mandat de 5 ans. Elles peuvent être renouvelées 2 fois.",
}


def lead(client, language: str) -> str:
    response = client.get(f"/{language}/units/")
    assert response.status_code == 200
    return re.search(r'<p class="lead">(.*?)</p>', response.text, re.DOTALL).group(1)


@pytest.mark.django_db
@pytest.mark.parametrize("renewals", [0, 1, 2])
def test_the_unit_list_states_the_settings_in_english(client, settings, renewals):
    settings.MANDATE_TERM_YEARS, settings.MANDATE_MAX_RENEWALS = 5, renewals
    assert lead(client, "en") == f"{ENGLISH[renewals]} Filter them by site, region or mandate status."


@pytest.mark.django_db
def test_a_one_year_term_is_singular(client, settings):
    settings.MANDATE_TERM_YEARS, settings.MANDATE_MAX_RENEWALS = 1, 1
    assert lead(client, "en").startswith("Units are created for a term of 1 year. They may be renewed once.")


@pytest.mark.django_db
@pytest.mark.parametrize("renewals", [0, 1, 2])
def test_the_unit_list_states_the_settings_in_the_visitors_language(client, settings, renewals):
    settings.MANDATE_TERM_YEARS, settings.MANDATE_MAX_RENEWALS = 5, renewals
    with translation.override("fr"):
        expected = rules.term_rule()
    assert lead(client, "fr").startswith(f"{expected} ")
    assert "5" in expected


@pytest.mark.django_db
@pytest.mark.parametrize("renewals", [0, 1, 2])
def test_the_unit_list_states_the_settings_in_french(client, settings, renewals):
    settings.MANDATE_TERM_YEARS, settings.MANDATE_MAX_RENEWALS = 5, renewals
    assert lead(client, "fr").startswith(FRENCH[renewals])


# A unit's page asks the unit what its term allows -----------------------------------------------


def outlook(client, unit) -> str:
    response = client.get(f"/en/units/{unit.code_slug}/")
    assert response.status_code == 200
    found = re.search(r'<ol class="timeline">.*?</ol>\s*(?:<p class="small">(.*?)</p>)?', response.text, re.DOTALL)
    return found.group(1) or ""


@pytest.mark.django_db
@pytest.mark.today
@pytest.mark.parametrize(
    ("renewals", "terms", "expected"),
    [
        (1, 1, "The unit may be renewed once at the end of this term."),
        (1, 2, "This is the unit's last allowed term: a new unit will succeed it."),
        (2, 1, "The unit may be renewed 2 more times, the first at the end of this term."),
        (2, 2, "The unit may be renewed once at the end of this term."),
        (0, 1, "This is the unit's last allowed term: a new unit will succeed it."),
    ],
)
def test_a_unit_page_states_the_renewals_its_term_leaves(client, settings, renewals, terms, expected):
    settings.MANDATE_MAX_RENEWALS = renewals
    # The running term (today is 29 November 2026) is the last one recorded: 2026-2029.
    first = MandateFactory(start=dt.date(2026, 1, 1) if terms == 1 else dt.date(2022, 1, 1))
    if terms == 2:
        MandateFactory(unit=first.unit, number=2, start=dt.date(2026, 1, 1))
    assert outlook(client, first.unit) == expected


@pytest.mark.django_db
@pytest.mark.today
def test_a_unit_in_the_last_months_of_its_last_term_is_told_so(client):
    first = MandateFactory(start=dt.date(2019, 1, 1))
    MandateFactory(unit=first.unit, number=2, start=dt.date(2023, 1, 1))  # ends 31 Dec 2026: expiring
    assert first.unit.mandate_status == "expiring"
    assert outlook(client, first.unit) == "This is the unit's last allowed term: a new unit will succeed it."


@pytest.mark.django_db
@pytest.mark.today
@pytest.mark.parametrize("start", [dt.date(2020, 1, 1), dt.date(2027, 1, 1)], ids=["ended", "not started"])
def test_a_unit_whose_term_does_not_run_is_told_nothing_about_renewals(client, start):
    assert outlook(client, MandateFactory(start=start).unit) == ""
