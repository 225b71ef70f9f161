"""The public lists' first pages are read through the indexes made for them, on both
databases. On SQLite this depends on how a query is written: a bare `WHERE is_published`
(Django's spelling of `is_published=True`) made it scan and sort the whole table."""

import pytest
from django.db import connection

from partners.models import Partner
from units.models import ResearchUnit

from ..factories import AgreementFactory, MandateFactory, PartnerFactory, category

pytestmark = pytest.mark.django_db


# On tables this small PostgreSQL would rather scan, or read any index and sort.
POSTGRESQL_SETTINGS = ("enable_seqscan", "enable_bitmapscan", "enable_sort")


def plan(queryset) -> str:
    if connection.vendor != "postgresql":
        return queryset.explain()
    with connection.cursor() as cursor:
        for setting in POSTGRESQL_SETTINGS:
            cursor.execute(f"SET {setting} = off")
        try:
            return queryset.explain()
        finally:
            for setting in POSTGRESQL_SETTINGS:
                cursor.execute(f"RESET {setting}")


@pytest.mark.parametrize(
    ("rows", "index"),
    [
        (lambda: Partner.objects.published().order_by("name_key", "pk"), "partner_directory_name"),
        (
            lambda: Partner.objects.published().filter(category=category()).order_by("name_key", "pk"),
            "partner_category_name",
        ),
        (lambda: ResearchUnit.objects.published().order_by("code_key", "pk"), "unit_published_code"),
    ],
    ids=["directory", "category filter", "unit list"],
)
def test_public_lists_read_their_index(rows, index):
    PartnerFactory.create_batch(3)
    MandateFactory.create_batch(3)
    AgreementFactory.create_batch(3)
    assert index in plan(rows()[:25]), plan(rows()[:25])
