"""Every admin page answers, and changelists run a fixed number of queries."""

import datetime as dt

import pytest
from django.contrib import admin
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partners.models import Agreement, Category, Partner, PartnerName
from units.models import Mandate, ResearchUnit, Site, Succession, UnitName
from workspace.models import ManagerProfile, MandateAlert

from ..admin_helpers import admin_url
from ..factories import AgreementFactory, MandateFactory, PartnerFactory, UserFactory, category

pytestmark = pytest.mark.django_db

PORTAL_MODELS = [Site, ResearchUnit, Mandate, Succession, Category, Partner, Agreement, PartnerName, UnitName]


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def records():
    mandate = MandateFactory()
    partner = PartnerFactory(parent=PartnerFactory())
    agreement = AgreementFactory(partners=[partner])
    agreement.units.add(mandate.unit)
    closure = Succession.objects.create(predecessor=mandate.unit, kind="closure", on=mandate.end)
    return {
        Site: mandate.unit.site,
        ResearchUnit: mandate.unit,
        Mandate: mandate,
        Succession: closure,
        Category: category(),
        Partner: partner,
        Agreement: agreement,
        PartnerName: PartnerName.objects.create(partner=partner, name="Ancienne Université", end=dt.date(2019, 12, 31)),
        UnitName: UnitName.objects.create(unit=mandate.unit, name="LabHélios", kind=UnitName.Kind.ACRONYM),
    }


def test_every_portal_model_is_in_the_admin():
    assert all(admin.site.is_registered(model) for model in PORTAL_MODELS)


@pytest.mark.parametrize("model", PORTAL_MODELS, ids=lambda m: m.__name__)
def test_changelist_add_and_change_pages_answer(admin_client, records, model):
    assert admin_client.get(url(model, "changelist")).status_code == 200
    assert admin_client.get(url(model, "change", records[model].pk)).status_code == 200
    add = admin_client.get(url(model, "add"))
    # The ten categories come from the brief: nobody adds one.
    assert add.status_code == (403 if model is Category else 200)


FILTERS = {
    Site: {"kind__exact": "chu", "region__exact": "auvergne-rhone-alpes", "q": "CHU test"},
    ResearchUnit: {"status": "renewable", "site__kind__exact": "chu", "q": "test"},
    Mandate: {"number__exact": "1", "q": "U"},
    Succession: {"kind__exact": "closure", "q": "u 2"},  # a code in another spelling (factories' U2…)
    Category: {"q": "universit"},
    Partner: {"kind__exact": "university", "country": "FR", "is_published__exact": "1", "q": "test"},
    Agreement: {"stage__exact": "signed", "state": "in_force", "kind__exact": "collaboration", "q": "test"},
    PartnerName: {"kind__exact": "former", "q": "ancienne universite"},  # without its accent
    UnitName: {"kind__exact": "acronym", "q": "u 2"},  # its unit's code in another spelling
}


@pytest.mark.today
@pytest.mark.parametrize("model", PORTAL_MODELS, ids=lambda m: m.__name__)
def test_changelist_filters_find_the_record(admin_client, records, model):
    response = admin_client.get(url(model, "changelist"), FILTERS[model])
    assert response.status_code == 200
    assert records[model] in response.context["cl"].result_list


def make_rows(count):
    for index in range(count):
        mandate = MandateFactory()
        renewal = MandateFactory(unit=mandate.unit, number=2, start=mandate.end + dt.timedelta(days=1))
        Succession.objects.create(predecessor=mandate.unit, kind="closure", on=renewal.end)
        partner = PartnerFactory(parent=PartnerFactory() if index % 2 else None)
        agreement = AgreementFactory(partners=[partner, PartnerFactory()])
        agreement.units.add(mandate.unit)
        PartnerName.objects.create(partner=partner, name=f"Ancien nom {index}")
        UnitName.objects.create(unit=mandate.unit, name=f"Acronyme {index}", kind=UnitName.Kind.ACRONYM)


def changelist_queries(client, model) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url(model, "changelist"))
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("model", PORTAL_MODELS, ids=lambda m: m.__name__)
def test_changelist_queries_do_not_grow_with_rows(admin_client, model):
    make_rows(3)
    few = changelist_queries(admin_client, model)
    make_rows(57)
    assert model.objects.count() >= 60 or model is Category
    assert changelist_queries(admin_client, model) == few


REGISTERED = list(admin.site._registry)


# Every admin page of every registered model (portal, auth, axes, workspace), not only the portal's.


@pytest.fixture
def one_of_each(admin_user):
    mandate = MandateFactory()
    AgreementFactory().units.add(mandate.unit)
    profile = ManagerProfile.objects.create(user=UserFactory())
    profile.sites.add(mandate.unit.site)
    MandateAlert.objects.create(profile=profile, sent_on=timezone.localdate(), unit_count=1, months=12)


@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m._meta.label)
def test_every_registered_admin_page_answers_for_a_superuser(admin_client, admin_user, one_of_each, model):
    model_admin = admin.site._registry[model]
    request = RequestFactory().get("/")
    request.user = admin_user

    assert admin_client.get(admin_url(model, "changelist")).status_code == 200
    expected_add = 200 if model_admin.has_add_permission(request) else 403
    assert admin_client.get(admin_url(model, "add")).status_code == expected_add
    record = model.objects.order_by("pk").first()
    if record is not None:
        assert admin_client.get(admin_url(model, "change", record.pk)).status_code == 200


def test_only_the_category_add_page_is_refused_among_portal_models(admin_user):
    """The issue asks every add page to answer 200; Category's is 403 on purpose (the ten
    categories come from a data migration). This pins that it is the only portal exception."""
    request = RequestFactory().get("/")
    request.user = admin_user
    refused = {
        model._meta.label
        for model in REGISTERED
        if model._meta.app_label in ("units", "partners")
        and not admin.site._registry[model].has_add_permission(request)
    }
    assert refused == {"partners.Category"}
