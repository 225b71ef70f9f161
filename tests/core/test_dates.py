"""One way to write a date per language (inserm_portal/formats/): "6 Sep 2018" in English,
"6 septembre 2018" in French, on pages, in the admin and in exports; forms read dates
day first (01/02/2024 is 1 February) or as ISO 2024-02-01, never month first."""

import datetime as dt
import re

import pytest
from django import forms
from django.urls import reverse
from django.utils import formats, translation
from django.utils.html import strip_tags

from core.columns import short_date
from partners.models import Agreement
from units.models import ResearchUnit

from ..admin_helpers import unit_form
from ..factories import AgreementFactory, MandateFactory, SiteFactory, UnitPartnerFactory

D = dt.date
ONE_WAY = {"en": "6 Sep 2018", "fr": "6 septembre 2018"}

# The ways no page may write a date: numbers alone (06/09/2018, month or day first, and ISO
# 2018-09-06, which only machines read: data attributes, JSON-LD), the month before the day
# (Sept. 6, 2018), and abbreviations with a full stop (Sept., janv.).
OTHER_WAYS = [
    re.compile(r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}\b"),
    re.compile(r"\b[A-Z][a-z]+\.? \d{1,2}, \d{4}\b"),
    re.compile(r"\b\d{1,2} [A-Za-zéû]{3,5}\. \d{4}\b"),
]


def visible_text(html: str) -> str:
    """A page's text as read on screen: no tags, no scripts (JSON-LD writes ISO dates)."""
    return strip_tags(re.sub(r"<script\b.*?</script>", "", html, flags=re.DOTALL))


def other_ways_in(text: str) -> list[str]:
    return [found for pattern in OTHER_WAYS for found in pattern.findall(text)]


@pytest.mark.parametrize(
    ("language", "date", "datetime"),
    [("en", "1 Feb 2024", "1 Feb 2024, 14:05"), ("fr", "1 février 2024", "1 février 2024 14:05")],
)
def test_each_language_writes_dates_one_way_short_or_long(language, date, datetime):
    day = D(2024, 2, 1)
    with translation.override(language):
        assert formats.date_format(day) == date
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == date  # lists and CSV exports
        assert short_date(day, language) == date
        assert formats.date_format(dt.datetime(2024, 2, 1, 14, 5), "DATETIME_FORMAT") == datetime
        assert formats.date_format(dt.datetime(2024, 2, 1, 14, 5), "SHORT_DATETIME_FORMAT") == datetime


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_date_field_reads_the_day_first_or_iso_never_the_month_first(language):
    field = forms.DateField()
    with translation.override(language):
        assert field.clean("01/02/2024") == D(2024, 2, 1)
        assert field.clean("2024-02-01") == D(2024, 2, 1)
        with pytest.raises(forms.ValidationError):
            field.clean("02/13/2024")  # month first: the 2nd of a thirteenth month
        # What a date input shows: day first.
        assert formats.localize_input(D(2018, 9, 6)) == "06/09/2018"


def test_english_date_fields_also_read_dates_as_pages_write_them():
    with translation.override("en"):
        assert forms.DateField().clean("6 Sep 2018") == D(2018, 9, 6)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_unit_page_writes_every_date_the_same_way(client, language):
    """Its terms, its former partners and its agreements' periods: before, the terms were
    written "Sept. 6, 2018" and the periods "09/06/2018" on one English page."""
    mandate = MandateFactory(unit__code="U1234", start=D(2018, 9, 6))
    unit = mandate.unit
    UnitPartnerFactory(unit=unit, start=D(2018, 9, 6), end=D(2020, 3, 1))
    AgreementFactory(kind=Agreement.Kind.COLLABORATION, start=D(2018, 9, 6), end=D(2021, 12, 31)).units.add(unit)

    text = visible_text(client.get(f"/{language}/units/U1234/").text)

    assert other_ways_in(text) == []
    assert text.count(ONE_WAY[language]) == 3  # the term's start, the former partner's, the agreement's
    assert ONE_WAY[language] + " – " in text


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "term_end"), [("en", "5 Sep 2022"), ("fr", "5 septembre 2022")])
def test_the_unit_list_writes_term_ends_as_pages_do(client, language, term_end):
    MandateFactory(unit__code="U1234", start=D(2018, 9, 6))
    text = visible_text(client.get(f"/{language}/units/").text)
    assert term_end in text
    assert other_ways_in(text) == []


@pytest.fixture
def english_admin(admin_client):
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return admin_client


@pytest.mark.django_db
def test_the_english_admin_lists_dates_day_first_and_its_date_inputs_show_them_day_first(english_admin):
    mandate = MandateFactory(start=D(2018, 9, 6))

    listed = visible_text(english_admin.get(reverse("admin:units_mandate_changelist")).text)
    assert "6 Sep 2018" in listed and "5 Sep 2022" in listed
    assert other_ways_in(listed) == []

    form = english_admin.get(reverse("admin:units_mandate_change", args=[mandate.pk])).text
    assert re.search(r'<input type="text" name="start" value="06/09/2018"', form)
    assert re.search(r'<input type="text" name="end" value="05/09/2022"', form)


@pytest.mark.django_db
def test_the_admin_calendar_writes_dates_day_first(english_admin):
    """The admin's calendar and "Today" links write the first input format (jsi18n)."""
    catalog = english_admin.get(reverse("admin:jsi18n")).text
    assert re.search(r'"DATE_INPUT_FORMATS": \[\s*"%d/%m/%Y",', catalog)
    assert '"DATE_FORMAT": "j M Y"' in catalog


@pytest.mark.django_db
@pytest.mark.today
def test_the_english_admin_reads_01_02_as_the_first_of_february(english_admin):
    response = english_admin.post(
        reverse("admin:units_researchunit_add"), unit_form(site=SiteFactory(), first_term_start="01/02/2026")
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert ResearchUnit.objects.get(code="U4321").mandates.get().start == D(2026, 2, 1)
