"""`make serve` under load, with writes: no request may fail and no write may be lost.

Starts `make serve` (production settings) on the configured DATABASE_URL and REDIS_URL,
then for --duration seconds drives --connections clients over the public pages with wrk
while an editor adds sites through the admin, one after another. At the end every site
added must be in the database and on its public page, and wrk must count no error.
Run by CI against PostgreSQL and Redis:

    DATABASE_URL=postgres://… REDIS_URL=redis://… python bench/serve_load.py
"""

import argparse
import http.cookiejar
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
sys.path.insert(0, str(ROOT / "bench"))
from run import create_postgres_database, database_for_scale  # noqa: E402

PASSWORD = secrets.token_urlsafe(16)
# wrk counting the answers by status in each thread, added up in done(); then the latency.
WRK_SCRIPT = """
local paths = {%s}
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) statuses = {}; i = 0 end
function request() i = i %% #paths + 1; return wrk.format("GET", paths[i]) end
function response(status, headers, body) statuses[status] = (statuses[status] or 0) + 1 end
function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do total[status] = (total[status] or 0) + n end
  end
  io.write("STATUSES")
  for status, n in pairs(total) do io.write(" " .. status .. "=" .. n) end
  io.write(string.format("\\nLATENCY p50=%%d p99=%%d max=%%d\\n",
    latency:percentile(50), latency:percentile(99), latency.max))
end
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Editor:
    """An editor in a browser: cookies kept, redirects not followed."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), self.NoRedirect()
        )

    def request(self, path, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def form(self, path, fields):
        _, page = self.request(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        return self.request(path, {"csrfmiddlewaretoken": token, **fields})


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args()
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": load_database(os.environ.get("DATABASE_URL", "")),
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_HTTPS": "false",  # loopback: the TLS proxy is not part of this run
        "DJANGO_STATIC_ROOT": tempfile.mkdtemp(prefix="serve-static-"),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
    }
    manage = [PYTHON, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([*manage, "seed_demo", "--if-empty"], cwd=ROOT, env=env, check=True)
    create_editor = (
        "from django.contrib.auth.models import Group, User;"
        "u, _ = User.objects.get_or_create(username='load-editor', defaults={'is_staff': True});"
        f"u.set_password('{PASSWORD}'); u.save(); u.groups.add(Group.objects.get(name='Editors'))"
    )
    subprocess.run([*manage, "shell", "-c", create_editor], cwd=ROOT, env=env, check=True)
    # `make serve` as documented, but over plain HTTP on loopback: the deploy checks
    # would rightly refuse that, so only the plain checks run (the deploy checks are in
    # the test suite, tests/inserm_portal/test_security.py).
    server = subprocess.Popen(["make", "serve", "DEPLOY_CHECK="], cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit("make serve did not answer on /healthz")
        outcome = run_load(base, args)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(json.dumps(outcome, indent=2))
    if outcome["failed_requests"] or outcome["failed_writes"] or outcome["lost_writes"]:
        raise SystemExit("FAILED: requests failed or writes were lost")
    print(f"OK: {outcome['requests']} requests, {outcome['writes']} writes, nothing failed or lost")


def load_database(base_url: str) -> str:
    """A database of its own beside the configured one (created if missing), so a load run
    never touches real data: `<name>_load` on PostgreSQL, a file in bench/results/ otherwise."""
    if base_url.startswith(("postgres://", "postgresql://")):
        url = database_for_scale(base_url, 1).replace("_bench1", "_load")
        create_postgres_database(url)
        return url
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    return f"sqlite:///{ROOT / 'bench' / 'results' / 'load.sqlite3'}"


def run_load(base, args):
    editor = Editor(base)
    status, _ = editor.form("/admin/login/?next=/admin/", {"username": "load-editor", "password": PASSWORD})
    if status != 302:
        raise SystemExit(f"the editor could not log in ({status})")
    paths = [
        "/en/",
        "/fr/partners/",
        "/en/partners/?category=higher-education",
        "/en/partners/?q=univ",
        "/en/units/",
        "/fr/units/?status=expiring",
        "/en/sites/",
        "/en/partners/?page=3",
    ]
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    script.write_text(
        "local paths = {" + ",".join(json.dumps(p) for p in paths) + "}\nlocal i = 0\n"
        "request = function()\n  i = i % #paths + 1\n  return wrk.format('GET', paths[i])\nend\n"
    )
    written, failed_writes, stop = [], [], threading.Event()

    def write_sites():
        run_id = secrets.token_hex(3)
        while not stop.is_set():
            slug = f"load-{run_id}-{len(written) + len(failed_writes)}"
            status, _ = editor.form(
                "/admin/units/site/add/",
                {
                    "name": f"Site de charge {slug}",
                    "slug": slug,
                    "kind": "campus",
                    "city": "Lyon",
                    "region": "auvergne-rhone-alpes",
                    "latitude": "",
                    "longitude": "",
                },
            )
            (written if status == 302 else failed_writes).append(slug)

    writer = threading.Thread(target=write_sites)
    writer.start()
    output = subprocess.run(
        [
            "wrk",
            "--threads=2",
            f"--connections={args.connections}",
            f"--duration={args.duration}s",
            "--timeout=10s",
            "--script",
            str(script),
            base,
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    stop.set()
    writer.join()
    script.unlink()
    requests_done = int(re.search(r"(\d+) requests in", output).group(1))
    failed = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    failed += int(non_2xx.group(1)) if non_2xx else 0
    lost = [slug for slug in written if Editor(base).request(f"/en/sites/{slug}/")[0] != 200]
    return {
        "requests": requests_done,
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "failed_requests": failed,
        "writes": len(written),
        "failed_writes": len(failed_writes),
        "lost_writes": len(lost),
    }


if __name__ == "__main__":
    main()
