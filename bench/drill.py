"""Fault drill (`make drill`): the portal under load while its cache and database go away.

Starts a PostgreSQL cluster and a Redis of its own on free loopback ports (so that the
machine's own are never touched), seeds the demo data, and serves it with `make serve`
(production settings, gunicorn's workers). Then, phase after phase, 64 clients load the
public pages with wrk while an editor adds sites through the admin:

    steady · Redis stopped · Redis started again · PostgreSQL stopped ·
    (PostgreSQL started again) steady again

It prints, for each phase, the requests made and the answers by kind (status codes, and
wrk's socket errors), the editor's writes acknowledged and whether each is found
afterwards, and the seconds the portal took to recover after each restart. It fails
(exit 1) if an acknowledged write is lost, if a public page answers anything but 200
while Redis is down or once everything is back, if any answer is a 500 (a database that
does not answer gives 503), or if the portal does not recover without a restart.

    make drill                       # or: .venv/bin/python bench/drill.py --phase-seconds 10
"""

import argparse
import glob
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
sys.path.insert(0, str(ROOT / "bench"))
from serve_load import PASSWORD, WRK_SCRIPT, Editor, free_port  # noqa: E402

PAGES = [
    "/en/",
    "/fr/partners/",
    "/en/partners/?category=higher-education",
    "/en/partners/?q=univ",
    "/en/units/",
    "/fr/units/?status=expiring",
    "/en/sites/",
    "/fr/sites/",
]
RECOVERY_LIMIT_SECONDS = 30  # longer than this, and the portal "needs a restart"
PHASES = ["steady", "Redis stopped", "Redis started again", "PostgreSQL stopped", "steady again"]


def as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL's tools refuse to run as root: run them as the postgres user then."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class Postgres:
    """A PostgreSQL cluster of the drill's own, in a temporary folder."""

    def __init__(self, folder: Path):
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
        if not found:
            raise SystemExit("PostgreSQL's server tools are missing (apt-get install postgresql)")
        self.bin = Path(found[-1]).parent
        self.data = folder / "pgdata"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/portal"
        folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres")
        run(
            as_postgres(
                [str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8"]
            )
        )

    def start(self):
        options = f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 -c fsync=off"
        log = str(self.data / "server.log")
        run(as_postgres([str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", log, "-w", "start"]))

    def stop(self):
        run(as_postgres([str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"]))

    def create_database(self):
        run(as_postgres([str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "portal"]))


class Redis:
    """A Redis of the drill's own, keeping nothing on disk (as the machine's)."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        wait_for(
            lambda: (
                subprocess.run(["redis-cli", "-p", str(self.port), "ping"], check=False, capture_output=True).returncode
                == 0
            )
        )

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


def run(command, **kwargs):
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, **kwargs)


def wait_for(condition, limit: float = 60) -> float:
    """Seconds until condition() is true; raises past `limit`."""
    start = time.monotonic()
    while time.monotonic() - start < limit:
        try:
            if condition():
                return time.monotonic() - start
        except OSError:
            pass
        time.sleep(0.1)
    raise TimeoutError


def get(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # loopback only
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


class Writer(threading.Thread):
    """An editor adding sites one after another; each 302 is a write acknowledged."""

    def __init__(self, base):
        super().__init__()
        self.editor = Editor(base)
        self.acknowledged, self.refused = [], {}
        self.stopping = threading.Event()
        self.run_id = secrets.token_hex(3)

    def run(self):
        number = 0
        while not self.stopping.is_set():
            number += 1
            slug = f"drill-{self.run_id}-{number}"
            try:
                kind = self.add_site(slug)
            except OSError as error:
                kind = type(error).__name__
            if kind == "acknowledged":
                self.acknowledged.append(slug)
            else:
                self.refused[kind] = self.refused.get(kind, 0) + 1
                time.sleep(0.2)

    def add_site(self, slug: str) -> str:
        """ "acknowledged", or what stopped the write: the form page's or the save's status."""
        path = "/admin/units/site/add/"
        status, page = self.editor.request(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or token is None:
            return f"form page {status}"
        fields = {"name": f"Site d'exercice {slug}", "slug": slug, "kind": "campus", "city": "Lyon"}
        fields.update(region="auvergne-rhone-alpes", latitude="", longitude="", csrfmiddlewaretoken=token.group(1))
        status, _ = self.editor.request(path, fields)
        return "acknowledged" if status == 302 else f"save {status}"


def load(base: str, seconds: int, connections: int) -> dict:
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    script.write_text(WRK_SCRIPT % ",".join(json.dumps(path) for path in PAGES))
    output = subprocess.run(
        ["wrk", "--threads=2", f"--connections={connections}", f"--duration={seconds}s", "--timeout=30s",
         "--script", str(script), base],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    script.unlink()
    statuses = output.split("STATUSES", 1)[1].split("\n", 1)[0]
    answers = {status: int(n) for status, n in re.findall(r"(\d+)=(\d+)", statuses)}
    for kind, n in re.findall(r"(connect|read|write|timeout) (\d+)", output):
        if int(n):
            answers[f"socket {kind}"] = int(n)
    return {"requests": int(re.search(r"(\d+) requests in", output).group(1)), "answers": answers}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--phase-seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args()
    for tool in ("wrk", "redis-server", "redis-cli"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is missing (apt-get install wrk redis-server)")

    folder = Path(tempfile.mkdtemp(prefix="portal-drill-"))
    folder.chmod(0o755)  # the postgres user keeps its cluster inside
    postgres, redis = Postgres(folder / "postgres"), Redis()
    server = None
    try:
        postgres.start()
        redis.start()
        postgres.create_database()
        port = free_port()
        env = {
            "PATH": os.environ["PATH"],
            "HOME": os.environ.get("HOME", ""),
            "DATABASE_URL": postgres.url,
            "REDIS_URL": redis.url,
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_HTTPS": "false",  # loopback: the TLS proxy is not part of the drill
            "DJANGO_STATIC_ROOT": str(folder / "static"),
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": "4",
        }
        manage = [PYTHON, "manage.py"]
        run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env)
        run([*manage, "seed_demo", "--if-empty"], cwd=ROOT, env=env)
        create_editor = (
            "from django.contrib.auth.models import Group, User;"
            "u = User.objects.create(username='load-editor', is_staff=True);"
            f"u.set_password('{PASSWORD}'); u.save(); u.groups.add(Group.objects.get(name='Editors'))"
        )
        run([*manage, "shell", "-c", create_editor], cwd=ROOT, env=env)
        # `make serve` as documented, but over plain HTTP on loopback: only the plain checks.
        server = subprocess.Popen(
            ["make", "serve", "DEPLOY_CHECK="], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        base = f"http://127.0.0.1:{port}"
        wait_for(lambda: get(base + "/healthz")[0] == 200, limit=120)
        outcome = drill(base, postgres, redis, args)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        if redis.process is not None and redis.process.poll() is None:
            redis.stop()
        subprocess.run(  # stopped already if it never started: nothing to say then
            as_postgres([str(postgres.bin / "pg_ctl"), "-D", str(postgres.data), "-m", "fast", "-w", "stop"]),
            check=False,
            capture_output=True,
        )
        shutil.rmtree(folder, ignore_errors=True)
    report(outcome)


def drill(base, postgres, redis, args) -> dict:
    writer = Writer(base)
    status, _ = writer.editor.form("/admin/login/?next=/admin/", {"username": "load-editor", "password": PASSWORD})
    if status != 302:
        raise SystemExit(f"the editor could not log in ({status})")
    writer.start()
    phases, recovery = {}, {}

    def cached_again():
        get(base + PAGES[0])
        return get(base + PAGES[0])[1].get("X-Page-Cache") == "hit"

    try:
        phases["steady"] = load(base, args.phase_seconds, args.connections)
        redis.stop()
        phases["Redis stopped"] = load(base, args.phase_seconds, args.connections)
        redis.start()
        recovery["Redis: /healthz 200"] = wait_for(lambda: get(base + "/healthz")[0] == 200, RECOVERY_LIMIT_SECONDS)
        recovery["Redis: pages cached again"] = wait_for(cached_again, RECOVERY_LIMIT_SECONDS)
        phases["Redis started again"] = load(base, args.phase_seconds, args.connections)
        postgres.stop()
        phases["PostgreSQL stopped"] = load(base, args.phase_seconds, args.connections)
        postgres.start()
        recovery["PostgreSQL: /healthz 200"] = wait_for(
            lambda: get(base + "/healthz")[0] == 200, RECOVERY_LIMIT_SECONDS
        )
        recovery["PostgreSQL: every page 200"] = wait_for(
            lambda: all(get(base + path)[0] == 200 for path in PAGES), RECOVERY_LIMIT_SECONDS
        )
        phases["steady again"] = load(base, args.phase_seconds, args.connections)
    except TimeoutError:
        recovery["timed out"] = RECOVERY_LIMIT_SECONDS
    finally:
        writer.stopping.set()
        writer.join()
    lost = [slug for slug in writer.acknowledged if get(f"{base}/en/sites/{slug}/")[0] != 200]
    return {
        "phases": phases,
        "recovery_seconds": {name: round(seconds, 1) for name, seconds in recovery.items()},
        "writes": {"acknowledged": len(writer.acknowledged), "not acknowledged": writer.refused, "lost": lost},
    }


def report(outcome: dict):
    print(f"{'phase':<22} {'requests':>9}  answers")
    for name, phase in outcome["phases"].items():
        answers = ", ".join(f"{kind}: {n}" for kind, n in sorted(phase["answers"].items(), key=str))
        print(f"{name:<22} {phase['requests']:>9}  {answers}")
    print("seconds to recover:", ", ".join(f"{k} {v}" for k, v in outcome["recovery_seconds"].items()))
    writes = outcome["writes"]
    print(
        f"writes: {writes['acknowledged']} acknowledged, {len(writes['lost'])} lost; "
        f"not acknowledged: {writes['not acknowledged'] or 'none'}"
    )
    problems = failures(outcome)
    for problem in problems:
        print("FAILED:", problem)
    if problems:
        raise SystemExit(1)
    print("OK: no acknowledged write lost, every page answered while Redis was down, recovered without a restart")


def failures(outcome: dict) -> list[str]:
    problems = []
    phases = outcome["phases"]
    if outcome["writes"]["lost"]:
        problems.append(f"acknowledged writes lost: {outcome['writes']['lost']}")
    if "timed out" in outcome["recovery_seconds"] or list(phases) != PHASES:
        problems.append(f"the portal did not recover within {RECOVERY_LIMIT_SECONDS} s without a restart")
    for name in ("steady", "Redis stopped", "Redis started again", "steady again"):
        other = {kind: n for kind, n in phases.get(name, {}).get("answers", {}).items() if kind != "200"}
        if other:
            problems.append(f"{name}: answers other than 200: {other}")
    for name, phase in phases.items():
        if phase["answers"].get("500"):
            problems.append(f"{name}: {phase['answers']['500']} server errors (500)")
    return problems


if __name__ == "__main__":
    main()
