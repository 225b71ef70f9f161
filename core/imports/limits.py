"""What one uploaded spreadsheet may cost, checked before it is parsed.

A file is refused, with a message for the editor, when it is larger than
IMPORT_MAX_BYTES; when it is an XLSX that unpacks to more than IMPORT_MAX_UNPACKED_BYTES
or inflates a part more than MAX_RATIO times (a zip bomb: 1.3 MB that inflates to 305 MB
once drove a worker past 6 GB); or when it holds more than IMPORT_MAX_ROWS rows. Rows are
counted as a stream and the count stops at the cap, so a file of twenty million empty rows
costs no more than one at the cap. The parse (core/exchange.py, XLSX) keeps the
same bounds, should a file get past these checks.
"""

import codecs
import csv
import json
import zipfile

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# Spreadsheets compress 5 to 20 times (an export of 50,000 sites: 12.6); a part inflating
# 100 times more than it weighs is built to do so.
MAX_RATIO = 100
RATIO_CHECKED_FROM = 1024 * 1024  # small parts (styles, themes) may compress well: their size is bounded anyway


class FileRefused(ValueError):
    """The file is over a limit: nothing of it is read further."""


def check_upload(upload, format_name: str) -> int:
    """Refuse `upload` (a Django UploadedFile) if it is over a limit; else its number of
    rows, the header row and empty rows included."""
    if upload.size > settings.IMPORT_MAX_BYTES:
        raise FileRefused(
            _("This file weighs %(size)s: files of up to %(limit)s can be imported. Split it into smaller files.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(settings.IMPORT_MAX_BYTES)}
        )
    upload.seek(0)
    try:
        if format_name == "xlsx":
            rows = xlsx_rows(upload)
        elif format_name == "csv":
            rows = csv_rows(upload)
        else:
            rows = json_rows(upload)
    finally:
        upload.seek(0)
    if rows > settings.IMPORT_MAX_ROWS + 1:  # the header row is not a record
        raise too_many_rows()
    return rows


def too_many_rows():
    return FileRefused(
        _("This file has more than %(limit)s rows, empty rows included: split it into smaller files.")
        % {"limit": f"{settings.IMPORT_MAX_ROWS:,}"}
    )


def check_archive(stream):
    """An XLSX is a zip archive: its directory tells what each part unpacks to, before
    anything is unpacked. (Reading a part stops at the size the directory gives.)"""
    try:
        parts = zipfile.ZipFile(stream).infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not an archive: the parse says the file cannot be read
    unpacked = sum(part.file_size for part in parts)
    if unpacked > settings.IMPORT_MAX_UNPACKED_BYTES:
        raise FileRefused(
            _("This spreadsheet unpacks to %(size)s, more than the %(limit)s a file may unpack to.")
            % {"size": filesizeformat(unpacked), "limit": filesizeformat(settings.IMPORT_MAX_UNPACKED_BYTES)}
        )
    for part in parts:
        if part.file_size >= RATIO_CHECKED_FROM and part.file_size > MAX_RATIO * max(part.compress_size, 1):
            raise FileRefused(
                _("This spreadsheet inflates %(ratio)d times once unpacked: it cannot be a plain spreadsheet.")
                % {"ratio": part.file_size // max(part.compress_size, 1)}
            )


def open_sheet(stream):
    """The first sheet of an XLSX, read as a stream, its declared size ignored: openpyxl
    would otherwise make up every row and column the sheet claims to have."""
    import openpyxl  # noqa: PLC0415 - only XLSX imports need it

    check_archive(stream)
    stream.seek(0)
    book = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    sheet = book.active
    declared = sheet.max_row  # from the sheet's <dimension>, before it is forgotten
    if declared is not None and declared > settings.IMPORT_MAX_ROWS + 1:
        book.close()
        raise too_many_rows()
    sheet.reset_dimensions()
    return book, sheet


def xlsx_rows(stream) -> int:
    try:
        book, sheet = open_sheet(stream)
    except FileRefused:
        raise
    except Exception:  # whatever openpyxl raises on a file that is not a spreadsheet
        return 0  # the parse says the file cannot be read
    try:
        # One column is enough to count rows; rows missing between two rows count too.
        return count(sheet.iter_rows(max_col=1, values_only=True))
    except Exception:  # likewise, on a broken sheet
        return 0
    finally:
        book.close()


def csv_rows(stream) -> int:
    text = codecs.getreader("utf-8-sig")(stream, errors="replace")
    try:
        return count(csv.reader(text))
    except csv.Error:
        return 0  # the parse says the file cannot be read


def json_rows(stream) -> int:
    # IMPORT_MAX_BYTES bounds what parsing JSON costs (a list of objects, one per row).
    try:
        rows = json.load(codecs.getreader("utf-8-sig")(stream, errors="replace"))
    except ValueError:
        return 0
    return len(rows) + 1 if isinstance(rows, list) else 0


def count(rows) -> int:
    """How many rows, counting no further than one past the cap."""
    seen = 0
    for _row in rows:
        seen += 1
        if seen > settings.IMPORT_MAX_ROWS + 1:
            break
    return seen
