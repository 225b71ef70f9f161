"""What a hostile or very large import file costs a server process: peak memory and CPU.

Each file is handed, in a fresh process, to what a web worker does with an upload (the
limits of core/imports/limits.py, then the parse) and, when it is accepted, to what the
background worker does with it (the check of every row). Prints one line per file: its
size, what happened to it, the process's peak resident memory (VmHWM, Django loaded
included: about 70 MB before the file is read) and the CPU seconds it took. Uses a SQLite
database of its own in bench/results.

    .venv/bin/python bench/import_memory.py
"""

import csv
import io
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DATABASE = ROOT / "bench" / "results" / "import_memory.sqlite3"

SHEET_START = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)
HEADER_ROW = b'<row r="1"><c r="A1" t="inlineStr"><is><t>slug</t></is></c></row>'

# Run in a fresh process: the upload's checks and parse, then the background check.
PROBE = r"""
import re, resource, sys, django
django.setup()
from django.utils import translation
translation.activate("en")
from django.core.files.uploadedfile import SimpleUploadedFile
from core.exchange import IMPORT_FORMATS
from core.imports.limits import FileRefused, check_upload
from units.resources import SiteResource
path, name = sys.argv[1], sys.argv[2]
data = open(path, "rb").read()
upload = SimpleUploadedFile(path, data)
start = resource.getrusage(resource.RUSAGE_SELF)
try:
    rows = check_upload(upload, name)
    file_format = IMPORT_FORMATS[name](encoding="utf-8-sig")
    dataset = file_format.create_dataset(data if file_format.is_binary() else data.decode("utf-8-sig"))
    checker = SiteResource()
    checker.validate_only, checker.html_diff = True, False
    result = checker.import_data(dataset, dry_run=False, use_transactions=False)
    outcome = f"accepted: {len(dataset):,} rows checked, {result.totals['invalid']} invalid"
except FileRefused as refusal:
    outcome = f"refused: {refusal}"
end = resource.getrusage(resource.RUSAGE_SELF)
cpu = end.ru_utime + end.ru_stime - start.ru_utime - start.ru_stime
# VmHWM, not ru_maxrss: a child's ru_maxrss starts from its parent's at fork.
peak = int(re.search(r"VmHWM:\s+(\d+) kB", open("/proc/self/status").read()).group(1)) / 1024
print(f"{outcome}|{peak:.0f}|{cpu:.1f}")
"""


def xlsx(folder: Path, name: str, write_sheet) -> Path:
    """An XLSX of the portal's export, its sheet written by write_sheet(stream)."""
    from openpyxl import Workbook  # noqa: PLC0415

    template = io.BytesIO()
    Workbook().save(template)
    source = zipfile.ZipFile(template)
    path = folder / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in source.infolist():
            if part.filename == "xl/worksheets/sheet1.xml":
                with archive.open(part.filename, "w", force_zip64=True) as stream:
                    write_sheet(stream)
            else:
                archive.writestr(part, source.read(part.filename))
    return path


def zip_bomb(stream):
    """305 MB of sheet in about a megabyte, as in the finding."""
    row = b'<row><c t="inlineStr"><is><t>' + b"A" * 200 + b"</t></is></c></row>"
    stream.write(SHEET_START + b"<sheetData>" + HEADER_ROW)
    for _ in range(305 * 1024 * 1024 // len(row)):
        stream.write(row)
    stream.write(b"</sheetData></worksheet>")


def empty_rows(stream):
    """A sheet that says it has 20 million rows, and whose last row is the 20 millionth."""
    stream.write(SHEET_START + b'<dimension ref="A1:G20000000"/><sheetData>' + HEADER_ROW)
    stream.write(b'<row r="20000000"><c r="A20000000" t="inlineStr"><is><t>x</t></is></c></row>')
    stream.write(b"</sheetData></worksheet>")


def empty_row_elements(stream):
    """20 million empty rows, each written out: 176 KB packed, as in the finding."""
    stream.write(SHEET_START + b"<sheetData>" + HEADER_ROW)
    stream.write(b"<row/>" * 20_000_000)
    stream.write(b"</sheetData></worksheet>")


def sites(folder: Path, rows: int, suffix: str, pad: int = 0) -> Path:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["slug", "name", "kind", "city", "region", "latitude", "longitude"])
    for n in range(rows):
        name = f"Site {n} " + "x" * pad
        writer.writerow([f"site-{n}", name, "chu", f"Ville {n % 500}", "bretagne", "45.5", "4.8"])
    path = folder / f"sites-{rows}{suffix}.csv"
    path.write_text(out.getvalue())
    if suffix == "-xlsx":
        import tablib  # noqa: PLC0415

        xlsx_path = path.with_suffix(".xlsx")
        xlsx_path.write_bytes(tablib.Dataset().load(path.read_text(), format="csv").export("xlsx"))
        return xlsx_path
    return path


def main():
    DATABASE.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{DATABASE}", "DJANGO_DEBUG": "true", "PYTHONPATH": str(ROOT)}
    env["DJANGO_SETTINGS_MODULE"] = "inserm_portal.settings"
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    folder = Path(tempfile.mkdtemp(prefix="import-memory-"))
    cases = [
        ("zip bomb (sheet of 305 MB)", xlsx(folder, "bomb.xlsx", zip_bomb), "xlsx"),
        ("20 million rows claimed", xlsx(folder, "claimed.xlsx", empty_rows), "xlsx"),
        ("20 million empty rows", xlsx(folder, "empty.xlsx", empty_row_elements), "xlsx"),
        ("50,001 rows (over the limit)", sites(folder, 50_001, ""), "csv"),
        ("50,000 sites (at the limit)", sites(folder, 50_000, ""), "csv"),
        ("50,000 sites, XLSX", sites(folder, 50_000, "-xlsx"), "xlsx"),
        ("50,000 rows of 10 MB", sites(folder, 50_000, "-wide", pad=130), "csv"),
    ]
    print("| file | size | outcome | peak memory (MB) | CPU (s) |\n|---|---|---|---|---|")
    for label, path, name in cases:
        output = (
            subprocess.run(
                [PYTHON, "-c", PROBE, str(path), name], cwd=ROOT, env=env, capture_output=True, text=True, check=True
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        outcome, memory, cpu = output.rsplit("|", 2)
        print(f"| {label} | {path.stat().st_size / 1024:,.0f} KB | {outcome} | {memory} | {cpu} |", flush=True)


if __name__ == "__main__":
    main()
