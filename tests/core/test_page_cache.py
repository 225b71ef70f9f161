"""Anonymous public pages come from the cache, per language, and are fresh after any edit;
logged-in users and per-visitor responses never go through it."""

import datetime as dt
import secrets
import subprocess
import threading

import pytest
import redis
from django.db import connection, connections, transaction
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from core import page_cache
from core.page_cache import AnonymousPageCacheMiddleware
from partners.models import Partner

from ..admin_helpers import loaded_state
from ..factories import MandateFactory, PartnerFactory
from ..servers import PYTHON, ROOT, environment, fetch, redis_is_up

REDIS_URL = "redis://127.0.0.1:6379/13"  # a database of its own, emptied first


def deploy_check(**variables):
    env = environment(
        DJANGO_ALLOWED_HOSTS="portal.example.org",
        DJANGO_HTTPS="true",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        **variables,
    )
    command = [PYTHON, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)


pytestmark = pytest.mark.django_db


@pytest.fixture
def partner():
    return PartnerFactory(name="Université de Lyon", slug="lyon")


def test_a_second_anonymous_visit_is_served_from_the_cache_without_a_query(client, partner):
    first = client.get("/en/partners/")
    assert first["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/en/partners/")
    assert second["X-Page-Cache"] == "hit"
    assert len(queries) == 0
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_each_language_and_query_has_its_own_entry(client, partner):
    client.get("/en/partners/")
    french = client.get("/fr/partners/")
    assert french["X-Page-Cache"] == "miss"
    assert "Partenaires" in french.content.decode()
    assert client.get("/en/partners/?q=lyon")["X-Page-Cache"] == "miss"


def test_an_admin_edit_shows_at_the_next_request(client, admin_client, partner):
    assert "Université de Lyon" in client.get("/en/partners/lyon/").content.decode()
    url = f"/admin/partners/partner/{partner.pk}/change/"
    form = admin_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        name="Université Lyon 1",
        country="FR",
        category=partner.category.pk,
        loaded_state=loaded_state(admin_client, url),
        parent="",
        **{"names-TOTAL_FORMS": "0", "names-INITIAL_FORMS": "0"},  # its dated names, left as they are
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    fresh = client.get("/en/partners/lyon/")
    assert fresh["X-Page-Cache"] == "miss"
    assert "Université Lyon 1" in fresh.content.decode()


def test_a_deleted_record_leaves_the_cached_list_at_once(client, partner):
    assert "Université de Lyon" in client.get("/en/partners/").content.decode()
    Partner.objects.get(pk=partner.pk).delete()
    assert "Université de Lyon" not in client.get("/en/partners/").content.decode()


def test_a_new_term_changes_the_unit_pages_at_once(client):
    unit = MandateFactory(unit__code="U1").unit  # 1 Jan 2025 to 31 Dec 2028
    assert "1 Jan 2029" not in client.get("/en/units/U1/").content.decode()
    MandateFactory(unit=unit, number=2, start=dt.date(2029, 1, 1))
    assert "1 Jan 2029" in client.get("/en/units/U1/").content.decode()


def test_a_logged_in_user_never_gets_the_cached_anonymous_page(client, editor_client, partner):
    anonymous = Client()
    anonymous.get("/en/partners/")
    assert anonymous.get("/en/partners/")["X-Page-Cache"] == "hit"
    response = editor_client.get("/en/partners/")
    assert "X-Page-Cache" not in response
    assert response.status_code == 200


def test_responses_that_set_a_cookie_are_not_cached():
    def view(request):
        response = HttpResponse("form with a CSRF token")
        response.set_cookie("csrftoken", "secret")
        return response

    middleware = AnonymousPageCacheMiddleware(view)
    request = RequestFactory().get("/en/partners/")
    assert "X-Page-Cache" not in middleware(request)
    assert "X-Page-Cache" not in middleware(RequestFactory().get("/en/partners/"))


def test_exports_errors_and_the_api_are_not_cached(client, partner):
    export = client.get("/en/partners/export.csv")
    b"".join(export.streaming_content)  # read to the end, as a browser would (it streams from a cursor)
    assert "X-Page-Cache" not in export
    assert "X-Page-Cache" not in client.get("/en/partners/no-such-partner/")
    assert "X-Page-Cache" not in client.get("/api/v1/partners/")


def unpublish_while_a_visitor_loads_the_page(path, record):
    """An editor unpublishes `record` in a transaction (as the admin saves) and, between
    the save and the commit, a visitor loads `path` (in another thread, another
    connection: the old data) — the moment when a page cache invalidated at the save
    stored the old page again, to be served long after the commit."""
    saved, visited = threading.Event(), threading.Event()

    def editor():
        try:
            with transaction.atomic():
                record.is_published = False
                record.save()
                saved.set()
                assert visited.wait(30)
        finally:
            connection.close()

    thread = threading.Thread(target=editor)
    thread.start()
    assert saved.wait(30)
    try:
        during = Client().get(path)
    finally:
        visited.set()
        thread.join(30)
        connections.close_all()
    return during


@pytest.mark.django_db(transaction=True)  # two connections, each seeing committed data only
@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="SQLite's shared in-memory test database locks readers out during a write"
)
def test_a_page_rendered_between_an_unpublish_and_its_commit_is_never_served_after_it():
    unit = MandateFactory(unit__code="U7").unit
    assert Client().get("/en/units/U7/").status_code == 200

    during = unpublish_while_a_visitor_loads_the_page("/en/units/U7/", unit)

    assert during.status_code == 200  # before the commit, the unit was still published
    after = Client().get("/en/units/U7/")
    assert after.status_code == 404
    assert "U7" not in Client().get("/en/units/").content.decode()


def test_a_transaction_saving_many_records_invalidates_after_its_commit_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        for _ in range(5):
            PartnerFactory()
    assert callbacks == [page_cache.invalidate]


def test_a_batch_invalidates_once_not_per_row(client, partner, monkeypatch):
    calls = []
    monkeypatch.setattr(page_cache, "invalidate", lambda: calls.append(1))
    with page_cache.batch():
        for _ in range(20):
            PartnerFactory()
    assert len(calls) == 1


def unpublished_everywhere(server, path, code):
    """Load a unit's page often enough for every worker to have it, unpublish the unit
    from another process, then load it again: no worker may serve it."""
    for _ in range(12):
        assert fetch(server + path)[0] == 200
    server.shell(
        "from units.models import ResearchUnit\n"
        f"unit = ResearchUnit.objects.get(code={code!r})\n"
        "unit.is_published = False\n"
        "unit.save()\n"
    )
    return [fetch(server + path)[0] for _ in range(12)]


SEED_UNIT = "from tests.factories import MandateFactory\nMandateFactory(unit__code='U9')\n"


def test_after_an_unpublish_no_worker_serves_the_page_without_redis(production_server):
    server = production_server(workers=2)
    server.shell(SEED_UNIT)
    assert set(unpublished_everywhere(server, "/en/units/U9/", "U9")) == {404}


@pytest.mark.skipif(not redis_is_up(REDIS_URL), reason="needs Redis on 127.0.0.1:6379")
def test_after_an_unpublish_no_worker_serves_the_page_with_redis(production_server):
    redis.Redis.from_url(REDIS_URL).flushdb()
    server = production_server(workers=2, REDIS_URL=REDIS_URL)
    server.shell(SEED_UNIT)
    assert set(unpublished_everywhere(server, "/en/units/U9/", "U9")) == {404}


def test_deploy_checks_warn_that_pages_go_uncached_without_a_shared_cache():
    warned = deploy_check(REDIS_URL=None)
    assert "core.W001" in warned.stdout + warned.stderr
    assert "will not be cached" in warned.stdout + warned.stderr
    assert deploy_check(REDIS_URL=None, PAGE_CACHE_SECONDS="0").returncode == 0  # uncached, knowingly
    assert deploy_check(REDIS_URL="redis://cache.internal:6379/0").returncode == 0


def test_the_servers_count_the_import_worker_as_a_process_that_writes():
    # gunicorn's workers, plus `make serve`'s import worker: one worker alone is not alone.
    config = (ROOT / "inserm_portal" / "gunicorn.conf.py").read_text()
    scope = {}
    exec(compile(config, "gunicorn.conf.py", "exec"), scope)  # noqa: S102 - the project's own file
    assert scope["raw_env"] == [f"SERVER_PROCESSES={scope['workers'] + 1}"]
    assert "SERVER_PROCESSES=2 $(PY) manage.py runserver" in (ROOT / "Makefile").read_text()


def test_a_large_kept_value_is_read_from_memory_until_the_next_edit(db, settings):
    settings.SERVER_PROCESSES = 1
    computed = []

    def compute():
        computed.append(1)
        return {"words": len(computed)}

    first = page_cache.in_memory_until_next_edit("test-vocabulary", compute)
    # The same object, not a copy unpickled from the cache: no cost per read.
    assert page_cache.in_memory_until_next_edit("test-vocabulary", compute) is first
    assert len(computed) == 1
    PartnerFactory()  # an edit: the generation moves on
    assert page_cache.in_memory_until_next_edit("test-vocabulary", compute) == {"words": 2}


def test_a_large_value_is_not_kept_where_processes_do_not_share_a_cache(db, settings):
    settings.SERVER_PROCESSES, settings.REDIS_URL = 3, ""
    computed = []
    for _ in range(2):
        page_cache.in_memory_until_next_edit("test-unshared", lambda: computed.append(1))
    assert len(computed) == 2
