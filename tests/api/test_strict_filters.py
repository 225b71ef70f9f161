"""Every API address refuses a query parameter it does not read (400, naming it), on lists
and records, public and staff, and on the root, the lookup, the schema and the docs; and
accepts every parameter the schema documents for it, and no other (format aside).

The endpoints come from the router's registry: a new one is covered without a word here."""

import json

import pytest
from django.urls import reverse

from api.urls import router

from ..factories import AgreementFactory, MandateFactory, PartnerFactory


@pytest.fixture(autouse=True)
def english(settings):
    """The messages compared are the English ones (the API speaks the client's language)."""
    settings.LANGUAGE_CODE = "en"


pytestmark = pytest.mark.django_db

REGISTRY = [pytest.param(entry, id=entry[0]) for entry in router.registry]  # (prefix, viewset, basename)


@pytest.fixture
def records():
    partner = PartnerFactory(slug="lyon")
    unit = MandateFactory(unit__code="U1013").unit
    AgreementFactory(reference="PUB-1", partners=[partner]).units.add(unit)


def client_for(prefix, client, admin_client):
    return admin_client if prefix.startswith("staff/") else client


def record_url(viewset, basename) -> str:
    record = viewset.queryset.first()
    assert record is not None, f"no {basename} to ask for"
    return reverse(f"{basename}-detail", kwargs={viewset.lookup_field: getattr(record, viewset.lookup_field)})


def assert_refused(response, *names):
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["unknown"] == sorted(names)
    assert all(name in body["detail"] for name in names)
    assert body["detail"].startswith("Unknown query parameter")
    return body


@pytest.mark.parametrize("entry", REGISTRY)
def test_every_list_refuses_an_unknown_filter_naming_it(client, admin_client, records, entry):
    prefix, _viewset, basename = entry
    api = client_for(prefix, client, admin_client)
    url = reverse(f"{basename}-list")
    assert api.get(url).status_code == 200
    body = assert_refused(api.get(url, {"partnr": "lyon"}), "partnr")
    assert "page" in body["known"] and "format" in body["known"]
    # Several at once, beside a known one: each is named, the known one is not.
    assert_refused(api.get(url, {"page": "1", "zzz": "1", "colour": ["a", "b"]}), "colour", "zzz")


@pytest.mark.parametrize("entry", REGISTRY)
def test_every_record_refuses_an_unknown_parameter_and_the_lists_own(client, admin_client, records, entry):
    prefix, viewset, basename = entry
    api = client_for(prefix, client, admin_client)
    url = record_url(viewset, basename)
    assert api.get(url).status_code == 200
    assert api.get(url, {"format": "json"}).status_code == 200
    assert_refused(api.get(url, {"partnr": "lyon"}), "partnr")
    # A list's page or filter on a record would not be read: refused, not ignored.
    body = assert_refused(api.get(url, {"page": "2"}), "page")
    assert body["known"] == ["format"]


def test_the_agreement_list_names_the_filters_it_reads(client, records):
    body = assert_refused(client.get("/api/v1/units/", {"partner": "lyon"}), "partner")
    assert body["detail"] == (
        "Unknown query parameter: partner. This endpoint reads: " + ", ".join(body["known"]) + "."
    )
    assert {"q", "site", "region", "status", "supervisor", "sort", "facets", "page", "page_size"} <= set(body["known"])


def test_a_very_long_unknown_name_is_cut_in_the_message_but_listed_whole(client):
    name = "x" * 5000
    answer = client.get("/api/v1/categories/", {name: "1"})
    assert answer.status_code == 400
    assert answer.json()["unknown"] == [name]
    assert answer.json()["detail"].startswith(f"Unknown query parameter: {'x' * 100}…. This endpoint reads: ")


@pytest.mark.parametrize(
    ("url", "good", "known"),
    [
        ("/api/v1/", {"format": "json"}, ["format"]),
        ("/api/v1/lookup/", {"id": "U1013"}, ["format", "id"]),
        ("/api/schema/", {"lang": "en", "format": "json"}, ["format", "lang"]),
    ],
)
def test_the_root_the_lookup_and_the_schema_refuse_unknown_parameters(client, records, url, good, known):
    assert client.get(url, good).status_code == 200
    body = assert_refused(client.get(url, {**good, "unknown": "1"}), "unknown")
    assert body["known"] == known


def test_the_docs_page_and_its_script_refuse_unknown_parameters_in_words(client):
    assert client.get("/api/docs/", {"lang": "fr"}).status_code == 200
    assert client.get("/api/docs/", {"script": ""}).status_code == 200
    refused = client.get("/api/docs/", {"lang": "fr", "theme": "dark"})
    assert refused.status_code == 400
    assert refused["Content-Type"].startswith("text/plain")
    assert refused.content.decode() == "Unknown query parameter: theme. This endpoint reads: format, lang, script."


def test_staff_without_permission_are_refused_before_their_parameters_are_read(client):
    assert client.get("/api/v1/staff/agreements/", {"partnr": "x"}).status_code == 403


def example(parameter: dict) -> str:
    """A value of the parameter's type (not necessarily one that finds anything)."""
    schema = parameter["schema"]
    schema = schema.get("items", schema)
    if "enum" in schema:
        return schema["enum"][0]
    return {"boolean": "true", "integer": "1"}.get(schema.get("type"), "2026-01-01" if schema.get("format") else "x")


def documented_operations(client):
    schema = json.loads(client.get("/api/schema/", {"format": "json"}).content)
    assert schema["paths"]
    for path, operations in schema["paths"].items():
        if "get" in operations:
            query = [p for p in operations["get"].get("parameters", []) if p["in"] == "query"]
            yield path, query


def concrete(path: str) -> str:
    """The documented path with a record's key in place of `{…}`."""
    for prefix, viewset, basename in router.registry:
        if path == f"/api/v1/{prefix}/{{{viewset.lookup_field}}}/":
            return record_url(viewset, basename)
    assert "{" not in path, path
    return path


def test_every_parameter_the_schema_documents_is_accepted_and_no_other(admin_client, records):
    operations = list(documented_operations(admin_client))
    assert len(operations) == 15  # 7 lists, 7 records and the lookup
    for path, parameters in operations:
        url = concrete(path)
        for parameter in parameters:
            answer = admin_client.get(url, {parameter["name"]: example(parameter)})
            # A value a filter does not understand may be refused (400, under its name),
            # never the parameter itself.
            assert answer.status_code in (200, 400), (url, parameter["name"], answer.content)
            assert "unknown" not in answer.json(), (url, parameter["name"], answer.json())
        # What the endpoint says it reads is what its schema documents, and `format`.
        known = admin_client.get(url, {"not-a-parameter": "1"}).json()["known"]
        assert sorted(known) == sorted({"format", *(parameter["name"] for parameter in parameters)}), url
