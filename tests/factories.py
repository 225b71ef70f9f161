import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from partners.models import Agreement, Category, Partner, UnitPartner
from units import rules
from units.models import Mandate, ResearchUnit, Site


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    name = factory.Sequence(lambda n: f"CHU test {n}")
    slug = factory.Sequence(lambda n: f"chu-test-{n}")
    kind = Site.Kind.CHU
    city = "Lyon"
    region = "auvergne-rhone-alpes"


class ResearchUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResearchUnit

    code = factory.Sequence(lambda n: f"U{2000 + n}")
    name = factory.Sequence(lambda n: f"Laboratoire de test {n}")
    structure_type = ResearchUnit.StructureType.RESEARCH_UNIT
    site = factory.SubFactory(SiteFactory)
    director_name = "Marie Curie"
    is_published = True


class MandateFactory(factory.django.DjangoModelFactory):
    """A full first term from 1 January 2025 (to 31 December 2028) unless told otherwise."""

    class Meta:
        model = Mandate

    unit = factory.SubFactory(ResearchUnitFactory)
    number = 1
    start = dt.date(2025, 1, 1)
    end = factory.LazyAttribute(lambda mandate: rules.term_end(mandate.start))


def category(slug: str = "higher-education") -> Category:
    """Categories come from a data migration: fetch, never create."""
    return Category.objects.get(slug=slug)


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Université de test {n}")
    slug = factory.Sequence(lambda n: f"universite-de-test-{n}")
    category = factory.LazyFunction(category)
    kind = Partner.Kind.UNIVERSITY
    is_published = True


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"TEST-{n:05d}")
    title = factory.Sequence(lambda n: f"Accord de test {n}")
    kind = Agreement.Kind.COLLABORATION
    stage = Agreement.Stage.SIGNED
    signed_on = dt.date(2024, 12, 1)
    start = dt.date(2025, 1, 1)
    is_public = True

    @factory.post_generation
    def partners(self, create, extracted, **kwargs):
        if create:
            self.partners.set(extracted if extracted is not None else [PartnerFactory()])


class UnitPartnerFactory(factory.django.DjangoModelFactory):
    """A partner supervising a unit since 1 January 2025, with no end, unless told otherwise."""

    class Meta:
        model = UnitPartner

    unit = factory.SubFactory(ResearchUnitFactory)
    partner = factory.SubFactory(PartnerFactory)
    role = UnitPartner.Role.SUPERVISOR
    start = dt.date(2025, 1, 1)
    end = None


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    is_staff = True

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or "a-long-test-password")
        if create:
            self.save()

    @factory.post_generation
    def group(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))
