"""How the search reads what people type: word forms, spellings, typos, words that match
nothing, dated names. Each runs on SQLite and PostgreSQL alike (core.search)."""

import datetime as dt

import pytest

from core import search
from core.search import DatedName, Vocabulary, matched_former_name, stem_document, understand, word_forms
from partners.filters import PartnerFilter
from partners.models import Partner, PartnerName
from units.filters import search_units
from units.models import ResearchUnit, UnitName

from ..factories import PartnerFactory, ResearchUnitFactory

pytestmark = pytest.mark.django_db


def directory(typed: str) -> list[str]:
    return [partner.name for partner in PartnerFilter({"q": typed}, queryset=Partner.objects.all()).qs]


@pytest.fixture
def partners():
    PartnerFactory(name="Hôpital Foch", city="Suresnes", is_published=True)
    PartnerFactory(name="Assistance Publique – Hôpitaux de Paris", acronym="AP-HP", city="Paris", is_published=True)
    PartnerFactory(name="Université de Lille", acronym="ULille", city="Lille", is_published=True)
    PartnerFactory(name="CHU de Bordeaux", city="Bordeaux", is_published=True)
    PartnerFactory(name="CHU de Rennes", city="Rennes", is_published=True)
    PartnerFactory(name="Région Bretagne", city="Rennes", is_published=True)


def test_a_word_and_its_plural_accents_and_english_form_share_a_stem():
    assert word_forms("hopital") & word_forms("hopitaux") & word_forms("hospitals")
    assert "|hopital|" in stem_document("hopitaux universitaires")


@pytest.mark.parametrize("typed", ["hôpital", "hopital", "hôpitaux", "HOSPITALS"])
def test_every_form_of_hospital_finds_the_hospitals(partners, typed):
    assert {"Hôpital Foch", "Assistance Publique – Hôpitaux de Paris"} <= set(directory(typed))


@pytest.mark.parametrize("typed", ["AP-HP", "APHP", "AP HP", "ap-hp"])
def test_an_acronym_is_found_and_first_however_it_is_written(partners, typed):
    assert directory(typed)[0] == "Assistance Publique – Hôpitaux de Paris"


def test_an_elided_article_is_ignored(partners):
    assert directory("l'Université de Lille") == ["Université de Lille"]


def test_the_city_counts_in_the_ranking(partners):
    assert directory("CHU Rennes")[0] == "CHU de Rennes"


def test_a_single_typo_in_a_long_word_is_corrected(partners):
    assert directory("Unviersité de Lille") == ["Université de Lille"]
    assert understand("Unviersité", Partner).corrected == {"unviersite": ["universite"]}


def test_a_typo_in_a_short_word_is_not_corrected(partners):
    assert understand("Lile", Partner).ignored == ["Lile"]


def test_a_word_that_matches_nothing_is_left_out_and_named(partners):
    assert directory("Foch xyzzy") == ["Hôpital Foch"]
    assert understand("Foch xyzzy", Partner).ignored == ["xyzzy"]
    assert directory("xyzzy") == []


def test_one_word_in_a_name_ranks_before_the_same_word_in_the_city_only(partners):
    # "Région Bretagne" is in Rennes; "CHU de Rennes" holds the word in its name.
    assert directory("Rennes") == ["CHU de Rennes", "Région Bretagne"]


def test_a_word_looked_up_is_remembered_until_the_next_edit(partners, monkeypatch):
    assert understand("Kerguelen", Partner).ignored == ["Kerguelen"]
    assert Vocabulary.of(Partner).looked_up["kerguelen"] is False
    PartnerFactory(name="Institut des Kerguelen", is_published=True)  # an edit: a new vocabulary
    assert understand("Kerguelen", Partner).ignored == []
    assert Vocabulary.of(Partner).looked_up["kerguelen"] is True
    # The words remembered are bounded: past the limit, they are forgotten and looked up again.
    monkeypatch.setattr(search, "WORDS_LOOKED_UP_KEPT", 3)
    for word in ("foch", "lille", "rennes", "bordeaux"):
        assert understand(word, Partner).ignored == []
    assert len(Vocabulary.of(Partner).looked_up) <= 3


def test_an_unpublished_record_lends_no_word_to_a_public_search():
    PartnerFactory(name="Fondation Secrète", is_published=False)
    assert understand("secrete", Partner).ignored == ["secrete"]
    assert understand("secrete", Partner, public=False).ignored == []


def test_a_former_name_finds_the_partner_and_says_so(partners):
    university = PartnerFactory(name="Université Paris Cité", city="Paris", is_published=True)
    PartnerName.objects.create(
        partner=university, name="Université Paris Descartes", start=dt.date(1970, 1, 1), end=dt.date(2019, 12, 31)
    )
    assert directory("Université Paris Descartes") == ["Université Paris Cité"]
    assert matched_former_name(university, "paris descartes").name == "Université Paris Descartes"
    assert matched_former_name(university, "Université Paris Cité") is None


def test_a_deleted_name_no_longer_finds_the_record():
    unit = ResearchUnitFactory(code="U1234", name="Laboratoire de biologie")
    name = UnitName.objects.create(unit=unit, name="Centre Hélios", kind=DatedName.Kind.ALIAS)
    assert list(search_units(ResearchUnit.objects.all(), "helios").ranked()) == [unit]
    name.delete()
    assert list(search_units(ResearchUnit.objects.all(), "helios").ranked()) == []


def test_a_staff_search_finds_a_word_of_the_internal_notes_only():
    unit = ResearchUnitFactory(code="U4321", internal_notes="Fusion prévue")
    found = search_units(ResearchUnit.objects.all(), "fusion", extra=["internal_notes"]).ranked()
    assert list(found) == [unit]


def test_partner_and_unit_admin_pages_edit_dated_names(admin_client):
    partner = PartnerFactory()
    unit = ResearchUnitFactory()
    for url in (f"/admin/partners/partner/{partner.pk}/change/", f"/admin/units/researchunit/{unit.pk}/change/"):
        assert b"names-TOTAL_FORMS" in admin_client.get(url).content


def test_the_list_says_which_words_it_left_out(client, partners):
    response = client.get("/en/partners/", {"q": "Foch xyzzy"}, HTTP_ACCEPT_LANGUAGE="en")
    assert [partner.name for partner in response.context["object_list"]] == ["Hôpital Foch"]
    assert "No result has “xyzzy”: showing results for the other words." in response.content.decode()
    nothing = client.get("/en/partners/", {"q": "xyzzy plugh"}, HTTP_ACCEPT_LANGUAGE="en")
    assert list(nothing.context["object_list"]) == []
    assert "No result has “xyzzy, plugh”." in nothing.content.decode()
    assert "other words" not in nothing.content.decode()
