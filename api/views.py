"""The read-only open-data API: the public pages' records and filters, as JSON."""

from django.db.models import Prefetch
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import viewsets
from rest_framework.pagination import PageNumberPagination

from partners.filters import PartnerFilter
from partners.models import Agreement, Category, Partner
from units.filters import SiteFilter, UnitFilter
from units.models import ResearchUnit, Site

from . import serializers


class OpenPagination(PageNumberPagination):
    """Page numbers without a cap on how far one may walk; up to 500 rows a page."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class PublicViewSet(viewsets.ReadOnlyModelViewSet):
    pagination_class = OpenPagination
    filter_backends = [DjangoFilterBackend]


class CategoryViewSet(PublicViewSet):
    queryset = Category.objects.order_by("display_order", "slug")
    serializer_class = serializers.CategorySerializer
    lookup_field = "slug"


class SiteViewSet(PublicViewSet):
    queryset = Site.objects.with_public_unit_count().order_by("name_key", "pk")
    serializer_class = serializers.SiteSerializer
    filterset_class = SiteFilter
    lookup_field = "slug"


class UnitViewSet(PublicViewSet):
    queryset = ResearchUnit.objects.for_public_detail().order_by("code_key", "pk")
    serializer_class = serializers.UnitSerializer
    filterset_class = UnitFilter
    lookup_field = "code_key"  # the code without spaces or dashes: /api/v1/units/UMRS1234/


class PartnerViewSet(PublicViewSet):
    queryset = Partner.objects.for_directory().select_related("parent").order_by("name_key", "pk")
    serializer_class = serializers.PartnerSerializer
    filterset_class = PartnerFilter
    lookup_field = "slug"


class AgreementViewSet(PublicViewSet):
    queryset = (
        Agreement.objects.public()
        .prefetch_related(
            Prefetch("partners", queryset=Partner.objects.published().order_by("slug")),
            Prefetch("units", queryset=ResearchUnit.objects.published().order_by("code_key")),
        )
        .order_by("reference")
    )
    serializer_class = serializers.AgreementSerializer
    lookup_field = "reference"
    filterset_fields = ["kind", "status"]
