"""Public CSV exports stream, are kept until the next edit, and are limited per client address."""

import datetime as dt

import pytest
import time_machine
from django.test import Client

from partners.models import Partner

from ..factories import AgreementFactory, MandateFactory, PartnerFactory

pytestmark = pytest.mark.django_db

EXPORTS = ["/en/partners/export.csv", "/fr/units/export.csv?sort=-code", "/en/sites/export.csv"]


@pytest.fixture
def records():
    lyon = PartnerFactory(name="Université de Lyon", slug="lyon")
    PartnerFactory(name="HIDDEN-PARTNER draft", is_published=False, internal_notes="HIDDEN-NOTE")
    MandateFactory(unit__code="U1234", unit__internal_notes="HIDDEN-NOTE")
    MandateFactory(unit__code="U7777", unit__name="HIDDEN-UNIT", unit__is_published=False)
    AgreementFactory(title="HIDDEN-DRAFT", stage="draft", signed_on=None, partners=[lyon])
    return lyon


def download(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, url
    assert response.streaming, url  # streamed whether made now or kept
    return response, b"".join(response.streaming_content).decode("utf-8-sig")


@pytest.fixture
def throttle_in_memory(settings):
    # Without Redis, the limit is counted in a database table, as the API's: here in
    # memory, so that the queries counted are the export's own.
    settings.CACHES = {**settings.CACHES, "throttle": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.mark.parametrize("url", EXPORTS)
def test_a_second_export_is_the_kept_copy_without_a_query(
    client, records, url, throttle_in_memory, django_assert_num_queries
):
    first, made = download(client, url)
    assert first["X-Export-Cache"] == "miss"
    with django_assert_num_queries(0):  # no session; the copy and the count are in the cache
        second, kept = download(client, url)
    assert second["X-Export-Cache"] == "hit"
    assert kept == made and len(made.splitlines()) > 1
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Content-Disposition"] == first["Content-Disposition"]


def test_each_list_filter_order_and_language_has_its_own_copy(client, records):
    download(client, "/en/partners/export.csv")
    for url in ("/fr/partners/export.csv", "/en/partners/export.csv?q=lyon", "/en/partners/export.csv?sort=-name"):
        assert download(client, url)[0]["X-Export-Cache"] == "miss", url
    # What the list ignores (its page, an unknown parameter) is the same export.
    assert download(client, "/en/partners/export.csv?page=3&utm=x")[0]["X-Export-Cache"] == "hit"


def test_an_edit_makes_the_export_fresh_at_once(client, records):
    assert "Université de Lyon" in download(client, "/en/partners/export.csv")[1]
    Partner.objects.filter(pk=records.pk).update(name="Université Lyon 1")  # no signal: still the kept copy
    assert "Université de Lyon" in download(client, "/en/partners/export.csv")[1]
    records.name = "Université Lyon 1"
    records.save()
    response, text = download(client, "/en/partners/export.csv")
    assert response["X-Export-Cache"] == "miss"
    assert "Université Lyon 1" in text
    records.is_published = False
    records.save()
    assert "Université Lyon 1" not in download(client, "/en/partners/export.csv")[1]


def test_an_edit_made_while_an_export_streams_is_not_kept_stale(client, records):
    response = client.get("/en/partners/export.csv")
    chunks = iter(response.streaming_content)
    first = next(chunks)  # the rows' query has run
    records.is_published = False
    records.save()
    assert "Université de Lyon" in (first + b"".join(chunks)).decode()  # what it read before the edit
    response, text = download(client, "/en/partners/export.csv")
    assert response["X-Export-Cache"] == "miss"
    assert "Université de Lyon" not in text


def test_an_export_cut_short_or_too_large_is_not_kept(reference_data, client, records, settings):
    response = client.get("/en/partners/export.csv")
    next(iter(response.streaming_content))
    response.close()  # the client went away
    assert download(client, "/en/partners/export.csv")[0]["X-Export-Cache"] == "miss"
    settings.PUBLIC_EXPORT_CACHE_BYTES = 100
    assert download(client, "/en/units/export.csv")[0]["X-Export-Cache"] == "miss"
    assert download(client, "/en/units/export.csv")[0]["X-Export-Cache"] == "miss"


@pytest.fixture
def maker(reference_data, client, records):
    """A request making the directory's export: its rows read, the first chunk sent.
    (Closing a response ends its request, and with it the database connection, as a server
    does: the tests that close one need committed data.)"""
    response = client.get("/en/partners/export.csv")
    assert response["X-Export-Cache"] == "miss"
    chunks = iter(response.streaming_content)
    return response, chunks, next(chunks)


def test_a_request_for_an_export_being_made_waits_for_its_copy(maker, monkeypatch):
    response, chunks, first = maker
    made, waits = [], []

    def maker_finishes_meanwhile(seconds):
        waits.append(seconds)
        made.append(first + b"".join(chunks))  # the copy is stored as its last chunk goes
        response.close()

    monkeypatch.setattr("time.sleep", maker_finishes_meanwhile)
    waiter, text = download(Client(), "/en/partners/export.csv")
    assert waiter["X-Export-Cache"] == "hit"
    assert len(waits) == 1
    assert text == made[0].decode("utf-8-sig")


def test_a_waiting_request_makes_the_export_itself_when_the_maker_gives_up(maker, monkeypatch):
    response, _chunks, _first = maker
    monkeypatch.setattr("time.sleep", lambda seconds: response.close())  # its client went away
    waiter, text = download(Client(), "/en/partners/export.csv")
    assert waiter["X-Export-Cache"] == "miss"
    assert "Université de Lyon" in text


def test_a_response_closed_before_it_started_lets_the_next_request_make_the_export(
    reference_data, client, records, monkeypatch
):
    client.get("/en/partners/export.csv").close()  # a HEAD request, or a client gone at once
    monkeypatch.setattr("time.sleep", lambda seconds: pytest.fail("waited for an export nobody makes"))
    assert download(client, "/en/partners/export.csv")[0]["X-Export-Cache"] == "miss"


def test_exports_are_not_kept_when_the_page_cache_is_off(client, records, settings):
    settings.PAGE_CACHE_SECONDS = 0
    download(client, "/en/partners/export.csv")
    assert "X-Export-Cache" not in download(client, "/en/partners/export.csv")[0]


def test_exports_are_not_kept_in_the_memory_of_one_of_several_workers(client, records, settings):
    settings.REDIS_URL, settings.SERVER_PROCESSES = "", 3  # another worker could not make it stale
    download(client, "/en/partners/export.csv")
    assert "X-Export-Cache" not in download(client, "/en/partners/export.csv")[0]


@pytest.mark.parametrize("url", EXPORTS)
def test_drafts_and_unpublished_records_never_reach_an_export_made_or_kept(client, records, url):
    for _ in range(2):
        text = download(client, url)[1]
        for secret in ("HIDDEN", "7777"):
            assert secret not in text, url


def test_an_address_past_its_exports_a_minute_gets_429_until_the_minute_is_over(client, records, settings):
    settings.PUBLIC_EXPORT_RATE = "3/minute"
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        for url in ("/en/partners/export.csv", "/en/partners/export.csv", "/en/sites/export.csv"):
            download(client, url)  # a kept copy counts too
        refused = client.get("/en/partners/export.csv")
        assert refused.status_code == 429
        assert refused["Retry-After"] == "60"
        assert refused.text == "Too many exports from your address: try again in 60 seconds."
        assert refused["Content-Type"] == "text/plain; charset=utf-8"
        assert download(client, "/en/partners/export.csv", REMOTE_ADDR="192.0.2.7")  # another address
        assert client.get("/en/partners/export.csv", HTTP_X_FORWARDED_FOR="192.0.2.8").status_code == 429
        clock.shift(45)
        assert client.get("/en/sites/export.csv")["Retry-After"] == "15"
        clock.shift(16)
        download(client, "/en/partners/export.csv")


def test_logged_in_users_are_not_limited(editor_client, records, settings):
    settings.PUBLIC_EXPORT_RATE = "1/minute"
    for _ in range(3):
        download(editor_client, "/en/partners/export.csv")
    anonymous = Client()
    download(anonymous, "/en/partners/export.csv")
    assert anonymous.get("/en/partners/export.csv").status_code == 429
