"""Identifiers on the public side: each a link to its registry on the partner, unit and
site pages, found by the lists' search box in any spelling (in as many queries as any
search), exported in the CSV files, and in the pages' JSON-LD (identifier, sameAs)."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ..factories import MandateFactory, PartnerFactory, SiteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def records():
    inserm = PartnerFactory(
        name="Institut national de la santé et de la recherche médicale",
        slug="inserm",
        ror_id="02vjkv261",
        siren="180036048",
        siret="18003604800015",
    )
    necker = SiteFactory(name="Hôpital Necker", slug="necker", finess="750100208")
    unit = MandateFactory(unit__code="U1163", unit__site=necker, unit__rnsr_number="200818283W").unit
    # Others, never found by these identifiers. Named without digits: a factory's sequence
    # number holds two of the groups of "180 036 048" (18036, say) as the suite goes on, and
    # a row holding all the words but one of a query of three is found too (core.search).
    PartnerFactory(name="Université de Nantes", slug="nantes")
    SiteFactory(name="CHU de Nantes", slug="chu-nantes")
    MandateFactory(unit__name="Laboratoire de Nantes")
    return {"partner": inserm, "site": necker, "unit": unit}


def rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def json_ld(page: str) -> dict:
    return json.loads(page.split('<script type="application/ld+json">')[1].split("</script>", maxsplit=1)[0])


@pytest.mark.parametrize(
    ("url", "links"),
    [
        (
            "/en/partners/inserm/",
            [
                ("https://ror.org/02vjkv261", "02vjkv261"),
                ("https://annuaire-entreprises.data.gouv.fr/entreprise/180036048", "180036048"),
                ("https://annuaire-entreprises.data.gouv.fr/etablissement/18003604800015", "18003604800015"),
            ],
        ),
        (
            "/en/sites/necker/",
            [
                (
                    "https://finess.esante.gouv.fr/fininter/jsp/actionDetailEtablissement.do?noFiness=750100208",
                    "750100208",
                )
            ],
        ),
        (
            "/en/units/U1163/",
            [("https://appliweb.dgri.education.fr/rnsr/PresenteStruct.jsp?numNatStruct=200818283W", "200818283W")],
        ),
    ],
)
def test_each_page_links_its_identifiers_to_their_registries(client, records, url, links):
    page = client.get(url).content.decode()
    assert "<dt" in page and ">Identifiers</dt>" in page
    for href, text in links:
        assert f'<a href="{href.replace("&", "&amp;")}" rel="noopener">{text}</a>' in page


def test_a_page_without_identifiers_has_no_identifiers_block(client, records):
    bare = PartnerFactory(slug="bare")
    assert "Identifiers" not in client.get(bare.get_absolute_url().replace("/fr/", "/en/")).content.decode()


# A search by name on each list that finds rows too (an empty result skips the page's query).
BY_NAME = {"/en/partners/": "institut", "/en/sites/": "necker", "/en/units/": "laboratoire"}


@pytest.mark.parametrize(
    ("url", "typed", "found"),
    [
        ("/en/partners/", "180 036 048", "partner"),
        ("/en/partners/", "https://ror.org/02VJKV261", "partner"),
        ("/en/partners/", "18003604800015", "partner"),
        ("/en/sites/", "750100208", "site"),
        ("/en/sites/", "finess:750 100 208", "site"),
        ("/en/units/", "200818283w", "unit"),
    ],
)
def test_the_search_box_finds_a_record_by_its_identifier(client, records, url, typed, found):
    client.get(url, {"q": "warm"})  # the filters' choices and the words searchable, kept from then on
    with CaptureQueriesContext(connection) as by_identifier:
        response = client.get(url, {"q": typed})
    assert [row.pk for row in response.context["object_list"]] == [records[found].pk]
    with CaptureQueriesContext(connection) as by_name:
        client.get(url, {"q": BY_NAME[url]})
    assert len(by_identifier) == len(by_name)  # the identifier is one more condition of the same query


def test_a_wrong_check_digit_finds_nothing(client, records):
    assert list(client.get("/en/partners/", {"q": "180036047"}).context["object_list"]) == []


@pytest.mark.parametrize(
    ("url", "headers", "values"),
    [
        (
            "/en/partners/export.csv?q=180036048",
            ["ROR ID", "SIREN number", "SIRET number", "UAI", "FINESS number", "Wikidata item"],
            ["02vjkv261", "180036048", "18003604800015", "", "", ""],
        ),
        ("/en/sites/export.csv?q=necker", ["FINESS number", "UAI", "Wikidata item"], ["750100208", "", ""]),
        ("/en/units/export.csv?q=U1163", ["RNSR number", "Wikidata item"], ["200818283W", ""]),
    ],
)
def test_the_csv_exports_have_the_identifier_columns(client, records, url, headers, values):
    header, row = rows(client.get(url))
    assert [row[header.index(name)] for name in headers] == values


def test_json_ld_lists_identifiers_and_their_registry_pages(client, records):
    partner = json_ld(client.get("/en/partners/inserm/").content.decode())
    assert [(item["propertyID"], item["value"]) for item in partner["identifier"]] == [
        ("ROR", "02vjkv261"),
        ("SIREN", "180036048"),
        ("SIRET", "18003604800015"),
    ]
    assert partner["sameAs"] == [item["url"] for item in partner["identifier"]]
    assert partner["sameAs"][0] == "https://ror.org/02vjkv261"

    unit = json_ld(client.get("/en/units/U1163/").content.decode())
    assert [(item["propertyID"], item["value"]) for item in unit["identifier"]] == [
        ("Inserm code", "U1163"),
        ("RNSR", "200818283W"),
    ]
    assert unit["sameAs"] == ["https://appliweb.dgri.education.fr/rnsr/PresenteStruct.jsp?numNatStruct=200818283W"]
