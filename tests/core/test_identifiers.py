"""Identifiers checked on entry (core/identifiers.py): each scheme accepts real values,
stores them compact whatever the spelling or a pasted registry link, refuses a wrong check
character, length or garbage with its own message, and one record per identifier where it
must be unique."""

import pytest
from django.core.exceptions import ValidationError

from core.identifiers import SCHEMES, candidates, identifiers_of
from partners.models import Partner
from units.models import ResearchUnit, Site

from ..factories import PartnerFactory, ResearchUnitFactory, SiteFactory

# Real identifiers: Inserm (SIREN, ROR, and its SIREN's first establishment), Université
# Paris Cité (ROR, UAI), AP-HP (ROR, and FINESS of the legal entity), Hôpital Necker (FINESS
# of the site); and well-formed RNSR and Wikidata values (their schemes have no check digit).
REAL = {
    "rnsr": ["200818283W"],
    "ror": ["02vjkv261", "05f82e368", "00pg5jh14"],
    "siren": ["180036048"],
    "siret": ["18003604800015"],
    "uai": ["0755976N"],
    "finess": ["750712184", "750100208"],
    "wikidata": ["Q1665153"],
}

# The same values as people type or paste them.
SPELLINGS = [
    ("ror", "https://ror.org/02VJKV261", "02vjkv261"),
    ("ror", "ror.org/02vjkv261/", "02vjkv261"),
    ("siren", "180 036 048", "180036048"),
    ("siren", "180-036-048", "180036048"),
    ("siren", "https://annuaire-entreprises.data.gouv.fr/entreprise/180036048", "180036048"),
    ("siret", "180 036 048 00015", "18003604800015"),
    ("uai", " 0755976n ", "0755976N"),
    ("finess", "75 071 2184", "750712184"),
    ("rnsr", "200818283w", "200818283W"),
    ("wikidata", "https://www.wikidata.org/wiki/Q1665153", "Q1665153"),
    ("wikidata", "q1665153", "Q1665153"),
]

# Wrong check character, wrong length, garbage, NUL bytes: each refused.
INVALID = {
    "rnsr": ["200818283", "2008182831", "20081828WW", "200818283W\x00"],
    "ror": ["02vjkv262", "02vjkv26", "12vjkv261", "02vjkl261", "ror"],
    "siren": ["180036047", "18003604", "ABCDEFGHI", "180036048\x00"],
    "siret": ["18003604800016", "1800360480001", "18003604800015x"],
    "uai": ["0755976P", "075597N", "07559760"],
    "finess": ["750712185", "75071218", "7507121840"],
    "wikidata": ["Q0", "1665153", "Q16651X3", "Q" + "1" * 12],
}


@pytest.mark.parametrize(("key", "value"), [(key, value) for key, values in REAL.items() for value in values])
def test_real_identifiers_pass_their_schemes_check(key, value):
    assert SCHEMES[key].read(value) == value


@pytest.mark.parametrize(("key", "typed", "stored"), SPELLINGS)
def test_an_identifier_is_read_in_compact_form_whatever_its_spelling(key, typed, stored):
    assert SCHEMES[key].read(typed) == stored


@pytest.mark.parametrize(("key", "value"), [(key, value) for key, values in INVALID.items() for value in values])
def test_a_wrong_identifier_fails_its_schemes_check(key, value):
    assert SCHEMES[key].read(value) is None


def test_a_bare_value_is_tried_against_every_scheme_and_a_named_one_against_its_own():
    found = lambda text: [(scheme.key, value) for scheme, value in candidates(text)]  # noqa: E731
    # A SIREN and a FINESS number are both 9 digits ending with a Luhn check digit.
    assert found("750712184") == [("siren", "750712184"), ("finess", "750712184")]
    assert found("finess:750712184") == [("finess", "750712184")]
    assert found("ROR: 02vjkv261") == [("ror", "02vjkv261")]
    assert found("https://ror.org/02vjkv261") == [("ror", "02vjkv261")]
    assert found("ror:750712184") == []
    assert found("Inserm") == found("U1234") == found("x" * 1000) == found("02vjkv261\x00") == []


# --- On the records: each field, its message, its uniqueness ----------------------------

# (model factory, field, scheme) for every identifier field.
FIELDS = [
    (ResearchUnitFactory, "rnsr_number", "rnsr"),
    (ResearchUnitFactory, "wikidata_id", "wikidata"),
    (SiteFactory, "finess", "finess"),
    (SiteFactory, "uai", "uai"),
    (SiteFactory, "wikidata_id", "wikidata"),
    (PartnerFactory, "ror_id", "ror"),
    (PartnerFactory, "siren", "siren"),
    (PartnerFactory, "siret", "siret"),
    (PartnerFactory, "uai", "uai"),
    (PartnerFactory, "finess", "finess"),
    (PartnerFactory, "wikidata_id", "wikidata"),
]
FIELD_IDS = [f"{factory._meta.model.__name__}.{field}" for factory, field, _scheme in FIELDS]
SITE_KIND_FOR = {"finess": Site.Kind.CHU, "uai": Site.Kind.FACULTY}


def typed(key: str) -> tuple[str, str]:
    """A real value of `key` as typed with spaces or a link, and as stored."""
    spelled = next(((t, s) for k, t, s in SPELLINGS if k == key), None)
    return spelled or (f" {REAL[key][0]} ", REAL[key][0])


@pytest.mark.django_db
@pytest.mark.parametrize(("factory", "field", "key"), FIELDS, ids=FIELD_IDS)
def test_a_valid_identifier_is_accepted_and_stored_compact(factory, field, key):
    record = factory()
    value, stored = typed(key)
    setattr(record, field, value)
    record.full_clean()
    record.save()
    record.refresh_from_db()
    assert getattr(record, field) == stored


@pytest.mark.django_db
@pytest.mark.parametrize(("factory", "field", "key"), FIELDS, ids=FIELD_IDS)
def test_an_invalid_identifier_is_refused_with_its_schemes_message(factory, field, key):
    record = factory()
    for value in INVALID[key]:
        setattr(record, field, value)
        with pytest.raises(ValidationError) as refused:
            record.full_clean()
        assert refused.value.message_dict[field] == [str(SCHEMES[key].message)], value


@pytest.mark.django_db
@pytest.mark.parametrize(("factory", "field", "key"), FIELDS, ids=FIELD_IDS)
def test_an_identifier_is_one_records_except_a_siren(factory, field, key):
    factory(**{field: REAL[key][0]})
    other = factory()
    setattr(other, field, typed(key)[0])  # the same identifier, spelled otherwise
    if field == "siren":  # a legal entity's establishments share it
        other.full_clean()
        return
    with pytest.raises(ValidationError) as refused:
        other.full_clean()
    assert any("already has this" in message for message in refused.value.messages), refused.value.messages


@pytest.mark.django_db
def test_many_records_may_have_no_identifier():
    for factory, _field, _key in FIELDS:
        factory().full_clean()
        factory().full_clean()


@pytest.mark.django_db
def test_a_partners_siret_starts_with_its_siren():
    inserm = PartnerFactory(siren="180036048")
    inserm.siret = "267 500 452 00003"  # a valid SIRET of another legal entity
    with pytest.raises(ValidationError) as refused:
        inserm.full_clean()
    assert refused.value.message_dict["siret"] == [
        "This SIRET number belongs to SIREN 267500452, not to this partner's SIREN 180036048."
    ]
    inserm.siret = "180 036 048 00015"
    inserm.full_clean()
    PartnerFactory.build(siret="18003604800015").full_clean()  # a SIRET alone says its SIREN


@pytest.mark.django_db
def test_a_records_identifiers_are_listed_with_labels_and_registry_links():
    partner = PartnerFactory(ror_id="02vjkv261", siren="180036048", wikidata_id="Q1665153")
    assert [(i.label, i.value, i.url) for i in identifiers_of(partner)] == [
        ("ROR ID", "02vjkv261", "https://ror.org/02vjkv261"),
        ("SIREN number", "180036048", "https://annuaire-entreprises.data.gouv.fr/entreprise/180036048"),
        ("Wikidata item", "Q1665153", "https://www.wikidata.org/wiki/Q1665153"),
    ]
    assert identifiers_of(ResearchUnitFactory()) == []
    assert identifiers_of(Partner(name="x")) == identifiers_of(Site(name="x")) == identifiers_of(ResearchUnit()) == []
