"""A 50,000-row import in the background while the public pages are loaded: every page
must answer 200 meanwhile, and the import must complete.

Serves a database of its own (`bench/results/import_load.sqlite3`, or `<name>_import_load`
on the PostgreSQL of DATABASE_URL), seeded with the demo data, with `make serve`, which
starts the background worker beside gunicorn. An editor uploads a CSV of --rows new sites
through the admin, waits for the check, confirms, and waits for the import; all along,
--connections clients load the public pages with wrk, 5 s at a time, while a second
editor adds a site through the admin every second. It prints the seconds each step took,
the pages' answers by status, their latency, the second editor's saves, and the worker's
peak memory, and exits 1 if a public page answered anything but 200, if the import did
not complete, or if a site is missing.

    .venv/bin/python bench/import_load.py                                  # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/inserm_portal .venv/bin/python bench/import_load.py
"""

import argparse
import csv
import io
import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
RESULTS = ROOT / "bench" / "results"
sys.path.insert(0, str(ROOT / "bench"))
from serve_load import PASSWORD, WRK_SCRIPT, Editor, free_port  # noqa: E402

COUNT = "from units.models import Site; print(Site.objects.filter(slug__startswith='import-').count())"
PAGES = ["/en/", "/fr/partners/", "/en/partners/?q=univ", "/en/units/", "/fr/units/?status=expiring", "/en/sites/"]


def sites_csv(rows: int) -> bytes:
    kinds, regions = ["chu", "clcc", "faculty", "efs", "campus", "other"], ["bretagne", "grand-est", "occitanie"]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["slug", "name", "kind", "city", "region", "latitude", "longitude"])
    for n in range(rows):
        writer.writerow(
            [f"import-{n}", f"Site importé {n}", kinds[n % 6], f"Ville {n % 500}", regions[n % 3], "45.5", "4.8"]
        )
    return out.getvalue().encode()


def fresh_database(base_url: str) -> str:
    if base_url.startswith(("postgres://", "postgresql://")):
        import psycopg2  # noqa: PLC0415

        parts = urlsplit(base_url)
        name = (parts.path.lstrip("/") or "inserm_portal") + "_import_load"
        admin = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
        admin.close()
        return urlunsplit(parts._replace(path=f"/{name}"))
    RESULTS.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        (RESULTS / f"import_load.sqlite3{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{RESULTS / 'import_load.sqlite3'}"


def send(editor: Editor, path: str, body: bytes | None = None, content_type: str | None = None):
    """(status, Location, page) of a request made with the editor's cookies."""
    headers = {"Referer": editor.base + path}
    if content_type:
        headers["Content-Type"] = content_type
    request = urllib.request.Request(editor.base + path, data=body, headers=headers)
    try:
        with editor.opener.open(request, timeout=60) as response:
            return response.status, response.headers.get("Location"), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location"), error.read().decode()


def upload(editor: Editor, data: bytes) -> str:
    _, _, page = send(editor, "/admin/units/site/import/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    boundary = secrets.token_hex(16)
    parts = [("csrfmiddlewaretoken", token), ("format", "0"), ("resource", "0")]
    body = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in parts
    )
    body += (
        f'--{boundary}\r\nContent-Disposition: form-data; name="import_file"; filename="sites.csv"\r\n'
        "Content-Type: text/csv\r\n\r\n"
    ).encode()
    body += data + f"\r\n--{boundary}--\r\n".encode()
    status, location, page = send(
        editor, "/admin/units/site/import/", body, f"multipart/form-data; boundary={boundary}"
    )
    if status != 302 or "/import/job/" not in (location or ""):
        raise SystemExit(f"the upload did not start a background job ({status}): {page[:500]}")
    return location


def wait_for_state(editor: Editor, job_path: str, states: set[str], limit: float) -> tuple[str, str]:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        _, _, page = send(editor, job_path)
        state = re.search(r'data-state="(\w+)"', page).group(1)
        if state in states:
            return state, page
        time.sleep(1)
    raise SystemExit(f"the job did not reach {states} within {limit} s")


def load_pages(base: str, connections: int, stop: threading.Event, totals: dict):
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    script.write_text(WRK_SCRIPT % ",".join(json.dumps(path) for path in PAGES))
    try:
        while not stop.is_set():
            output = subprocess.run(
                [
                    "wrk",
                    "--threads=2",
                    f"--connections={connections}",
                    "--duration=5s",
                    "--timeout=30s",
                    "--script",
                    str(script),
                    base,
                ],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            for status, count in re.findall(r" (\d+)=(\d+)", output.split("STATUSES", 1)[1].splitlines()[0]):
                totals["statuses"][status] = totals["statuses"].get(status, 0) + int(count)
            errors = re.search(r"Socket errors: (.*)", output)
            if errors:
                totals["socket_errors"].append(errors.group(1))
            latency = re.search(r"LATENCY p50=(\d+) p99=(\d+) max=(\d+)", output)
            totals["chunks"].append([int(value) / 1000 for value in latency.groups()])  # ms
    finally:
        script.unlink()


def save_sites(base: str, stop: threading.Event, saves: dict):
    """A second editor, adding a site through the admin every second."""
    editor = Editor(base)
    editor.form("/admin/login/?next=/admin/", {"username": "load-editor-2", "password": PASSWORD})
    number = 0
    while not stop.is_set():
        started = time.monotonic()
        slug = f"by-hand-{number}"
        status, _ = editor.form(
            "/admin/units/site/add/",
            {"name": f"Site {slug}", "slug": slug, "kind": "campus", "city": "Lyon", "region": "bretagne"},
        )
        saves["ok" if status == 302 else f"status {status}"] = (
            saves.get("ok" if status == 302 else f"status {status}", 0) + 1
        )
        saves["slowest"] = max(saves.get("slowest", 0), time.monotonic() - started)
        number += 1
        stop.wait(1)


def worker_peak_memory(server_pid: int) -> str:
    """The peak resident memory (VmHWM) of the worker that `make serve` started."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    family, grew = {server_pid}, True
    while grew:
        children = {pid for pid, parent in parents.items() if parent in family} - family
        family |= children
        grew = bool(children)
    for pid in family:
        try:
            if b"manage.py\x00db_worker" in Path(f"/proc/{pid}/cmdline").read_bytes():
                kilobytes = re.search(r"VmHWM:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text()).group(1)
                return f"{int(kilobytes) / 1024:.0f} MB"
        except OSError:
            continue
    return "?"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--limit", type=int, default=1800, help="seconds the import may take in all")
    args = parser.parse_args()
    port = free_port()
    database = fresh_database(os.environ.get("DATABASE_URL", ""))
    env = {
        **os.environ,
        "DATABASE_URL": database,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_HTTPS": "false",
        "DJANGO_STATIC_ROOT": tempfile.mkdtemp(prefix="import-load-static-"),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
    }
    manage = [PYTHON, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([*manage, "seed_demo", "--if-empty"], cwd=ROOT, env=env, check=True)
    editors = (
        "from django.contrib.auth.models import Group, User\n"
        "for name in ('load-editor', 'load-editor-2'):\n"
        "    u, _ = User.objects.get_or_create(username=name, defaults={'is_staff': True})\n"
        f"    u.set_password('{PASSWORD}'); u.save(); u.groups.add(Group.objects.get(name='Editors'))\n"
    )
    subprocess.run([*manage, "shell", "-c", editors], cwd=ROOT, env=env, check=True)
    log = (RESULTS / "import_load.log").open("w")  # the servers' and the worker's logs
    server = subprocess.Popen(["make", "serve", "DEPLOY_CHECK="], cwd=ROOT, env=env, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        else:
            raise SystemExit("make serve did not answer on /healthz")
        outcome = run(base, args, database, server.pid)
    finally:
        server.terminate()
        server.wait(timeout=60)
    print(json.dumps(outcome, indent=2))
    if set(outcome["page_statuses"]) - {"200"} or outcome["socket_errors"]:
        raise SystemExit("FAILED: a public page did not answer 200 during the import")
    if outcome["state"] != "done" or outcome["sites_imported"] != args.rows:
        raise SystemExit("FAILED: the import did not complete")
    print(f"OK: {args.rows:,} rows imported in the background; every public page answered 200")


def run(base, args, database, server_pid):
    editor = Editor(base)
    status, _ = editor.form("/admin/login/?next=/admin/", {"username": "load-editor", "password": PASSWORD})
    if status != 302:
        raise SystemExit(f"the editor could not log in ({status})")
    totals, saves, stop = {"statuses": {}, "socket_errors": [], "chunks": []}, {}, threading.Event()
    threads = [
        threading.Thread(target=load_pages, args=(base, args.connections, stop, totals)),
        threading.Thread(target=save_sites, args=(base, stop, saves)),
    ]
    for thread in threads:
        thread.start()
    try:
        time.sleep(5)  # the pages under load before the import starts
        started = time.monotonic()
        job = upload(editor, sites_csv(args.rows))
        uploaded = time.monotonic()
        state, page = wait_for_state(editor, job, {"checked", "refused"}, args.limit)
        checked = time.monotonic()
        if state != "checked":
            raise SystemExit(f"the file was refused: {page[:2000]}")
        _, _, page = send(editor, job)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        send(editor, job, f"csrfmiddlewaretoken={token}&confirm=1".encode(), "application/x-www-form-urlencoded")
        state, page = wait_for_state(editor, job, {"done", "failed", "refused"}, args.limit)
        finished = time.monotonic()
        time.sleep(5)  # and after it
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    memory = worker_peak_memory(server_pid)
    count = subprocess.run(
        [PYTHON, "manage.py", "shell", "--no-imports", "-c", COUNT],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database, "DJANGO_DEBUG": "true"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()[-1]
    written = re.findall(r"rows written in ([\d.]+) s", (RESULTS / "import_load.log").read_text())
    chunks = totals["chunks"]
    return {
        "database": database.split(":")[0],
        "rows": args.rows,
        "state": state,
        "result": re.sub(r"\s+", " ", re.search(r'class="import-result">(.*?)</p>', page, re.S).group(1))
        if state == "done"
        else page[:2000],
        "seconds_upload": round(uploaded - started, 1),
        "seconds_check": round(checked - uploaded, 1),
        "seconds_import": round(finished - checked, 1),
        "seconds_writing_in_one_transaction": float(written[-1]) if written else None,
        "sites_imported": int(count),
        "page_requests": sum(totals["statuses"].values()),
        "page_statuses": totals["statuses"],
        "socket_errors": totals["socket_errors"],
        "page_latency_ms_worst_chunk": {
            "p50": max(chunk[0] for chunk in chunks),
            "p99": max(chunk[1] for chunk in chunks),
            "max": max(chunk[2] for chunk in chunks),
        },
        "editor_saves": saves,
        "worker_peak_memory": memory,
    }


if __name__ == "__main__":
    main()
