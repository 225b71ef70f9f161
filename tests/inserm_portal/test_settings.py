"""Settings read from the environment, the health check, and static files with debug off.

These start real processes (manage.py, gunicorn) with a clean environment, the way
a server would, rather than re-importing the settings module in the test process.
"""

import json
import re
import subprocess

import pytest
from django.urls import reverse

from ..servers import PYTHON, ROOT, SETTINGS_VARIABLES, environment, fetch, free_port


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


@pytest.mark.parametrize(("value", "proxies"), [("false", 0), ("true", 1), ("2", 2)])
def test_behind_proxy_is_a_number_of_proxies_true_meaning_one(value, proxies):
    trusted, https_header = show_setting(
        "[settings.TRUSTED_PROXIES, getattr(settings, 'SECURE_PROXY_SSL_HEADER', None)]", DJANGO_BEHIND_PROXY=value
    )
    assert trusted == proxies
    assert https_header == (["HTTP_X_FORWARDED_PROTO", "https"] if proxies else None)


def test_an_unclear_proxy_count_is_refused():
    result = manage("check", DJANGO_BEHIND_PROXY="nginx")
    assert result.returncode != 0
    assert "DJANGO_BEHIND_PROXY must be true, false or a number of proxies, not 'nginx'" in result.stderr


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
    assert cache["BACKEND"] == "core.cache.FailSoftRedisCache"  # Django's, tolerant of Redis being away
    assert cache["LOCATION"] == "redis://127.0.0.1:6379/1"
    assert show_setting("settings.CACHES['default']['BACKEND']", REDIS_URL=None).endswith("LocMemCache")


def test_the_api_rate_limit_is_counted_where_every_worker_sees_it():
    # With Redis, in Redis, and like the pages while it does not answer (tests/api/test_throttling.py).
    same = "[settings.CACHES['throttle'][key] == settings.CACHES['default'][key] for key in ('BACKEND', 'LOCATION')]"
    assert show_setting(same, REDIS_URL="redis://127.0.0.1:6379/7") == [True, True]
    assert show_setting("settings.CACHES['throttle']['BACKEND']", REDIS_URL=None).endswith("DatabaseCache")


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


def test_debug_off_serves_the_admin_static_files_and_healthz(shared_production_server):
    base = shared_production_server

    assert fetch(f"{base}/healthz") == (200, b"ok\n")
    status, body = fetch(f"{base}/static/admin/css/base.css")
    assert status == 200 and b"body" in body
    status, page = fetch(f"{base}/admin/login/")
    assert status == 200
    # The login page links the hashed, cacheable copy of the stylesheet, which is served too.
    hashed = page.decode().split('href="/static/admin/css/base.')[1].split('"')[0]
    assert fetch(f"{base}/static/admin/css/base.{hashed}")[0] == 200


def test_healthz_answers_503_when_the_database_is_unreachable(shared_production_server, production_server):
    base = shared_production_server
    # Same server set-up, but pointing at a PostgreSQL port where nothing listens.
    down = production_server(migrate=False, DATABASE_URL=f"postgres://nobody@127.0.0.1:{free_port()}/none")
    assert fetch(f"{base}/healthz")[0] == 200
    assert fetch(f"{down}/healthz") == (503, b"database unavailable\n")
    # Pages say it will pass (503, come back in 30 s), not that something broke (500).
    for path in ("/en/partners/", "/fr/units/", "/api/v1/units/"):
        status, body = fetch(f"{down}{path}")
        assert status == 503, path
        assert "briefly unavailable" in body.decode()


def test_healthz_answers_503_when_redis_is_configured_but_unreachable(production_server):
    down = production_server(REDIS_URL=f"redis://127.0.0.1:{free_port()}/0")
    assert fetch(f"{down}/healthz") == (503, b"cache unavailable\n")


def test_the_admin_lives_where_the_environment_says():
    code = "from django.urls import reverse; print(reverse('admin:index'))"
    moved = manage("shell", "-c", code, DJANGO_ADMIN_PATH="/staff-7f3c/")
    assert moved.stdout.strip().splitlines()[-1] == "/staff-7f3c/", moved.stderr
    default = manage("shell", "-c", code)
    assert default.stdout.strip().splitlines()[-1] == "/admin/"


def test_staff_sessions_end_with_the_browser_and_after_eight_hours():
    assert show_setting("[settings.SESSION_EXPIRE_AT_BROWSER_CLOSE, settings.SESSION_COOKIE_AGE]") == [True, 8 * 3600]
    assert show_setting("settings.SESSION_COOKIE_AGE", SESSION_HOURS="2") == 7200


def test_every_command_names_the_missing_variable():
    result = manage("makemigrations", "--check", "--dry-run", DJANGO_SECRET_KEY=None)
    assert result.returncode == 1
    assert "Configuration error: DJANGO_SECRET_KEY is not set" in result.stderr
    assert "Models aren't loaded" not in result.stderr
