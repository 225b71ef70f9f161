"""Anonymous public pages come from the cache, per language, and are fresh after any edit;
logged-in users and per-visitor responses never go through it."""

import datetime as dt

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from inserm_portal.page_cache import AnonymousPageCacheMiddleware
from partners.models import Partner

from .admin_helpers import loaded_state
from .factories import MandateFactory, PartnerFactory

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
    unit = MandateFactory(unit__code="U1").unit  # Jan. 1, 2025 to Dec. 31, 2028
    assert "Jan. 1, 2029" not in client.get("/en/units/U1/").content.decode()
    MandateFactory(unit=unit, number=2, start=dt.date(2029, 1, 1))
    assert "Jan. 1, 2029" in client.get("/en/units/U1/").content.decode()


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
