import pytest
from django.core.cache import cache
from django.utils import translation

from inserm_portal.roles import EDITORS, MANAGERS

from .factories import UserFactory
from .reference import restore_reference_data
from .servers import production_server  # noqa: F401 - a fixture for every test module


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # Tests render pages without running collectstatic first; the hashed-name
    # storage used with debug off is exercised by tests/test_settings.py.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _empty_cache():
    # A test's database is rolled back, not its cache: no page cached by one test
    # (or throttling count) may reach the next.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english():
    # Tests compare messages word for word, in English unless they say otherwise.
    # (Requests choose their own language: tests send Accept-Language where it matters.)
    with translation.override("en"):
        yield


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
