"""Uploads over the limits are refused before they are parsed, with a message on the
form, and nothing is imported; a bad file never shows the editor a traceback."""

import io
import zipfile

import pytest
import tablib
from import_export.formats.base_formats import CSV, JSON, XLSX

from core.imports.limits import FileRefused, check_upload
from units.models import Site

from ...factories import SiteFactory

FORMATS = [CSV, XLSX, JSON]
HEADERS = ["slug", "name", "kind", "city", "region"]


@pytest.fixture
def editor_client(editor_client):
    editor_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # messages are checked word for word
    return editor_client


def sites_file(count, file_format="csv"):
    dataset = tablib.Dataset(
        *[[f"site-{n}", f"Site {n}", "chu", "Lyon", "auvergne-rhone-alpes"] for n in range(count)], headers=HEADERS
    )
    return dataset.export(file_format)


def upload(client, content, file_format, name="sites.bin"):
    data = content.encode("utf-8") if isinstance(content, str) else content
    file = io.BytesIO(data)
    file.name = name
    return client.post("/admin/units/site/import/", {"format": FORMATS.index(file_format), "import_file": file})


def refused(response, words):
    assert response.status_code == 200
    assert "confirm_form" not in response.context and "result" not in response.context
    errors = " ".join(response.context["form"].errors["import_file"])
    assert words in errors, errors
    return errors


def xlsx_with_sheet(write_sheet):
    """An XLSX whose first sheet's XML is written by write_sheet(stream), from a real export."""
    source = zipfile.ZipFile(io.BytesIO(sites_file(1, "xlsx")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in source.infolist():
            if part.filename == "xl/worksheets/sheet1.xml":
                with archive.open(part.filename, "w", force_zip64=True) as stream:
                    write_sheet(stream)
            else:
                archive.writestr(part, source.read(part.filename))
    return out.getvalue()


SHEET_START = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def zip_bomb(stream, megabytes=40):
    """A valid sheet, followed by megabytes of blanks that compress a thousand times."""
    stream.write(SHEET_START + b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>slug</t></is></c></row>')
    blank = b" " * (1024 * 1024)
    for _ in range(megabytes):
        stream.write(blank)
    stream.write(b"</sheetData></worksheet>")


def twenty_million_empty_rows(stream):
    """What once cost 171 s and 2 GB: a sheet that claims 20 million rows and holds two."""
    stream.write(SHEET_START + b'<dimension ref="A1:G20000000"/><sheetData>')
    stream.write(b'<row r="1"><c r="A1" t="inlineStr"><is><t>slug</t></is></c></row>')
    stream.write(b'<row r="20000000"><c r="A20000000" t="inlineStr"><is><t>x</t></is></c></row>')
    stream.write(b"</sheetData></worksheet>")


def gap_of_empty_rows(stream):
    """The same without the claim: openpyxl makes up each missing row between the two."""
    stream.write(SHEET_START + b"<sheetData>")
    stream.write(b'<row r="1"><c r="A1" t="inlineStr"><is><t>slug</t></is></c></row>')
    stream.write(b'<row r="20000000"><c r="A20000000" t="inlineStr"><is><t>x</t></is></c></row>')
    stream.write(b"</sheetData></worksheet>")


def test_a_zip_bomb_is_refused_from_the_archive_directory_and_nothing_is_imported(editor_client):
    SiteFactory()
    bomb = xlsx_with_sheet(zip_bomb)
    assert len(bomb) < 200_000  # 40 MB once unpacked

    with pytest.MonkeyPatch.context() as patch:
        # Had openpyxl been given the sheet, it would be parsed: the check must come first.
        patch.setattr("openpyxl.load_workbook", lambda *args, **kwargs: pytest.fail("the sheet was opened"))
        response = upload(editor_client, bomb, XLSX, "bomb.xlsx")

    refused(response, "inflates")
    assert Site.objects.count() == 1


def test_a_spreadsheet_that_unpacks_past_the_limit_is_refused(editor_client, settings):
    settings.IMPORT_MAX_UNPACKED_BYTES = 10_000
    refused(upload(editor_client, sites_file(300, "xlsx"), XLSX, "sites.xlsx"), "unpacks to")
    assert Site.objects.count() == 0


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(editor_client, settings):
    settings.IMPORT_MAX_BYTES = 1000
    content = sites_file(40)
    assert len(content) > 1000
    errors = refused(upload(editor_client, content, CSV, "sites.csv"), "files of up to 1000")
    assert "Split it into smaller files" in errors
    assert Site.objects.count() == 0


@pytest.mark.parametrize("file_format", FORMATS, ids=lambda f: f.__name__)
def test_a_file_over_the_row_limit_is_refused_and_one_at_the_limit_is_not(editor_client, settings, file_format):
    settings.IMPORT_MAX_ROWS = 10
    name = f"sites.{file_format().get_title().lower()}"
    refused(upload(editor_client, sites_file(11, file_format().get_title().lower()), file_format, name), "10 rows")
    assert Site.objects.count() == 0

    at_limit = upload(editor_client, sites_file(10, file_format().get_title().lower()), file_format, name)
    assert at_limit.context["result"].totals["new"] == 10  # previewed, nothing written yet
    assert Site.objects.count() == 0


@pytest.mark.parametrize("sheet", [twenty_million_empty_rows, gap_of_empty_rows], ids=["claimed", "gap"])
def test_twenty_million_empty_rows_are_refused_at_once(editor_client, sheet):
    response = upload(editor_client, xlsx_with_sheet(sheet), XLSX, "empty.xlsx")
    refused(response, "more than 50,000 rows")
    assert Site.objects.count() == 0


def test_multi_line_cells_count_as_one_row(settings):
    settings.IMPORT_MAX_ROWS = 2
    content = b'slug,name\na,"one\ntwo\nthree"\nb,B\n'
    file = io.BytesIO(content)
    file.size = len(content)
    assert check_upload(file, "csv") == 3
    with pytest.raises(FileRefused):
        check_upload(io_with_size(content + b"c,C\n"), "csv")


def io_with_size(content):
    file = io.BytesIO(content)
    file.size = len(content)
    return file


def test_a_csv_with_semicolons_gets_a_readable_message_and_no_traceback(editor_client):
    content = "slug;name;kind;city;region\nhcl;HCL;chu;Lyon;auvergne-rhone-alpes\n"
    response = upload(editor_client, content, CSV, "sites.csv")
    page = response.content.decode()
    assert "separated by semicolons or tabs" in page
    assert "The columns are: slug, name, kind" in page
    for trace in ("Traceback", 'File "', ".py", "/work/", "site-packages", "FileLayoutError"):
        assert trace not in page
    assert Site.objects.count() == 0


def test_the_import_page_states_the_limits(editor_client):
    page = editor_client.get("/admin/units/site/import/").content.decode()
    assert "Files of up to 10.0\xa0MB and 50,000 rows" in page
