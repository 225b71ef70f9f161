"""CSV and XLSX exports shared by the admin actions, the public lists and the workspace.

Both write the header in the page's language (each column's label), an empty cell for a
missing value, yes/no in that language, and dates as the pages write them
(SHORT_DATE_FORMAT): the CSV as text, the XLSX as date cells whose number format spells
them the same way. The XLSX's header row is bold, frozen and filtered, and its columns
are as wide as their content. (The admin's spreadsheet exchange, which files are imported
from, is core/exchange.py: stable column keys, ISO dates.)"""

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache
from itertools import chain, islice

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.formats import date_format, get_format
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext, override
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .columns import Column, short_date

# Spreadsheet programs run cells that start with these as formulas.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

# Rows sent to the client at a time: one write per row cost a write to the socket each.
ROWS_PER_CHUNK = 200

# An XLSX's column widths are measured on its header and first rows (they are written
# before the rows, and the rows are not all kept in memory), within these bounds.
WIDTH_SAMPLE_ROWS = 500
MIN_WIDTH, MAX_WIDTH = 6, 60


def header_text(column: Column) -> str:
    """The column's label in the active language, as a spreadsheet's header cell."""
    return capfirst(str(column.header))


def spreadsheet_safe(value) -> str:
    """A cell value as text that a spreadsheet program shows and never evaluates; a date
    as the pages write it, in the active language."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, dt.datetime):
        return date_format(timezone.localtime(value) if timezone.is_aware(value) else value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return short_date(value, get_language())
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
        batch = ["\ufeff", writer.writerow([header_text(column) for column in columns])]
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
    values = [column.value for column in columns]
    lines = ([xlsx_cell(value(row)) for value in values] for row in rows)
    write_sheet(sheet, [header_text(column) for column in columns], lines)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{filename_stem}-{stamp}.xlsx"'
    return response


def write_sheet(sheet, headers: list[str], lines: Iterable[list]) -> None:
    """The header (bold, frozen, with a filter over every line) then the lines, cells as
    xlsx_cell() makes them; column widths measured on the first WIDTH_SAMPLE_ROWS lines."""
    lines = iter(lines)
    first = list(islice(lines, WIDTH_SAMPLE_ROWS))
    for index, header in enumerate(headers, 1):
        # The header has its filter button beside it: room for both.
        longest = max([len(header) + 3, *(cell_width(line[index - 1]) for line in first)])
        sheet.column_dimensions[get_column_letter(index)].width = min(max(longest + 1, MIN_WIDTH), MAX_WIDTH)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    sheet.append([styled(sheet, header, font=bold) for header in headers])
    formats = date_formats(get_language())
    count = 0
    for line in chain(first, lines):
        sheet.append([dated(sheet, cell, formats) for cell in line])
        count += 1
    if headers:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{count + 1}"


def styled(sheet, value, **style) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def dated(sheet, value, formats):
    """A date or a time as a cell written the way the pages write it; other values as they are."""
    if isinstance(value, dt.datetime):
        return styled(sheet, value, number_format=formats[1])
    if isinstance(value, dt.date):
        return styled(sheet, value, number_format=formats[0])
    return value


def xlsx_cell(value):
    """A value as the XLSX holds it: None for an empty cell, numbers and dates typed (a
    time in the portal's time zone, which Excel has no notion of), the rest safe text."""
    if value is None:
        return None
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, dt.datetime):
        return timezone.make_naive(value) if timezone.is_aware(value) else value
    if isinstance(value, int | float | Decimal | dt.date):
        return value
    # Control characters (pasted from a word processor) are not allowed in an XLSX file.
    return ILLEGAL_CHARACTERS_RE.sub("", spreadsheet_safe(value))


def cell_width(value) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        return len(spreadsheet_safe(value))
    if isinstance(value, dt.date):
        return len(short_date(value, get_language()))
    return max((len(line) for line in str(value).splitlines()), default=0)


# Django's date format characters and the spreadsheet number format codes writing the same.
EXCEL_CODES = {
    "d": "dd",
    "j": "d",
    "D": "ddd",
    "l": "dddd",
    "m": "mm",
    "n": "m",
    "M": "mmm",
    "b": "mmm",
    "N": "mmm",
    "E": "mmmm",
    "F": "mmmm",
    "Y": "yyyy",
    "y": "yy",
    "H": "hh",
    "G": "h",
    "i": "mm",
    "s": "ss",
}
# The language of the month and day names a spreadsheet program writes (Windows locale IDs).
EXCEL_LOCALES = {"fr": "[$-40C]", "en": "[$-809]"}


def excel_format(django_format: str, language: str | None) -> str:
    """A Django date format ("j M Y") as a spreadsheet number format ("d mmm yyyy"): each
    literal character escaped (a bare "/" is the reader's own date separator); format
    characters with no equivalent (an English ordinal suffix) left out."""
    parts, escaped = [], False
    for char in django_format:
        if escaped:
            parts.append("\\" + char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in EXCEL_CODES:
            parts.append(EXCEL_CODES[char])
        elif char == " ":
            parts.append(" ")
        elif not re.fullmatch(r"[A-Za-z]", char):
            parts.append("\\" + char)
    return EXCEL_LOCALES.get((language or "")[:2], "") + "".join(parts)


@lru_cache(maxsize=8)
def date_formats(language: str | None) -> tuple[str, str]:
    """The number formats of a date cell and of a date-and-time cell, in `language`."""
    with override(language):
        return (
            excel_format(get_format("SHORT_DATE_FORMAT"), language),
            excel_format(get_format("SHORT_DATETIME_FORMAT"), language),
        )
