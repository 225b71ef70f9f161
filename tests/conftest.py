import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache, caches
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.utils import translation
from pytest_django.plugin import blocking_manager_key

from core.roles import EDITORS, MANAGERS

from .factories import UserFactory
from .reference import restore_reference_data
from .servers import (  # noqa: F401 - fixtures for every test module
    collected_static,
    migrated_sqlite,
    production_server,
    shared_production_server,
)

# The factories' unit has a fixed term, 2025-01-01 to 2028-12-31 (see MandateFactory). Tests
# that need it renewable "today" run on this day, so that they pass in any year.
RENEWABLE_DAY = dt.date(2026, 11, 29)


# The hashers the portal's settings choose (Django's default), for a test that needs them.
PRODUCTION_PASSWORD_HASHERS = list(settings.PASSWORD_HASHERS)


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """MD5 for the session: the production hasher costs a good part of a second per
    password set or checked, in every test that makes a user. Servers started in other
    processes keep the production setting (a test logging in to one makes its user with
    `production_password_hashers`)."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture
def production_password_hashers(settings):
    settings.PASSWORD_HASHERS = PRODUCTION_PASSWORD_HASHERS


@pytest.fixture(autouse=True)
def _today(request):
    """`@pytest.mark.today` (RENEWABLE_DAY, or the day given) fixes today's date, the
    clock still running, for the code under test and the test alike."""
    marker = request.node.get_closest_marker("today")
    if marker is None:
        yield
        return
    day = marker.args[0] if marker.args else RENEWABLE_DAY
    with time_machine.travel(dt.datetime.combine(day, dt.time(12), tzinfo=ZoneInfo(settings.TIME_ZONE)), tick=True):
        yield


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # Tests render pages without running collectstatic first; the hashed-name
    # storage used with debug off is exercised by tests/inserm_portal/test_settings.py.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _empty_cache(settings):
    # A test's database is rolled back, not its cache: no page cached by one test (or
    # throttling count) may reach the next. Rate-limit counts, a database table without
    # Redis, are kept in memory here, where they can be emptied whether or not a test uses
    # the database (and committed rows of one test's counts cannot throttle the next);
    # tests/api/test_throttling.py starts real servers to test the table itself.
    settings.CACHES = {
        **settings.CACHES,
        "throttle": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "throttle"},
    }
    for each in (cache, caches["throttle"]):
        each.clear()
    yield
    for name in settings.CACHES:  # a test may have set caches of its own
        caches[name].clear()


@pytest.fixture(autouse=True)
def _english():
    # Tests compare messages word for word, in English unless they say otherwise.
    # (Requests choose their own language: tests send Accept-Language where it matters.)
    with translation.override("en"):
        yield


# Fixtures that start a server (gunicorn, Django's live server, Redis) or a browser: the
# tests that use them are `slow`, left out by make test-fast.
SERVER_FIXTURES = {
    "production_server",
    "shared_production_server",
    "https_server",
    "two_servers",
    "redis_server",
    "live_server",
    "browser",
}


def pytest_collection_modifyitems(items):
    """Tests that start servers or a browser are marked slow. The tests of a module that
    use `demo` run after its other tests: the demo data, loaded once for them, must not be
    there for the others."""
    # pytest-django has already put transactional tests last (they empty the tables that
    # migrations filled): only the runs of one module's tests are reordered, each kept in place.
    runs = []
    for item in items:
        if SERVER_FIXTURES & set(getattr(item, "fixturenames", ())) or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.slow)
        if runs and runs[-1][0] is item.module:
            runs[-1][1].append(item)
        else:
            runs.append((item.module, [item]))
    items[:] = [
        item for _module, run in runs for item in sorted(run, key=lambda i: "demo" in getattr(i, "fixturenames", ()))
    ]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo data (seed_demo), loaded once for the tests of a module that use it, in a
    transaction rolled back after the last of them (a test's own changes are rolled back
    after it, as usual, the `db` fixture's transaction being a savepoint within this one).
    Not for transactional tests: they empty the tables, and servers would not see the data."""
    outer = transaction.atomic()
    with django_db_blocker.unblock(), translation.override("en"):  # as within a test (_english)
        outer.__enter__()
        try:
            call_command("seed_demo", verbosity=0)
        except BaseException as error:  # never leave the transaction open for later tests
            outer.__exit__(type(error), error, error.__traceback__)
            raise
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


def empties_the_tables(item) -> bool:
    """Whether a test is transactional: pytest-django empties every table after it."""
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return bool(
        "transactional_db" in fixtures
        or "live_server" in fixtures
        or (marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test has emptied the tables, the rows of the data migrations
    (categories, roles) are put back for the tests that follow. pytest-django runs those
    tests last, but xdist (make test) runs each worker's files one after the other."""
    try:
        return (yield)
    finally:
        if nextitem is not None and empties_the_tables(item):  # the last test has no one to restore for
            with item.config.stash[blocking_manager_key].unblock():
                restore_reference_data()


@pytest.fixture
def reference_data(transactional_db):
    """For tests with committed data (servers in other processes see only those)."""
    restore_reference_data()


@pytest.fixture
def editor(db):
    return UserFactory(username="editor", group=EDITORS)


@pytest.fixture
def manager(db):
    return UserFactory(username="manager", group=MANAGERS)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


@pytest.fixture
def two_editors(db):
    """Two Editors, each in a browser of their own: alice and bruno."""
    clients = []
    for name in ("alice", "bruno"):
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(UserFactory(username=name, group=EDITORS))
        clients.append(client)
    return clients
