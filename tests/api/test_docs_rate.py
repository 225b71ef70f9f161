"""The API's description (its schema's, shown at the head of /api/docs/) states the rate
anonymous clients are held to, as the settings give it (API_ANON_RATE): the very rate the
throttle applies, not the name of the setting."""

import pytest


@pytest.fixture(autouse=True)
def english(settings):
    """The messages compared are the English ones (the API speaks the client's language)."""
    settings.LANGUAGE_CODE = "en"


pytestmark = pytest.mark.django_db


def description(client, **query) -> str:
    return client.get("/api/schema/", {"format": "json", **query}).json()["info"]["description"]


def test_the_description_states_the_default_rate(client):
    text = description(client)
    assert "Anonymous clients may make 120 requests a minute; beyond it, 429 with Retry-After." in text
    assert "API_ANON_RATE" not in text


@pytest.mark.parametrize(
    ("rate", "words"),
    [("7/hour", "7 requests an hour"), ("1/day", "1 request a day"), ("30/s", "30 requests a second")],
)
def test_the_description_follows_the_setting(client, settings, rate, words):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": rate}}
    assert f"Anonymous clients may make {words};" in description(client)  # (the one request of 1/day)


def test_the_rate_stated_is_the_rate_applied(client, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "4/minute"}}
    assert "4 requests a minute" in description(client)  # one request of the four
    statuses = [client.get("/api/v1/categories/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_without_a_rate_the_description_says_there_is_no_limit(client, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": None}}
    assert "Anonymous clients are not limited." in description(client)
    assert all(client.get("/api/v1/categories/").status_code == 200 for _ in range(130))


def test_the_docs_page_reads_that_schema(client):
    script = client.get("/api/docs/", {"script": ""}).content.decode()
    assert '"/api/schema/"' in script
