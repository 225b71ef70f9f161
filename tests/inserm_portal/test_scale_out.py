"""Two application servers behind one load balancer share everything through PostgreSQL
and Redis: a login on one holds on the other, and an edit through one shows through the
other at once (the page cache and its generation live in Redis).

Runs in CI's PostgreSQL pass (against the machine's Redis); skipped on SQLite."""

import http.cookiejar
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection

from partners.models import Partner

from ..factories import PartnerFactory, UserFactory
from ..servers import redis_is_up

ROOT = Path(__file__).resolve().parents[2]

REDIS_URL = "redis://127.0.0.1:6379/15"  # a database of its own, emptied first
PASSWORD = "a-long-scale-out-password"  # noqa: S105 - a test account


pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="several servers share one PostgreSQL"),
    pytest.mark.skipif(not redis_is_up(REDIS_URL), reason="needs Redis on 127.0.0.1:6379"),
    pytest.mark.django_db(transaction=True),  # the servers see committed data only
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def two_servers(collected_static):
    redis.Redis.from_url(REDIS_URL).flushdb()
    db = connection.settings_dict
    database_url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_HTTPS": "false",
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "DJANGO_STATIC_ROOT": str(collected_static),
    }
    servers, bases = [], []
    for _ in range(2):
        port = free_port()
        servers.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "2",
                    "inserm_portal.wsgi",
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        bases.append(f"http://127.0.0.1:{port}")
    deadline = time.monotonic() + 120  # a loaded machine boots workers slowly
    for base in bases:
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=10)  # noqa: S310 - loopback
                break
            except OSError:
                time.sleep(0.1)
    yield bases
    for server in servers:
        server.terminate()
        server.wait(timeout=10)


class Browser:
    """Cookies kept across requests, whichever server answers; redirects not followed."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), self.NoRedirect())

    def request(self, url, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(url, data=body, headers={"Referer": url})  # noqa: S310 - loopback
        try:
            with self.opener.open(request, timeout=10) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()

    def csrf_token(self, page):
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def test_login_and_edits_hold_across_two_servers(reference_data, two_servers, production_password_hashers):
    one, two = two_servers  # the servers check passwords with the production hashers
    UserFactory(username="editor", password=PASSWORD, group="Editors")
    partner = PartnerFactory(slug="scale-out", name="Université de l'échelle")
    editor, visitor = Browser(), Browser()

    # Log in on the first server...
    _, _, page = editor.request(f"{one}/admin/login/")
    status, headers, _ = editor.request(
        f"{one}/admin/login/?next=/admin/",
        {"username": "editor", "password": PASSWORD, "csrfmiddlewaretoken": editor.csrf_token(page), "next": "/admin/"},
    )
    assert (status, headers.get("Location")) == (302, "/admin/")
    # ...and still be logged in on the second (sessions live in the database).
    status, _, page = editor.request(f"{two}/admin/partners/partner/")
    assert status == 200 and "Université de l&#x27;échelle" in page

    # A visitor's page is cached by the second server (in Redis)...
    assert visitor.request(f"{two}/en/partners/scale-out/")[0] == 200
    assert visitor.request(f"{two}/en/partners/scale-out/")[1]["X-Page-Cache"] == "hit"
    # ...the editor unpublishes the partner through the first server...
    status, _, _ = editor.request(
        f"{one}/admin/partners/partner/",
        {"action": "unpublish", "_selected_action": partner.pk, "csrfmiddlewaretoken": editor.csrf_token(page)},
    )
    assert status == 302
    assert not Partner.objects.get(pk=partner.pk).is_published
    # ...and the second server stops showing it at once.
    assert visitor.request(f"{two}/en/partners/scale-out/")[0] == 404
