"""Every CSV and XLSX export speaks the page's language: headers are the columns' labels,
empty values are empty cells, yes/no and dates as the pages write them; the workbooks have
a bold, frozen, filtered header row and columns as wide as their content. The admin's
spreadsheet exchange keeps its stable column keys in every language, and its pages say so."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils.formats import date_format, get_format
from django.utils.text import capfirst
from django.utils.translation import override
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from core.columns import short_date
from core.exchange import XLSX
from core.exports import MAX_WIDTH, excel_format
from partners.columns import AGREEMENT_ADMIN_EXPORT, AGREEMENTS, PARTNER_ADMIN_EXPORT, PARTNER_LIST
from partners.models import Agreement, Partner
from partners.resources import PartnerResource
from units.columns import SITE_LIST, UNIT_ADMIN_EXPORT, UNIT_LIST
from units.models import ResearchUnit
from units.resources import ResearchUnitResource
from workspace.columns import COLUMNS

from ..factories import AgreementFactory, MandateFactory, PartnerFactory, SiteFactory

pytestmark = pytest.mark.django_db

LANGUAGES = ["fr", "en"]
NOT_BLANK = {"None", "nan", "—", "null"}
END = dt.date(2028, 12, 31)  # the factories' term: 1 January 2025 to 31 December 2028


@pytest.fixture
def records():
    """A unit with an empty acronym, RNSR number and notes and a PU-PH director, its site,
    a partner without acronym or website, and a public agreement without an end."""
    site = SiteFactory(name="CHU de Brest", city="Brest")
    mandate = MandateFactory(
        unit__code="U1234", unit__acronym="", unit__site=site, unit__director_is_puph=True, unit__rnsr_number=""
    )
    partner = PartnerFactory(name="Université de Brest", acronym="", website="")
    AgreementFactory(reference="CONV-1", partners=[partner], end=None).units.add(mandate.unit)
    return mandate.unit


def labels(columns, language) -> list[str]:
    with override(language):
        return [capfirst(str(column.header)) for column in columns.export]


def short(day, language) -> str:
    with override(language):
        return date_format(day, "SHORT_DATE_FORMAT")


def csv_table(response) -> list[list[str]]:
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def column(table, header) -> list[str]:
    index = table[0].index(header)
    return [row[index] for row in table[1:]]


def assert_blank_cells_are_empty(table):
    assert not NOT_BLANK & {cell for row in table for cell in row}, table


PUBLIC_EXPORTS = [
    ("units/export.csv", UNIT_LIST),
    ("sites/export.csv", SITE_LIST),
    ("partners/export.csv", PARTNER_LIST),
    ("partners/agreements/export.csv", AGREEMENTS),
]


@pytest.mark.parametrize(("path", "columns"), PUBLIC_EXPORTS)
def test_each_public_export_is_headed_by_its_columns_labels_in_the_pages_language(client, records, path, columns):
    french = csv_table(client.get(f"/fr/{path}"))
    english = csv_table(client.get(f"/en/{path}"))
    assert french[0] == labels(columns, "fr")
    assert english[0] == labels(columns, "en")
    assert french[0] != english[0]  # translated, not field names
    assert ("Nom" in french[0] and "Name" in english[0]) or ("Accord" in french[0] and "Agreement" in english[0])
    for table in (french, english):
        assert len(table) == 2
        assert_blank_cells_are_empty(table)


def test_the_unit_export_writes_yes_no_dates_and_empty_cells_as_the_page_does(client, records):
    for language, puph, ends, staff in (("fr", "oui", "Fin du mandat", "Sigle"), ("en", "yes", "Term ends", "Acronym")):
        table = csv_table(client.get(f"/{language}/units/export.csv"))
        assert column(table, labels(UNIT_LIST, language)[UNIT_LIST.export.index(UNIT_LIST["puph"])]) == [puph]
        assert column(table, ends) == [short(END, language)]
        assert column(table, staff) == [""]  # no acronym: an empty cell


def test_the_agreement_export_writes_its_dates_as_the_page_does(client, records):
    for language, start, end in (("fr", "Début", "Fin"), ("en", "Start", "End")):
        table = csv_table(client.get(f"/{language}/partners/agreements/export.csv"))
        assert column(table, start) == [short(dt.date(2025, 1, 1), language)]
        assert column(table, end) == [""]  # open-ended


@pytest.fixture
def formats_forgotten():
    """The dates written per language are kept (the formats never change while serving)."""
    short_date.cache_clear()
    yield
    short_date.cache_clear()


def test_dates_follow_the_languages_date_format(client, records, settings, formats_forgotten):
    settings.FORMAT_MODULE_PATH = None  # Django's own formats: "12/31/2028" in English
    with override("en"):
        expected = date_format(END, "SHORT_DATE_FORMAT")
    table = csv_table(client.get("/en/units/export.csv"))
    assert column(table, "Term ends") == [expected]


# The managers' workspace: CSV and XLSX, in the language of their browser ------------------


def workbook_sheet(response):
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content)).active


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_workspace_exports_are_headed_in_the_managers_language(manager_client, records, language):
    expected = labels(COLUMNS, language)
    table = csv_table(manager_client.get(reverse("workspace:export_csv"), HTTP_ACCEPT_LANGUAGE=language))
    sheet = workbook_sheet(manager_client.get(reverse("workspace:export_xlsx"), HTTP_ACCEPT_LANGUAGE=language))
    assert table[0] == expected
    assert [cell.value for cell in sheet[1]] == expected
    assert ("Region" if language == "en" else "Région") in expected
    assert_blank_cells_are_empty(table)
    assert column(table, expected[COLUMNS.export.index(COLUMNS["term_end"])]) == [short(END, language)]
    assert column(table, expected[COLUMNS.export.index(COLUMNS["puph"])]) == [{"fr": "oui", "en": "yes"}[language]]


def test_the_workspace_headers_differ_between_languages(manager_client, records):
    french = csv_table(manager_client.get(reverse("workspace:export_csv"), HTTP_ACCEPT_LANGUAGE="fr"))[0]
    english = csv_table(manager_client.get(reverse("workspace:export_csv"), HTTP_ACCEPT_LANGUAGE="en"))[0]
    assert "Nom" in french and "Name" in english
    assert "Nom" not in english


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_workspace_workbook_has_a_frozen_filtered_bold_header_and_dates_as_dates(manager_client, records, language):
    MandateFactory(unit__code="U2000", unit__internal_notes="")
    sheet = workbook_sheet(manager_client.get(reverse("workspace:export_xlsx"), HTTP_ACCEPT_LANGUAGE=language))
    width = len(COLUMNS.export)
    last = get_column_letter(width)
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{last}3"  # the header and both units
    assert all(cell.font.bold for cell in sheet[1])
    term_end = sheet.cell(row=2, column=COLUMNS.export.index(COLUMNS["term_end"]) + 1)
    assert term_end.is_date and term_end.value.date() == END
    with override(language):
        assert term_end.number_format == excel_format(get_format("SHORT_DATE_FORMAT"), language)
    notes = sheet.cell(row=3, column=COLUMNS.export.index(COLUMNS["internal_notes"]) + 1)
    assert notes.value is None  # an empty cell, not "None" nor an empty string
    # Widths from the content: the long unit name column is wider than the PU-PH one, all capped.
    widths = {index: sheet.column_dimensions[get_column_letter(index + 1)].width for index in range(width)}
    assert all(6 <= value <= MAX_WIDTH for value in widths.values())
    name, puph = COLUMNS.export.index(COLUMNS["name"]), COLUMNS.export.index(COLUMNS["puph"])
    assert widths[name] > widths[puph]


def test_the_workbook_writes_dates_the_way_the_page_does_in_each_language():
    assert excel_format("j M Y", "en") == "[$-809]d mmm yyyy"
    assert excel_format("j F Y", "fr") == "[$-40C]d mmmm yyyy"
    # A slash is escaped: bare, it is the reader's own date separator.
    assert excel_format("d/m/Y", "fr") == "[$-40C]dd\\/mm\\/yyyy"
    assert excel_format("j F Y, H:i", "fr") == "[$-40C]d mmmm yyyy\\, hh\\:mm"
    assert excel_format("jS \\o\\f F", "en") == "[$-809]d \\o\\f mmmm"  # no ordinal suffix; escapes kept


def test_a_control_character_pasted_into_a_name_does_not_break_the_workbook(manager_client, records):
    records.name = "Immunologie\x0b et cancer"
    records.save()
    sheet = workbook_sheet(manager_client.get(reverse("workspace:export_xlsx"), HTTP_ACCEPT_LANGUAGE="en"))
    assert sheet.cell(row=2, column=COLUMNS.export.index(COLUMNS["name"]) + 1).value == "Immunologie et cancer"


# The admin's CSV action --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "columns"),
    [(ResearchUnit, UNIT_ADMIN_EXPORT), (Partner, PARTNER_ADMIN_EXPORT), (Agreement, AGREEMENT_ADMIN_EXPORT)],
)
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_admins_csv_action_is_headed_in_the_editors_language(admin_client, records, model, columns, language):
    opts = model._meta
    response = admin_client.post(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
        {"action": "export_as_csv", "_selected_action": [model.objects.get().pk]},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    table = csv_table(response)
    assert table[0] == labels(columns, language)
    assert_blank_cells_are_empty(table)


# The admin's spreadsheet exchange: stable keys ----------------------------------------------


FORMAT_INDEX = {"csv": 0, "xlsx": 1}  # core.exchange.IMPORT_FORMATS


def exchange_export(client, model, resource, language, file_format):
    url = f"/admin/{model}/export/"
    form = client.get(url, HTTP_ACCEPT_LANGUAGE=language).context["form"]
    prefix = resource.__name__.lower() + "_"
    selected = {name: "on" for name in form.fields if name.startswith(prefix)}
    response = client.post(url, {"format": FORMAT_INDEX[file_format], **selected}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize(
    ("model", "resource"), [("units/researchunit", ResearchUnitResource), ("partners/partner", PartnerResource)]
)
def test_the_exchange_format_keeps_its_keys_in_every_language_and_leaves_blank_cells_blank(
    editor_client, records, model, resource
):
    keys = [field.column_name for field in resource().get_export_fields()]
    for language in LANGUAGES:
        text = exchange_export(editor_client, model, resource, language, "csv").content.decode("utf-8-sig")
        table = list(csv.reader(io.StringIO(text)))
        assert table[0] == keys
        assert_blank_cells_are_empty(table)
        assert "" in table[1]  # the empty acronym, website…
        sheet = load_workbook(io.BytesIO(exchange_export(editor_client, model, resource, language, "xlsx").content))
        sheet = sheet.active
        assert [cell.value for cell in sheet[1]] == keys
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:{get_column_letter(len(keys))}2"
        assert None in [cell.value for cell in sheet[2]]  # empty cells, not "None"
        assert "None" not in [cell.value for cell in sheet[2]]


def test_an_exchange_workbook_exported_in_french_imports_back_unchanged(editor_client, records):
    content = exchange_export(editor_client, "units/researchunit", ResearchUnitResource, "fr", "xlsx").content
    dataset = XLSX().create_dataset(content)
    result = ResearchUnitResource().import_data(dataset, dry_run=True)
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["skip"] == 1


@pytest.mark.parametrize(
    ("language", "label"),
    [("fr", "Direction PU-PH (director_is_puph)"), ("en", "Director is PU-PH (director_is_puph)")],
)
def test_the_export_page_names_each_column_in_the_pages_language_with_its_stable_key(editor_client, language, label):
    response = editor_client.get("/admin/units/researchunit/export/", HTTP_ACCEPT_LANGUAGE=language)
    page = response.content.decode()
    labels_shown = [field.label for field in response.context["form"].fields.values()]
    assert label in labels_shown
    assert "Director Is Puph" not in page and "Rnsr Number" not in page
    assert "(rnsr_number)" in page and "(mandates)" in page and "(predecessors)" in page
    if language == "en":
        assert "named by the keys in brackets, the same in every language" in page


def test_the_import_page_says_the_keys_are_the_same_in_every_language(editor_client):
    page = editor_client.get("/admin/units/researchunit/import/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "named by the keys listed above, the same in every language" in page
