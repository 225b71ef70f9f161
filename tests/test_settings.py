"""Settings read from the environment, the health check, and static files with debug off.

These start real processes (manage.py, gunicorn) with a clean environment, the way
a server would, rather than re-importing the settings module in the test process.
"""

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.urls import reverse

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
    return env


def manage(*args, **variables) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=environment(**variables),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def show_setting(expression: str, **variables) -> object:
    code = f"import json; from django.conf import settings; print(json.dumps({expression}, default=str))"
    result = manage("shell", "-c", code, **variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_debug_off_without_secret_key_fails_naming_the_variable():
    result = manage("check", DJANGO_SECRET_KEY=None)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_an_ambiguous_debug_value_is_refused():
    result = manage("check", DJANGO_DEBUG="maybe")
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be true or false, not 'maybe'" in result.stderr


def test_debug_off_without_allowed_hosts_fails_naming_the_variable():
    result = manage("check", DJANGO_ALLOWED_HOSTS=None)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS is empty" in result.stderr


@pytest.mark.parametrize(("name", "value"), [("MANDATE_TERM_YEARS", "0"), ("MANDATE_EXPIRY_WARNING_MONTHS", "-3")])
def test_mandate_settings_must_be_positive(name, value):
    result = manage("check", **{name: value})
    assert result.returncode != 0
    assert f"{name} must be at least 1" in result.stderr


def test_https_is_the_default_with_debug_off():
    assert show_setting(
        "[settings.SECURE_SSL_REDIRECT, settings.SESSION_COOKIE_SECURE, settings.SECURE_HSTS_SECONDS]",
        DJANGO_HTTPS=None,
    ) == [True, True, 31536000]


def test_debug_on_runs_without_secret_key():
    assert manage("check", DJANGO_DEBUG="true", DJANGO_SECRET_KEY=None).returncode == 0


def test_allowed_hosts_come_from_the_environment():
    assert show_setting("settings.ALLOWED_HOSTS", DJANGO_ALLOWED_HOSTS="a.example, b.example") == [
        "a.example",
        "b.example",
    ]


def test_postgres_database_url():
    database = show_setting(
        "settings.DATABASES['default']", DATABASE_URL="postgres://portal:s3cret@db.example:5433/portal"
    )
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["NAME"], database["USER"], database["HOST"], database["PORT"]) == (
        "portal",
        "portal",
        "db.example",
        5433,
    )


def test_sqlite_database_url_and_default():
    database = show_setting("settings.DATABASES['default']", DATABASE_URL="sqlite:////srv/portal/data.sqlite3")
    assert (database["ENGINE"], database["NAME"]) == ("django.db.backends.sqlite3", "/srv/portal/data.sqlite3")
    default = show_setting("settings.DATABASES['default']", DATABASE_URL=None)
    assert default["NAME"] == str(ROOT / "db.sqlite3")


def test_redis_url_selects_the_redis_cache():
    cache = show_setting("settings.CACHES['default']", REDIS_URL="redis://127.0.0.1:6379/1")
    assert cache == {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:6379/1"}
    assert show_setting("settings.CACHES['default']['BACKEND']", REDIS_URL=None).endswith("LocMemCache")


def test_env_example_lists_every_variable_the_settings_read():
    listed = set(SETTINGS_VARIABLES)
    source = (ROOT / "inserm_portal" / "settings.py").read_text()
    read = set(re.findall(r'env(?:bool|int|list)?\("([A-Z_]+)"', source)) | set(
        re.findall(r'os\.environ\.get\("([A-Z_]+)"', source)
    )
    assert read <= listed, read - listed


@pytest.mark.django_db
def test_healthz_answers_when_the_database_answers(client):
    response = client.get(reverse("healthz"))
    assert (response.status_code, response.content) == (200, b"ok\n")
    assert "no-cache" in response["Cache-Control"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback only
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.fixture
def production_server(tmp_path):
    """gunicorn with debug off, static files collected, on a fresh SQLite file."""

    def start(migrate=True, **variables):
        env = environment(
            **{
                "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.sqlite3'}",
                "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
                "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
                **variables,
            }
        )
        commands = [["migrate", "--noinput"]] if migrate else []
        for command in [*commands, ["collectstatic", "--noinput"]]:
            subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True)
        port = free_port()
        server = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "1", "inserm_portal.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        servers.append(server)
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                return base
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start")

    servers = []
    yield start
    for server in servers:
        server.terminate()
        server.wait(timeout=10)


def test_debug_off_serves_the_admin_static_files_and_healthz(production_server):
    base = production_server()

    assert fetch(f"{base}/healthz") == (200, b"ok\n")
    status, body = fetch(f"{base}/static/admin/css/base.css")
    assert status == 200 and b"body" in body
    status, page = fetch(f"{base}/admin/login/")
    assert status == 200
    # The login page links the hashed, cacheable copy of the stylesheet, which is served too.
    hashed = page.decode().split('href="/static/admin/css/base.')[1].split('"')[0]
    assert fetch(f"{base}/static/admin/css/base.{hashed}")[0] == 200


def test_healthz_answers_503_when_the_database_is_unreachable(production_server):
    base = production_server()
    # Same server set-up, but pointing at a PostgreSQL port where nothing listens.
    down = production_server(migrate=False, DATABASE_URL=f"postgres://nobody@127.0.0.1:{free_port()}/none")
    assert fetch(f"{base}/healthz")[0] == 200
    assert fetch(f"{down}/healthz") == (503, b"database unavailable\n")
