"""Garbage in the workspace's query strings gets an answer, never a server error."""

import pytest
from django.test import Client
from django.urls import reverse

from ..factories import MandateFactory, UserFactory

pytestmark = pytest.mark.django_db

GARBAGE = [
    {"expires_before": "2026-02-30"},
    {"expires_before": "yesterday"},
    {"page": "99999999999999999999"},
    {"page": "-3"},
    {"sort": "password"},
    {"mine": "maybe"},
    {"renewal": "both"},
    {"published": "x"},
    {"q": "\x00"},
    {"site": "\x00"},
    {"q": "a" * 10_000},
    {"status": "<script>alert(1)</script>"},
]
URLS = ["workspace:dashboard", "workspace:export_csv", "workspace:export_xlsx"]


@pytest.mark.parametrize("query", GARBAGE, ids=lambda q: repr(q)[:25])
def test_the_workspace_survives_garbage(query):
    MandateFactory()
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(group="Managers"))
    for name in URLS:
        response = client.get(reverse(name), query)
        assert response.status_code in (200, 400), (name, query)
        if response.streaming:
            b"".join(response.streaming_content)
    page = client.get(reverse("workspace:dashboard"), query)
    assert "<script>alert(1)</script>" not in page.text


def test_renewing_an_unknown_unit_is_a_404():
    client = Client()
    client.force_login(UserFactory(group="Editors"))
    assert client.get(reverse("workspace:renew", args=[999999])).status_code == 404
