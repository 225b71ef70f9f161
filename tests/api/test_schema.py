"""The OpenAPI schema: every request gets it, the first ones of a fresh server included,
in the language asked for."""

import threading
import urllib.error
import urllib.request

import pytest


def get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - loopback only
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_the_first_requests_to_a_fresh_server_all_get_the_schema(production_server):
    # drf-spectacular builds the schema in each request; threads that built it at once in a
    # fresh worker failed (500) three times out of three. One worker, 16 threads.
    base = production_server(GUNICORN_CMD_ARGS="--threads 16")
    barrier = threading.Barrier(16)
    statuses = []

    def fetch_schema():
        barrier.wait()
        statuses.append(get(f"{base}/api/schema/?format=json"))

    threads = [threading.Thread(target=fetch_schema) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert statuses == [200] * 16


@pytest.mark.django_db
def test_the_schema_is_written_in_the_language_asked_for(client):
    def kind_description(**headers) -> str:
        schema = client.get("/api/schema/?format=json", **headers).json()
        parameters = schema["paths"]["/api/v1/agreements/"]["get"]["parameters"]
        return next(parameter["description"] for parameter in parameters if parameter["name"] == "kind")

    assert "Framework agreement" in kind_description(HTTP_ACCEPT_LANGUAGE="en")
    assert "Accord-cadre" in kind_description(HTTP_ACCEPT_LANGUAGE="fr")
    assert "Framework agreement" in kind_description(HTTP_ACCEPT_LANGUAGE="en")  # each kept apart
    assert "Accord-cadre" in client.get("/api/schema/?format=json&lang=fr").text
    assert "/api/schema/" not in client.get("/api/schema/?format=json").json()["paths"]  # it describes the API only
    # An unknown language is the browser's (or the default) language, not one more schema.
    assert "Framework agreement" in client.get("/api/schema/?format=json&lang=xx", HTTP_ACCEPT_LANGUAGE="en").text
