"""Structured request logs on stdout: one JSON object a line, with the fields operators
filter on; server errors with their traceback, never shown to the visitor."""

import json
import logging

import pytest

from core.logs import JsonFormatter
from partners import views

pytestmark = pytest.mark.django_db


def test_each_request_is_logged_once_with_its_fields(client, editor, caplog):
    caplog.set_level(logging.INFO, logger="inserm_portal.requests")
    client.get("/en/partners/")
    client.force_login(editor)
    client.get("/manage/")
    records = [r for r in caplog.records if r.name == "inserm_portal.requests"]
    assert [(r.method, r.path, r.status) for r in records] == [("GET", "/en/partners/", 200), ("GET", "/manage/", 200)]
    assert records[0].user_id is None and records[1].user_id == editor.pk
    assert all(isinstance(r.duration_ms, float) for r in records)
    line = json.loads(JsonFormatter().format(records[1]))
    assert {key: line[key] for key in ("method", "path", "status", "user_id")} == {
        "method": "GET",
        "path": "/manage/",
        "status": 200,
        "user_id": editor.pk,
    }


def test_a_server_error_is_logged_with_its_traceback_and_hidden_from_the_visitor(client, caplog, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(views.PartnerListView, "get", broken)
    client.raise_request_exception = False
    response = client.get("/en/partners/")
    assert response.status_code == 500
    assert "database on fire" not in response.content.decode()
    [error] = [r for r in caplog.records if r.name == "django.request"]
    line = json.loads(JsonFormatter().format(error))
    assert line["level"] == "ERROR"
    assert "RuntimeError: database on fire" in line["traceback"]


@pytest.mark.parametrize(("proxies", "logged"), [(0, "127.0.0.1"), (1, "198.51.100.4")])
def test_the_client_address_is_read_from_x_forwarded_for_only_behind_a_trusted_proxy(
    client, caplog, settings, proxies, logged
):
    settings.TRUSTED_PROXIES = proxies
    caplog.set_level(logging.INFO, logger="inserm_portal.requests")
    client.get("/en/partners/", HTTP_X_FORWARDED_FOR="10.6.6.6, 198.51.100.4")  # the test client is 127.0.0.1
    [record] = [r for r in caplog.records if r.name == "inserm_portal.requests"]
    assert json.loads(JsonFormatter().format(record))["client_address"] == logged
