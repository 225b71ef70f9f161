"""`manage.py demo_users`: the demo logins make run prints."""

import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.urls import reverse

from core.roles import EDITORS, MANAGERS

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


def log_in(username, password):
    """What the login form does (django-axes, which throttles logins, wants the request)."""
    return authenticate(RequestFactory().post("/admin/login/"), username=username, password=password)


def run(**options) -> dict:
    out = io.StringIO()
    call_command("demo_users", stdout=out, **options)
    lines = [line.split() for line in out.getvalue().splitlines() if line.startswith("  ")]
    return {words[0]: words[1] for words in lines}


def test_prints_working_logins_with_their_roles(settings):
    settings.DEBUG = True
    passwords = run(host="127.0.0.1:8001")

    admin = log_in("admin", passwords["admin"])
    editor = log_in("editor", passwords["editor"])
    manager = log_in("manager", passwords["manager"])
    assert admin.is_superuser
    assert [g.name for g in editor.groups.all()] == [EDITORS] and not editor.is_superuser
    assert [g.name for g in manager.groups.all()] == [MANAGERS]


def test_a_second_run_gives_new_passwords(settings):
    settings.DEBUG = True
    first, second = run(), run()
    assert first["admin"] != second["admin"]
    assert log_in("admin", first["admin"]) is None


def test_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG is off"):
        call_command("demo_users")


def test_demo_users_give_a_superuser_that_can_log_in(client):
    """make run prints the demo superuser's generated password: it must work."""
    out = io.StringIO()
    call_command("demo_users", "--allow-without-debug", stdout=out)
    password = next(line.split()[1] for line in out.getvalue().splitlines() if line.strip().startswith("admin "))
    assert client.login(request=RequestFactory().post("/"), username="admin", password=password)
    assert client.get(reverse("admin:index")).status_code == 200
    assert UserFactory._meta.model.objects.get(username="admin").is_superuser
