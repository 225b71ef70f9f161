"""The search box's suggestions: a few published units, partners and sites per kind, as
JSON (label, kind, URL), in the order of the lists, from a few queries, kept by the page
cache like any public page and forgotten at the next edit."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ..factories import PartnerFactory, ResearchUnitFactory, SiteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def brest():
    site = SiteFactory(name="CHU de Brest", slug="chu-de-brest", city="Brest", region="bretagne")
    for index in range(6):
        ResearchUnitFactory(code=f"U{1300 + index}", name=f"Génétique de Brest {index}", site=site)
    ResearchUnitFactory(code="U1399", name="Brest, unité en préparation", site=site, is_published=False)
    university = PartnerFactory(
        name="Université de Bretagne Occidentale", slug="ubo", acronym="UBO", city="Brest", description="À Brest."
    )
    PartnerFactory(name="Fondation brestoise", slug="fondation-brestoise", city="Brest", is_published=False)
    return {"site": site, "university": university}


def suggest(client, query, language="en"):
    response = client.get(f"/{language}/search/suggest/", {"q": query})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_a_few_records_of_each_kind_with_label_kind_and_address(client, brest):
    results = suggest(client, "brest")["results"]
    kinds = [result["kind"] for result in results]
    assert kinds == ["units"] * 4 + ["partners", "sites"]  # grouped, at most four a kind
    assert results[0] == {
        "kind": "units",
        "kind_label": "Research units",
        "label": "U1300 – Génétique de Brest 0",
        "detail": "CHU de Brest, Brest",
        "url": "/en/units/U1300/",
        "formerly": "",
    }
    assert results[4]["label"] == "Université de Bretagne Occidentale (UBO)"
    assert results[5]["url"] == "/en/sites/chu-de-brest/"
    for result in results:
        assert client.get(result["url"]).status_code == 200


def test_suggestions_come_in_the_order_of_the_list_they_belong_to(client, brest):
    results = suggest(client, "brest")["results"]
    listed = client.get("/en/units/", {"q": "brest"}).context["object_list"]
    assert [r["url"] for r in results if r["kind"] == "units"] == [u.get_absolute_url() for u in list(listed)[:4]]


def test_only_published_records_are_suggested_even_from_the_cache(client, brest):
    assert "U1399" not in str(suggest(client, "brest")) and "brestoise" not in str(suggest(client, "brest"))
    assert suggest(client, "ubo")["results"][0]["url"] == "/en/partners/ubo/"
    assert client.get("/en/search/suggest/", {"q": "ubo"})["X-Page-Cache"] == "hit"
    brest["university"].is_published = False
    brest["university"].save()
    assert suggest(client, "ubo")["results"] == []


def test_labels_and_addresses_follow_the_language_of_the_address(client, brest):
    results = suggest(client, "brest", language="fr")["results"]
    assert {result["url"].split("/")[1] for result in results} == {"fr"}


def test_one_letter_or_nothing_suggests_nothing_and_asks_the_database_nothing(client, brest, django_assert_num_queries):
    with django_assert_num_queries(0):
        for query in ("", "b", " b ", "\x00"):
            assert suggest(client, query)["results"] == []


def test_garbage_gives_an_answer_never_a_server_error(client, brest):
    assert suggest(client, "brest\x00")["query"] == "brest"
    assert len(suggest(client, "brest " + "é" * 5000)["query"]) == 200
    injected = suggest(client, "%_*' OR 1=1 --")["results"]
    assert not [result for result in injected if "U1399" in result["label"] or "brestoise" in result["url"]]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=300))
def test_any_query_gives_json(client, brest, query):
    assert isinstance(suggest(client, query)["results"], list)


def test_suggestions_run_one_query_a_kind(client, brest, django_assert_num_queries):
    suggest(client, "univ")  # the categories' names, kept until the next edit
    # Three queries: the first units, partners and sites in each list's order.
    with django_assert_num_queries(3):
        suggest(client, "brest")
    for index in range(20):
        PartnerFactory(name=f"Hôpital de Brest {index}")
    suggest(client, "univ")
    with django_assert_num_queries(3):
        suggest(client, "brest")
