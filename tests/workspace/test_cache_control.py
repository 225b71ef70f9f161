"""No workspace answer is kept by a browser or a proxy: they hold drafts and internal notes."""

import pytest
from django.urls import reverse

from workspace.urls import urlpatterns

from ..factories import MandateFactory

pytestmark = [pytest.mark.django_db, pytest.mark.today]  # the factories' unit may be renewed


def workspace_urls(unit) -> list[str]:
    """Every URL of the workspace, from its URL patterns: one added later is checked too."""
    return [
        reverse(f"workspace:{pattern.name}", kwargs={"pk": unit.pk} if "pk" in pattern.pattern.converters else {})
        for pattern in urlpatterns
    ]


def assert_not_stored(response, url):
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    assert {"private", "no-store"} <= directives, (url, response.get("Cache-Control"))
    if response.streaming:
        b"".join(response.streaming_content)


@pytest.fixture
def unit():
    return MandateFactory(unit__internal_notes="A note for staff only").unit


def test_every_workspace_page_and_export_is_private_and_not_stored(editor_client, unit):
    urls = workspace_urls(unit)
    assert {url.rsplit("/", 1)[-1] for url in urls} >= {"export.csv", "export.xlsx"}
    for url in [*urls, reverse("workspace:dashboard") + "?status=renewable"]:
        response = editor_client.get(url)
        assert response.status_code == 200, url
        assert_not_stored(response, url)


def test_the_login_redirect_is_not_stored_either(client, unit):
    for url in workspace_urls(unit):
        response = client.get(url)
        assert response.status_code == 302, url
        assert_not_stored(response, url)


def test_the_renew_pages_and_their_answers_are_not_stored(editor_client, unit):
    workspace_page = reverse("workspace:renew", args=[unit.pk])
    renewed = editor_client.post(workspace_page, {"version": unit.version})
    assert renewed.status_code == 302
    assert_not_stored(renewed, workspace_page)
    admin_page = reverse("admin:units_researchunit_renew", args=[unit.pk])
    response = editor_client.get(admin_page)
    assert response.status_code == 200
    assert_not_stored(response, admin_page)
