"""CSV and XLSX exports shared by the admin actions, the public lists and the workspace."""

import csv
import datetime as dt
import io
from collections.abc import Iterable

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from openpyxl import Workbook

from .columns import Column

# Spreadsheet programs run cells that start with these as formulas.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

# Rows sent to the client at a time: one write per row cost a write to the socket each.
ROWS_PER_CHUNK = 200


def spreadsheet_safe(value) -> str:
    """A cell value as text that a spreadsheet program shows and never evaluates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


class _Echo:
    """csv.writer writes into this and gets the line back, so rows can be streamed."""

    def write(self, value):
        return value


def csv_response(filename_stem: str, columns: list[Column], rows: Iterable) -> StreamingHttpResponse:
    """A CSV download of `rows`, streamed so a large list never sits in memory."""
    writer = csv.writer(_Echo())

    def lines():
        # A byte-order mark so spreadsheet programs read UTF-8 accents right, then the header.
        batch = ["\ufeff", writer.writerow([str(column.header) for column in columns])]
        values = [column.value for column in columns]
        for row in rows:
            batch.append(writer.writerow([spreadsheet_safe(value(row)) for value in values]))
            if len(batch) >= ROWS_PER_CHUNK:
                yield "".join(batch)
                batch = []
        yield "".join(batch)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{filename_stem}-{stamp}.csv"'
    return response


def xlsx_response(filename_stem: str, columns: list[Column], rows: Iterable, title: str) -> HttpResponse:
    """An XLSX download of `rows` (openpyxl's write-only mode keeps memory flat).
    Cells are typed (dates as dates, numbers as numbers); text never becomes a formula."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([str(column.header) for column in columns])
    values = [column.value for column in columns]
    for row in rows:
        sheet.append([xlsx_cell(value(row)) for value in values])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{filename_stem}-{stamp}.xlsx"'
    return response


def xlsx_cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, int | float | dt.date):
        return value
    return spreadsheet_safe(value)
