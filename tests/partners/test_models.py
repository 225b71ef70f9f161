"""Partner categories, partners and agreements: the rules the model and the database keep."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from partners.models import Agreement, Category, Partner

from ..factories import AgreementFactory, PartnerFactory, category

pytestmark = pytest.mark.django_db

D = dt.date


def test_the_ten_categories_of_the_brief_exist_in_order_and_in_both_languages():
    slugs = list(Category.objects.values_list("slug", flat=True))
    assert slugs == [
        "higher-education",
        "foundations-charities",
        "hospitals-cancer-centres",
        "health-agencies",
        "research-bodies",
        "industry",
        "patient-associations",
        "social-protection",
        "local-governments",
        "european-networks",
    ]
    for item in Category.objects.all():
        assert item.name_fr and item.name_en and item.description_fr and item.description_en
        assert item.name_fr != item.name_en


def test_category_name_follows_the_language():
    europe = category("european-networks")
    with translation.override("fr"):
        assert europe.name == "Réseaux européens (Science Europe)"
    with translation.override("en"):
        assert europe.name == "European networks (Science Europe)"


@pytest.mark.parametrize("ror_id", ["02vjkv261", "https://ror.org/02vjkv261", " 02VJKV261 "])
def test_valid_ror_ids_are_accepted_and_stored_bare(ror_id):
    partner = PartnerFactory.build(category=category(), ror_id=ror_id)
    partner.full_clean()
    assert partner.ror_id == "02vjkv261"


@pytest.mark.parametrize("ror_id", ["12vjkv261", "02vjkv26", "02vjkv2611", "02ujkv261", "02vjkv2a1", "0"])
def test_malformed_ror_ids_are_refused(ror_id):
    partner = PartnerFactory.build(category=category(), ror_id=ror_id)
    with pytest.raises(ValidationError) as error:
        partner.full_clean()
    assert "A ROR ID is 0" in error.value.message_dict["ror_id"][0]


def test_two_partners_cannot_share_a_ror_id():
    PartnerFactory(ror_id="02vjkv261")
    with pytest.raises(IntegrityError), transaction.atomic():
        PartnerFactory(ror_id="02vjkv261")


def test_partners_without_ror_id_do_not_clash():
    PartnerFactory(ror_id="")
    PartnerFactory(ror_id="")
    assert Partner.objects.count() == 2


def test_a_french_region_is_refused_for_a_partner_abroad():
    partner = PartnerFactory.build(category=category(), country="DE", region="bretagne")
    with pytest.raises(ValidationError) as error:
        partner.full_clean()
    assert "region" in error.value.message_dict


def test_a_partner_cannot_be_its_own_ancestor():
    parent = PartnerFactory()
    child = PartnerFactory(parent=parent)
    parent.parent = child
    with pytest.raises(ValidationError) as error:
        parent.full_clean()
    assert "parent" in error.value.message_dict


def test_higher_education_figures_are_computed_from_kind():
    PartnerFactory.create_batch(3, kind=Partner.Kind.UNIVERSITY)
    PartnerFactory(kind=Partner.Kind.SCHOOL)
    establishments = Partner.objects.filter(kind__in=Partner.HIGHER_EDUCATION_KINDS)
    assert (establishments.count(), establishments.filter(kind=Partner.Kind.UNIVERSITY).count()) == (4, 3)


def test_agreement_end_before_start_is_refused_by_model_and_database():
    agreement = AgreementFactory()
    agreement.end = D(2024, 1, 1)
    with pytest.raises(ValidationError) as error:
        agreement.full_clean()
    assert "end" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        agreement.save()


def test_negative_amount_is_refused_by_the_database():
    agreement = AgreementFactory()
    agreement.amount_eur = -1
    with pytest.raises(IntegrityError), transaction.atomic():
        agreement.save()


def test_public_agreements_exclude_drafts_negotiations_and_confidential_ones():
    shown = AgreementFactory(stage=Agreement.Stage.SIGNED, is_public=True)
    terminated = AgreementFactory(
        stage=Agreement.Stage.TERMINATED, terminated_on=D(2025, 6, 30), end=D(2026, 12, 31), is_public=True
    )
    AgreementFactory(stage=Agreement.Stage.DRAFT, is_public=True)
    AgreementFactory(stage=Agreement.Stage.NEGOTIATING, is_public=True)
    AgreementFactory(stage=Agreement.Stage.SIGNED, is_public=False)
    assert set(Agreement.objects.public()) == {shown, terminated}


def test_a_public_agreement_without_a_published_partner_is_not_public():
    draft_partner = PartnerFactory(is_published=False)
    AgreementFactory(title=f"With {draft_partner.name}", partners=[draft_partner])
    shared = AgreementFactory(partners=[draft_partner, PartnerFactory()])
    assert list(Agreement.objects.public()) == [shared]
