"""`manage.py demo_users`: the demo logins make run prints."""

import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from inserm_portal.roles import EDITORS, MANAGERS

pytestmark = pytest.mark.django_db


def run(**options) -> dict:
    out = io.StringIO()
    call_command("demo_users", stdout=out, **options)
    lines = [line.split() for line in out.getvalue().splitlines() if line.startswith("  ")]
    return {words[0]: words[1] for words in lines}


def test_prints_working_logins_with_their_roles(settings):
    settings.DEBUG = True
    passwords = run(host="127.0.0.1:8001")

    admin = authenticate(username="admin", password=passwords["admin"])
    editor = authenticate(username="editor", password=passwords["editor"])
    manager = authenticate(username="manager", password=passwords["manager"])
    assert admin.is_superuser
    assert [g.name for g in editor.groups.all()] == [EDITORS] and not editor.is_superuser
    assert [g.name for g in manager.groups.all()] == [MANAGERS]


def test_a_second_run_gives_new_passwords(settings):
    settings.DEBUG = True
    first, second = run(), run()
    assert first["admin"] != second["admin"]
    assert authenticate(username="admin", password=first["admin"]) is None


def test_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG is off"):
        call_command("demo_users")
