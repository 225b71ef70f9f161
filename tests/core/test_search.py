"""Search on folded, indexed columns: kept up to date by every save, ranked, and served by
a trigram index on PostgreSQL."""

import pytest
from django.db import connection, models
from django.db.models import Subquery

from core.search import acronym_is
from partners.models import Partner

from ..factories import MandateFactory, PartnerFactory, SiteFactory

pytestmark = pytest.mark.django_db


def codes(client, **query):
    return [unit.code for unit in client.get("/en/units/", query).context["object_list"]]


def test_folded_copies_follow_every_save():
    partner = PartnerFactory(name="Œuvre Hospitalière", city="Besançon", acronym="OH")
    assert (partner.name_key, partner.city_key) == ("oeuvre hospitaliere", "besancon")
    partner.name = "Hôpital Saint-Éloi"
    partner.save(update_fields=["name"])  # even a save of chosen fields refreshes them
    partner.refresh_from_db()
    assert partner.name_key == "hopital saint-eloi"
    assert "besancon" in partner.search_text and "oh" in partner.search_text


def test_internal_notes_never_match_a_public_search(client):
    MandateFactory(unit__code="U1", unit__internal_notes="confidentiel budget")
    assert codes(client, q="budget") == []


def test_exact_code_or_acronym_comes_first_then_names(client):
    MandateFactory(unit__code="U1200", unit__name="Neurologie du cortex", unit__acronym="NEURO")
    MandateFactory(unit__code="U1201", unit__name="Centre de neurosciences", unit__acronym="CNS")
    MandateFactory(unit__code="U1202", unit__name="Autre", unit__acronym="NEU", unit__themes="neurologie")
    assert codes(client, q="neu") == ["U1202", "U1200", "U1201"]  # acronym, name start, name middle
    assert codes(client, q="u1201") == ["U1201"]
    assert codes(client, q="neu", sort="-code") == ["U1202", "U1201", "U1200"]  # a chosen sort wins


def test_partner_with_that_acronym_comes_first(client):
    PartnerFactory(name="Agence nationale de la recherche", acronym="ANR")
    PartnerFactory(name="Annuaire des ANRS", acronym="")
    names = [p.name for p in client.get("/en/partners/", {"q": "anr"}).context["object_list"]]
    assert names == ["Agence nationale de la recherche", "Annuaire des ANRS"]


def test_a_site_is_found_by_slug_or_by_what_is_typed(client):
    lyon = SiteFactory(slug="hcl", name="Hospices civils de Lyon", city="Lyon")
    SiteFactory(slug="clb", name="Centre Léon Bérard", city="Lyon")
    MandateFactory(unit__code="U1", unit__site=lyon)
    MandateFactory(unit__code="U2", unit__site__slug="other", unit__site__name="CHU de Lille", unit__site__city="Lille")
    assert codes(client, site="hcl") == ["U1"]
    assert codes(client, site="hospices lyon") == ["U1"]
    assert codes(client, site="lille") == ["U2"]
    assert codes(client, site="nowhere") == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes are PostgreSQL's")
def test_postgresql_searches_through_the_trigram_index():
    PartnerFactory.create_batch(3)
    queryset = Partner.objects.filter(search_text__contains="universite")
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")  # on a tiny table the planner would rather scan
        try:
            plan = queryset.explain()
        finally:
            cursor.execute("SET enable_seqscan = on")
    assert "partner_search_trgm" in plan, plan


@pytest.mark.django_db
def test_the_acronym_key_is_written_at_each_save_and_an_acronym_in_any_spelling_finds_it():
    partner = PartnerFactory(name="Assistance publique – Hôpitaux de Paris", acronym="A.P.-H.P.")
    assert Partner.objects.get(pk=partner.pk).acronym_key == "aphp"
    for spelling in ("AP-HP", "aphp", "ap hp", "A.P.-H.P."):
        assert Partner.objects.filter(acronym_is(spelling)).get() == partner
    partner.acronym = "ÉFS"
    partner.save()
    assert Partner.objects.get(pk=partner.pk).acronym_key == "efs"
    assert not Partner.objects.filter(acronym_is("")).exists()


def test_a_ranked_search_works_as_a_subquery_of_another_list():
    # Its ranks' columns stay the searched table's own (NameRanks), not the outer query's.
    from partners.filters import PartnerFilter  # noqa: PLC0415
    from units.filters import SiteFilter  # noqa: PLC0415
    from units.models import Site  # noqa: PLC0415

    university = PartnerFactory(name="Université de Lyon", city="Lyon")
    PartnerFactory(name="Hôpital de Lyon", city="Lyon")
    hospital_site = SiteFactory(name="Hôpital Édouard Herriot", city="Lyon", institution=university)
    SiteFactory(name="Clinique du Parc", city="Lyon")
    ranked_partners = PartnerFilter.search_of(Partner.objects.published(), "universite lyon").ordered()
    assert list(Site.objects.filter(institution__in=ranked_partners.values("pk")[:5])) == [hospital_site]
    ranked_sites = SiteFilter.search_of(Site.objects.all(), "lyon").ordered().filter(pk=models.OuterRef("pk"))
    ranks = dict(
        Site.objects.annotate(rank=Subquery(ranked_sites.values("search_rank")[:1])).values_list("name", "rank")
    )
    # Both hold the word in their city only: rank 3 (after names holding it).
    assert ranks == {"Hôpital Édouard Herriot": 3, "Clinique du Parc": 3}
