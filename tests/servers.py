"""Real servers for tests: a clean environment and gunicorn with debug off."""

import http.client
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import redis

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

SETTINGS_VARIABLES = re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), flags=re.MULTILINE)


def environment(**variables) -> dict:
    """A minimal environment. Every portal variable is set, to "" when unset (None), so
    that a developer's .env file (which never overrides a set variable) cannot interfere."""
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "")}
    env.update(dict.fromkeys(SETTINGS_VARIABLES, ""))
    env.update(
        {
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "x" * 50,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_HTTPS": "false",
            "DATABASE_URL": "sqlite://:memory:",
        }
    )
    env.update({key: value or "" for key, value in variables.items()})
    if not env.get("WEB_CONCURRENCY"):
        del env["WEB_CONCURRENCY"]  # gunicorn reads it too, and refuses an empty value
    return env


def redis_is_up(url: str) -> bool:
    """Whether the machine's Redis answers (tests that need it are skipped otherwise)."""
    try:
        return redis.Redis.from_url(url, socket_timeout=1).ping()
    except redis.RedisError:
        return False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, bytes]:
    try:
        # A generous timeout: a busy machine answers slowly, and the time is not what is tested.
        with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - loopback only
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


class Server(str):
    """A running server's base URL, which can also run commands against its database."""

    env: dict

    def manage(self, *arguments: str) -> str:
        result = subprocess.run(
            [PYTHON, "manage.py", *arguments], cwd=ROOT, env=self.env, check=True, capture_output=True, text=True
        )
        return result.stdout

    def shell(self, code: str) -> str:
        """Run Python code in a Django shell with the server's settings (another process,
        so it shares the server's database and Redis, not its memory)."""
        return self.manage("shell", "--no-imports", "-c", code)


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)  # several workers end their requests first
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class ProductionServers:
    """Starts gunicorn with debug off, as production runs it, and stops what it started.

    Each server gets a SQLite file of its own, copied from one migrated once per session,
    and serves the static files collected once per session: migrate and collectstatic
    (which hashes every file) cost seconds per process, the same seconds each time."""

    def __init__(self, directory: Path, static_root: Path, migrated: Path):
        self.directory, self.static_root, self.migrated = directory, static_root, migrated
        self.processes: list[subprocess.Popen] = []

    def start(self, migrate=True, workers=None, **variables) -> Server:
        """With `workers`, started as `make serve` starts it (inserm_portal/gunicorn.conf.py);
        migrate=False leaves the database file empty (or the DATABASE_URL given alone)."""
        database = self.directory / f"portal-{len(self.processes)}.sqlite3"
        if migrate:
            shutil.copyfile(self.migrated, database)
        env = environment(
            **{
                "DATABASE_URL": f"sqlite:///{database}",
                "DJANGO_STATIC_ROOT": str(self.static_root),
                "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
                **variables,
            }
        )
        port = free_port()
        if workers is None:
            command = ["--bind", f"127.0.0.1:{port}", "--workers", "1", "inserm_portal.wsgi"]
        else:
            env.update(WEB_CONCURRENCY=str(workers), GUNICORN_BIND=f"127.0.0.1:{port}")
            command = ["inserm_portal.wsgi", "--config", "inserm_portal/gunicorn.conf.py"]
        server = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", *command],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.processes.append(server)
        base = Server(f"http://127.0.0.1:{port}")
        base.env = env
        # Ready when a worker answers (any status: /healthz says 503 when Redis is down),
        # not when the port opens: workers load Django after gunicorn binds it.
        deadline = time.monotonic() + 120  # a loaded machine boots workers slowly
        while time.monotonic() < deadline:
            if server.poll() is not None:
                break
            try:
                probe = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                probe.request("GET", "/healthz")  # any answer will do: a redirect to HTTPS too
                probe.getresponse()
                probe.close()
                return base
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start")

    def stop_all(self) -> None:
        for process in self.processes:
            stop(process)


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory) -> Path:
    """collectstatic, once per session (per xdist worker), for every production server."""
    root = tmp_path_factory.mktemp("static")
    env = environment(DJANGO_STATIC_ROOT=str(root))
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput"], cwd=ROOT, env=env, check=True, capture_output=True
    )
    return root


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory) -> Path:
    """A SQLite file migrated once per session: production servers each start on a copy."""
    path = tmp_path_factory.mktemp("migrated") / "portal.sqlite3"
    env = environment(DATABASE_URL=f"sqlite:///{path}")
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, check=True, capture_output=True)
    with sqlite3.connect(path) as database:  # the whole database in the one file, to copy
        database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def production_server(tmp_path, collected_static, migrated_sqlite):
    """Starts gunicorn with debug off on a fresh, migrated SQLite file: production_server(**environment)."""
    servers = ProductionServers(tmp_path, collected_static, migrated_sqlite)
    yield servers.start
    servers.stop_all()


@pytest.fixture(scope="session")
def shared_production_server(tmp_path_factory, collected_static, migrated_sqlite) -> Server:
    """One production server for the tests that only read from a default one."""
    servers = ProductionServers(tmp_path_factory.mktemp("shared-server"), collected_static, migrated_sqlite)
    yield servers.start()
    servers.stop_all()
