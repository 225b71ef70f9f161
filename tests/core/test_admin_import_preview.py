"""The admin's import preview: each error in the cell of its row and column, readable
without hovering; empty cells empty (not "None"); unchanged rows called "Unchanged"."""

import io
import re

import pytest
from django.urls import reverse

from units.models import Site
from units.resources import SiteResource

from ..factories import SiteFactory

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:units_site_import")


@pytest.fixture
def english(editor_client):
    editor_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return editor_client


@pytest.fixture
def sites():
    return [
        SiteFactory(name="CHU de Brest", slug="chu-brest", city="Brest"),
        SiteFactory(name="CHU de Lille", slug="chu-lille", city="Lille"),
    ]


def upload(client, dataset, file_format="csv"):
    content = dataset.export(file_format)
    upload = io.BytesIO(content if isinstance(content, bytes) else content.encode("utf-8"))
    upload.name = f"sites.{file_format}"
    formats = {"csv": 0, "xlsx": 1, "json": 2}
    return client.post(IMPORT, {"format": formats[file_format], "import_file": upload})


def exported(*records):
    return SiteResource().export(Site.objects.filter(pk__in=[record.pk for record in records]).order_by("name"))


def rows_of(page) -> list[list[tuple[str, str]]]:
    """The preview table's body: per row, each cell's class and text."""
    body = page.text.split('class="import-preview', 1)[1].split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
        cells = re.findall(r'<t[dh](?: [^>]*class="([^"]*)")?[^>]*>(.*?)</t[dh]>', row, re.S)
        rows.append([(css, " ".join(re.sub(r"<[^>]+>", " ", text).split())) for css, text in cells])
    return rows


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_each_error_is_written_in_the_cell_of_its_row_and_column(english, sites, file_format):
    data = exported(*sites)
    headers = data.headers
    brest = list(data[0])
    brest[headers.index("latitude")] = "north"
    brest[headers.index("longitude")] = "4"
    data[0] = tuple(brest)

    page = upload(english, data, file_format)

    assert page.status_code == 200
    assert "confirm_form" not in page.context
    assert "One row has errors, so nothing was imported." in page.text
    assert 'class="validation-error-count"' not in page.text  # no count to hover over
    [row] = rows_of(page)
    assert row[0] == ("", "1")  # the row's number in the file
    cells = dict(zip(headers, row[1:], strict=True))
    assert cells["latitude"] == ("import-error-cell", "north “north” is not a number.")
    assert all(css == "" for column, (css, _text) in cells.items() if column != "latitude")
    assert cells["finess"] == ("", "")  # empty, not "None" (an XLSX's empty cell is None)
    assert "None" not in page.text.split('class="import-preview', 1)[1]


def test_an_error_about_no_single_column_is_written_under_its_row(english, sites):
    data = exported(sites[0])
    brest = list(data[0])
    brest[data.headers.index("latitude")] = "48.4"  # a latitude without a longitude: a rule of the pair
    data[0] = tuple(brest)

    page = upload(english, data)

    [invalid] = page.context["result"].invalid_rows
    [message] = invalid.error_dict["__all__"]
    rows = rows_of(page)
    assert len(rows) == 2, rows
    assert all(css == "" for css, _text in rows[0])  # no cell of the row is marked
    assert rows[1] == [("", ""), ("", message)]  # the message under the row, across it


def test_the_preview_calls_unchanged_rows_unchanged_and_says_what_the_file_does(english, sites):
    data = exported(*sites)
    lille = list(data[1])
    lille[data.headers.index("city")] = "Lille Métropole"
    data[1] = tuple(lille)

    page = upload(english, data)

    assert "confirm_form" in page.context
    assert "Importing this file makes 0 new records and changes 1 (1 unchanged)." in page.text
    assert [row[0][1] for row in rows_of(page)] == ["Unchanged", "Changed"]
    assert "Skipped" not in page.text
