"""The API's rate limit (api/throttling.py) holds whatever X-Forwarded-For says and
whichever worker answers."""

import random
import subprocess
import time
import urllib.request

import pytest
import redis

from core import cache as fail_soft

from ..servers import PYTHON, ROOT, environment, fetch, free_port, redis_is_up

REDIS_URL = "redis://127.0.0.1:6379/7"  # a database of its own, emptied first


def random_address() -> str:
    return ".".join(str(random.randint(1, 254)) for _ in range(4))


@pytest.mark.django_db
def test_a_new_forged_x_forwarded_for_on_each_request_does_not_escape_the_limit(client):
    statuses = [
        client.get("/api/v1/categories/", HTTP_X_FORWARDED_FOR=random_address()).status_code for _ in range(130)
    ]
    assert statuses == [200] * 120 + [429] * 10  # API_ANON_RATE: 120 a minute


@pytest.mark.django_db
def test_behind_a_trusted_proxy_each_client_is_counted_by_its_own_address(client, settings):
    settings.TRUSTED_PROXIES = 1
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "3/minute"}}

    def status(forwarded):
        return client.get("/api/v1/categories/", HTTP_X_FORWARDED_FOR=forwarded).status_code

    assert [status(f"{random_address()}, 198.51.100.1") for _ in range(4)] == [200, 200, 200, 429]
    assert status("198.51.100.1, 198.51.100.2") == 200  # another client, whatever it wrote first


@pytest.mark.django_db
def test_while_redis_does_not_answer_the_api_answers_uncounted_with_a_warning(client, settings, monkeypatch, caplog):
    monkeypatch.setattr(fail_soft, "outage", fail_soft.Outage())  # a process that has not seen Redis fail yet
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "3/minute"}}
    closed = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    settings.CACHES = {
        **settings.CACHES,
        "throttle": {"BACKEND": "core.cache.FailSoftRedisCache", "LOCATION": closed},
    }
    assert [client.get("/api/v1/categories/").status_code for _ in range(5)] == [200] * 5
    assert "Redis does not answer" in caplog.text


@pytest.fixture
def two_servers(tmp_path):
    """Two gunicorn processes on one database, as two workers are: each has its own memory."""
    processes = []

    def start(**variables):
        database = f"sqlite:///{tmp_path / 'portal.sqlite3'}"
        env = environment(DATABASE_URL=database, **variables)
        subprocess.run(
            [PYTHON, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, check=True, capture_output=True
        )
        ports = [free_port(), free_port()]
        for port in ports:
            command = [PYTHON, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "1", "inserm_portal.wsgi"]
            processes.append(
                subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            )
        bases = [f"http://127.0.0.1:{port}" for port in ports]
        for base in bases:  # the first answer waits for the worker to start (a few seconds)
            for _ in range(60):
                try:
                    urllib.request.urlopen(f"{base}/healthz", timeout=30).close()  # noqa: S310 - loopback
                    break
                except OSError:
                    time.sleep(0.5)
        return bases

    yield start
    for process in processes:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.mark.parametrize(
    "redis_url",
    [
        pytest.param("", id="database"),
        pytest.param(
            REDIS_URL,
            id="redis",
            marks=pytest.mark.skipif(not redis_is_up(REDIS_URL), reason="needs Redis on 127.0.0.1:6379"),
        ),
    ],
)
def test_the_limit_holds_across_server_processes(two_servers, redis_url):
    if redis_url:
        redis.Redis.from_url(redis_url).flushdb()
    servers = two_servers(API_ANON_RATE="4/minute", REDIS_URL=redis_url)
    statuses = [fetch(f"{servers[number % 2]}/api/v1/categories/")[0] for number in range(8)]
    assert statuses == [200] * 4 + [429] * 4
