"""Login lockouts (core/logins.py): a guessing run is stopped, but no one can lock
a known account for everyone from a few addresses; locked users are told when to try
again, owners are told of an account-wide lock, and staff can unlock from the admin."""

import base64
import datetime as dt

import pytest
import time_machine
from axes.models import AccessAttempt
from django.core import mail
from django.test import Client

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"  # noqa: S105 - a test account
NINE_IN_PARIS = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)  # 9:00 in Paris (winter time)


@pytest.fixture
def target(db):
    return UserFactory(username="target", password=PASSWORD, email="target@inserm.example")


@pytest.fixture
def colleague(db):
    return UserFactory(username="colleague", password=PASSWORD)


def login(address: str, username: str, password: str):
    client = Client(REMOTE_ADDR=address, HTTP_ACCEPT_LANGUAGE="en")
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password, "next": "/admin/"})


def test_any_number_of_failures_from_one_address_never_locks_the_account_for_another_address(target, colleague):
    for _ in range(100):
        login("203.0.113.9", "target", "wrong-password")
    for number in range(100):  # and across accounts, known or not
        login("203.0.113.9", f"user-{number}", "wrong-password")
    assert login("203.0.113.9", "target", PASSWORD).status_code == 429
    assert login("198.51.100.4", "target", PASSWORD).status_code == 302
    assert login("198.51.100.4", "colleague", PASSWORD).status_code == 302


def test_a_guessing_run_on_one_account_is_refused_until_the_time_it_is_given(target):
    with time_machine.travel(NINE_IN_PARIS, tick=False) as clock:
        for _ in range(9):
            assert login("203.0.113.9", "target", "wrong-password").status_code == 200
        locked = login("203.0.113.9", "target", "wrong-password")
        assert locked.status_code == 429
        page = locked.content.decode()
        assert "too many wrong passwords for this account from your address" in page
        assert "Try again at 09:15 (in 15 minutes)" in page
        assert login("203.0.113.9", "target", PASSWORD).status_code == 429  # a right guess is refused too

        clock.shift(dt.timedelta(minutes=14, seconds=30))  # refused tries did not push the time back
        assert "Try again at 09:15 (in 1 minute)" in login("203.0.113.9", "target", PASSWORD).content.decode()
        clock.shift(dt.timedelta(seconds=31))
        assert login("203.0.113.9", "target", PASSWORD).status_code == 302


def test_a_run_across_accounts_gets_the_address_refused(colleague):
    with time_machine.travel(NINE_IN_PARIS, tick=False):
        for number in range(29):
            assert login("203.0.113.9", f"user-{number}", "wrong-password").status_code == 200
        locked = login("203.0.113.9", "user-29", "wrong-password")
        assert locked.status_code == 429
        assert "Too many logins have failed from your address" in locked.content.decode()
        assert login("203.0.113.9", "colleague", PASSWORD).status_code == 429
        assert login("198.51.100.4", "colleague", PASSWORD).status_code == 302


def test_an_ipv6_client_counts_by_its_64_block_not_by_each_address(target):
    for host in range(1, 10):
        assert login(f"2001:db8:1:2::{host:x}", "target", "wrong-password").status_code == 200
    assert login("2001:db8:1:2:ffff::1", "target", "wrong-password").status_code == 429
    assert login("2001:db8:1:3::1", "target", PASSWORD).status_code == 302  # another block


def test_failures_from_many_addresses_lock_the_account_for_everyone_and_tell_its_owner(target, colleague):
    with time_machine.travel(NINE_IN_PARIS, tick=False) as clock:
        for host in range(1, 20):  # nineteen addresses: the owner still logs in
            assert login(f"203.0.113.{host}", "target", "wrong-password").status_code == 200
        assert login("198.51.100.4", "target", PASSWORD).status_code == 302
        assert not mail.outbox

        locked = login("203.0.113.20", "target", "wrong-password")  # the twentieth locks it
        assert locked.status_code == 429
        refused = login("198.51.100.4", "target", PASSWORD).content.decode()
        assert "it is locked for everyone" in refused
        assert "Try again at 09:15 (in 15 minutes)" in refused
        assert login("203.0.113.21", "target", "wrong-password").status_code == 429
        assert login("203.0.113.21", "colleague", PASSWORD).status_code == 302  # only that account

        [notice] = mail.outbox  # once, whatever the refused logins
        assert notice.to == ["target@inserm.example"]
        assert "target" in notice.subject and "20" in notice.subject
        assert "2 mars 2026 09:15" in notice.body  # in French, in Paris time

        clock.shift(dt.timedelta(minutes=15, seconds=1))
        assert login("198.51.100.4", "target", PASSWORD).status_code == 302


def test_staff_unlock_an_account_from_the_admin(target, admin_client):
    for _ in range(10):
        login("203.0.113.9", "target", "wrong-password")
    assert login("203.0.113.9", "target", PASSWORD).status_code == 429

    assert "/admin/axes/accessattempt/" in admin_client.get("/admin/").content.decode()
    listed = admin_client.get("/admin/axes/accessattempt/", {"q": "target"})
    assert "203.0.113.9" in listed.content.decode()
    attempts = [str(pk) for pk in AccessAttempt.objects.filter(username="target").values_list("pk", flat=True)]
    response = admin_client.post(
        "/admin/axes/accessattempt/", {"action": "delete_selected", "_selected_action": attempts, "post": "yes"}
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="target").exists()
    assert login("203.0.113.9", "target", PASSWORD).status_code == 302


def test_http_basic_on_the_api_is_not_a_login(editor, client):
    editor.set_password(PASSWORD)
    editor.save()
    wrong = "Basic " + base64.b64encode(b"editor:x").decode()
    for _ in range(10):
        assert client.get("/api/v1/categories/", HTTP_AUTHORIZATION=wrong).status_code == 200
    assert not AccessAttempt.objects.exists()  # not counted as failed logins
    right = "Basic " + base64.b64encode(f"editor:{PASSWORD}".encode()).decode()
    response = client.get("/api/v1/categories/", HTTP_AUTHORIZATION=right)
    assert not response.wsgi_request.user.is_authenticated  # nor taken as logins
    assert login("127.0.0.1", "editor", PASSWORD).status_code == 302
