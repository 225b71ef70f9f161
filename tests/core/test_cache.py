"""Redis is optional at run time: while it does not answer, every page is served
(uncached), a warning is logged once a minute at most, and Redis is used again as soon as
it answers, without a restart."""

import logging
import shutil
import subprocess
import time

import pytest
import redis
from django.core.cache import caches

from core import cache as fail_soft
from core import page_cache

from ..factories import MandateFactory, PartnerFactory
from ..servers import fetch, free_port

pytestmark = pytest.mark.django_db


def closed_port_cache(settings):
    port = free_port()  # nothing listens there
    settings.REDIS_URL = f"redis://127.0.0.1:{port}/0"
    redis = {"BACKEND": "core.cache.FailSoftRedisCache", "LOCATION": settings.REDIS_URL}
    settings.CACHES = {"default": redis, "throttle": {**redis, "KEY_PREFIX": "throttle"}}  # as settings.py has them
    return caches["default"]


@pytest.fixture
def fresh_outage(monkeypatch):
    """A process that has not seen Redis fail yet."""
    monkeypatch.setattr(fail_soft, "outage", fail_soft.Outage())
    return fail_soft.outage


class RedisServer:
    """A redis-server of the test's own, which the test stops and starts again."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [shutil.which("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_timeout=1)
        for _ in range(600):  # 30 s at most, on a busy machine
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def redis_server():
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    server = RedisServer()
    server.start()
    yield server
    if server.process.poll() is None:
        server.stop()


def test_an_unreachable_redis_answers_as_an_empty_cache(settings, fresh_outage):
    cache = closed_port_cache(settings)
    assert cache.get("key", "default") == "default"
    assert cache.set("key", 1) is None
    assert cache.add("key", 1) is False
    assert cache.get_or_set("key", lambda: "computed") == "computed"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.reachable() is False


def test_public_pages_answer_uncached_while_redis_is_unreachable(client, settings, fresh_outage):
    closed_port_cache(settings)
    MandateFactory(unit__code="U1")
    PartnerFactory(slug="lyon")
    for path in ("/en/", "/fr/partners/", "/en/partners/lyon/", "/en/units/", "/en/units/U1/", "/en/sites/"):
        for _ in range(2):
            response = client.get(path)
            assert response.status_code == 200, path
            assert response.get("X-Page-Cache") != "hit"
    assert client.get("/en/no-such-page/").status_code == 404
    assert client.get("/en/units/export.csv").status_code == 200
    assert client.get("/api/v1/units/").status_code == 200


def test_a_warning_is_logged_once_a_minute_not_per_operation(settings, caplog, fresh_outage):
    cache = closed_port_cache(settings)
    with caplog.at_level(logging.WARNING, logger="core.cache"):
        for _ in range(50):
            fresh_outage.down_until = 0  # Redis tried every time, as after each retry delay
            cache.get("key")
        assert len(caplog.records) == 1
        assert "Redis does not answer" in caplog.records[0].getMessage()
        assert caplog.records[0].exc_info is None  # a line, not a traceback

        fresh_outage.last_warning -= fail_soft.WARNING_EVERY_SECONDS  # a minute later
        fresh_outage.down_until = 0
        cache.get("key")
    assert len(caplog.records) == 2
    assert "50 cache operations done without it" in caplog.records[1].getMessage()


def test_saving_records_while_redis_is_unreachable_logs_no_traceback(settings, caplog, fresh_outage):
    closed_port_cache(settings)
    with caplog.at_level(logging.WARNING):
        for _ in range(5):
            PartnerFactory()
    warnings = [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert len(warnings) == 1
    assert warnings[0].exc_info is None


def test_redis_is_used_again_when_it_answers_and_pages_edited_meanwhile_are_fresh(
    client, settings, redis_server, fresh_outage
):
    settings.REDIS_URL = redis_server.url
    settings.CACHES = {"default": {"BACKEND": "core.cache.FailSoftRedisCache", "LOCATION": redis_server.url}}
    partner = PartnerFactory(slug="lyon", name="Université de Lyon")
    client.get("/en/partners/lyon/")
    assert client.get("/en/partners/lyon/")["X-Page-Cache"] == "hit"

    redis_server.stop()
    assert client.get("/en/partners/lyon/").status_code == 200
    assert fresh_outage.down

    # A Redis that was only unreachable comes back with its pages: one edited meanwhile
    # must not be served from it.
    redis_server.start()
    fresh_outage.down_until = time.monotonic() + 3600  # still within the retry delay: not tried
    caches["default"].set("probe", 1)
    assert caches["default"].get("probe") is None
    partner.name = "Université Lyon 1"
    partner.save()  # its invalidation is lost: Redis is not tried yet
    fresh_outage.down_until = 0  # the retry delay is over
    page = client.get("/en/partners/lyon/")
    assert page["X-Page-Cache"] == "miss"
    assert "Université Lyon 1" in page.content.decode()
    assert client.get("/en/partners/lyon/")["X-Page-Cache"] == "hit"
    assert not fresh_outage.down


def test_redis_coming_back_makes_every_cached_page_stale(settings, redis_server, fresh_outage):
    settings.REDIS_URL = redis_server.url
    settings.CACHES = {"default": {"BACKEND": "core.cache.FailSoftRedisCache", "LOCATION": redis_server.url}}
    before = page_cache.generation()
    fresh_outage.failed(ConnectionError("a moment ago"))
    fresh_outage.down_until = 0
    assert page_cache.generation() != before


def test_a_server_with_redis_down_answers_every_kind_of_page(production_server):
    base = production_server(REDIS_URL=f"redis://127.0.0.1:{free_port()}/0", workers=2)
    for path in (
        "/en/",
        "/fr/partners/",
        "/en/units/",
        "/en/sites/",
        "/en/units/export.csv",
        "/fr/partners/export.csv",
        "/api/v1/units/",
        "/api/v1/categories/",
        "/api/schema/",
        "/api/docs/",
    ):
        status, _ = fetch(base + path)
        assert status == 200, path
    assert fetch(base + "/en/no-such-page/")[0] == 404
    assert fetch(base + "/admin/login/")[0] == 200
    assert fetch(base + "/healthz") == (503, b"cache unavailable\n")


def test_an_edit_within_the_retry_delay_still_makes_pages_stale(settings, redis_server, fresh_outage):
    # A process that only writes (the import worker) may make no other cache call later.
    settings.REDIS_URL = redis_server.url
    settings.CACHES = {"default": {"BACKEND": "core.cache.FailSoftRedisCache", "LOCATION": redis_server.url}}
    before = page_cache.generation()
    fresh_outage.down_until = time.monotonic() + 3600  # a failure a moment ago
    page_cache.invalidate()
    fresh_outage.down_until = 0
    assert page_cache.generation() != before
