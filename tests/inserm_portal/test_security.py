"""Secure defaults: headers on every kind of page, login throttling, escaping of hostile
names everywhere they appear, and no redirect or link leading off the site."""

import datetime as dt
import http.cookies
import secrets
import subprocess
import urllib.request

import pytest
import time_machine
from django.test import Client

from partners.models import Partner

from ..factories import PartnerFactory, UserFactory
from ..servers import PYTHON, ROOT, ProductionServers, environment

HOSTILE = '<script>alert("x")</script> O\'Neil; DROP TABLE partners_partner; --'
PASSWORD = "a-long-test-password"  # noqa: S105 - a test account


def headers_of(url: str) -> tuple[int, dict, list[str]]:
    """Status, headers and Set-Cookie lines, as a browser reaching us through a TLS proxy."""
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})  # noqa: S310 - loopback
    try:
        response = urllib.request.urlopen(request, timeout=60)  # noqa: S310 - loopback; a busy machine is slow
    except urllib.error.HTTPError as error:
        response = error
    return response.status, dict(response.headers), response.headers.get_all("Set-Cookie") or []


def test_deploy_checks_pass_with_production_settings():
    env = environment(
        DJANGO_ALLOWED_HOSTS="portal.example.org",
        DJANGO_HTTPS="true",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        REDIS_URL="redis://cache.internal:6379/0",  # several workers share it (see test_page_cache)
    )
    result = subprocess.run(
        [PYTHON, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def https_server(tmp_path_factory, collected_static, migrated_sqlite):
    """Production settings behind a TLS proxy: one server for every kind of page."""
    servers = ProductionServers(tmp_path_factory.mktemp("https-server"), collected_static, migrated_sqlite)
    yield servers.start(DJANGO_HTTPS="true", DJANGO_BEHIND_PROXY="true")
    servers.stop_all()


@pytest.mark.parametrize(
    "path", ["/en/partners/", "/admin/login/", "/en/no-such-page/"], ids=["public", "admin", "error"]
)
def test_every_kind_of_page_carries_the_security_headers(https_server, path):
    status, headers, cookies = headers_of(https_server + path)
    assert status == (404 if "no-such" in path else 200)
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    policy = headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    for line in cookies:  # the admin's CSRF cookie
        morsel = next(iter(http.cookies.SimpleCookie(line).values()))
        assert morsel["secure"] and morsel["httponly"], line


# --- login throttling --------------------------------------------------------------------------


def admin_login(client, username, password):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password, "next": "/admin/"})


@pytest.mark.django_db
def test_ten_wrong_passwords_lock_the_account_from_that_address_until_the_lock_expires():
    UserFactory(username="target", password=PASSWORD)
    UserFactory(username="colleague", password=PASSWORD)
    attacker = Client(HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR="203.0.113.9")
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        for _ in range(9):
            assert admin_login(attacker, "target", "wrong-password").status_code == 200  # the form, with its error
        locked = admin_login(attacker, "target", "wrong-password")  # the tenth locks it, from this address
        assert locked.status_code == 429
        assert "Too many failed logins" in locked.content.decode()
        assert "Try again at 10:15 (in 15 minutes)" in locked.content.decode()  # 9:00 UTC is 10:00 in Paris
        assert admin_login(attacker, "target", PASSWORD).status_code == 429  # the right password too, from here

        assert admin_login(Client(REMOTE_ADDR="198.51.100.4"), "target", PASSWORD).status_code == 302  # elsewhere
        assert admin_login(Client(REMOTE_ADDR="203.0.113.9"), "colleague", PASSWORD).status_code == 302  # others

        clock.shift(dt.timedelta(minutes=15, seconds=1))
        assert admin_login(attacker, "target", PASSWORD).status_code == 302


# --- escaping ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_hostile_names_are_shown_escaped_everywhere(client, admin_client):
    partner = PartnerFactory(name=HOSTILE, slug="hostile", description=HOSTILE, city=HOSTILE)
    pages = ["/en/partners/", "/en/partners/hostile/", f"/en/partners/?q={HOSTILE[:20]}", "/fr/"]
    for url in pages:
        page = client.get(url).content.decode()
        assert "<script>alert" not in page, url
    assert (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; O&#x27;Neil"
        in client.get("/en/partners/hostile/").content.decode()
    )
    admin_page = admin_client.get("/admin/partners/partner/").content.decode()
    assert "<script>alert" not in admin_page and "&lt;script&gt;alert" in admin_page
    admin_page = admin_client.get(f"/admin/partners/partner/{partner.pk}/change/").content.decode()
    assert "<script>alert" not in admin_page
    export = b"".join(client.get("/en/partners/export.csv").streaming_content).decode("utf-8-sig")
    assert HOSTILE.replace('"', '""') in export  # CSV quoting, as text; never HTML
    assert Partner.objects.filter(name=HOSTILE).exists()  # and the SQL fragment stayed text


# --- redirects and links off the site ----------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "/\\evil.example/", "http:evil.example"]
)
def test_login_never_sends_anyone_off_the_site(target):
    UserFactory(username="someone", password=PASSWORD)
    response = Client().post(
        "/admin/login/", {"username": "someone", "password": PASSWORD, "next": target, "this_is_the_login_form": 1}
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["//evil.example/", "/en//evil.example/", "/en/partners/?next=//evil.example"])
def test_the_language_switch_stays_on_the_site(client, path):
    response = client.get(path)
    for _code, _name, link in response.context["language_links"]:
        assert link.startswith("/") and not link.startswith("//") and not link.startswith("/\\"), link
