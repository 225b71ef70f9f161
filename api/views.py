"""The open-data API: the public pages' records and filters, as JSON, read-only; and the
staff endpoints (/api/v1/staff/), where signed-in staff read and write every record
with their session, within their model permissions."""

import hashlib
import threading
from typing import ClassVar

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone, translation
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularAPIView
from rest_framework import mixins, viewsets
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import DjangoModelPermissions
from rest_framework.response import Response

from core import page_cache
from core.lists import COUNT_SECONDS, understood_filters
from partners.filters import AgreementFilter, PartnerFilter
from partners.models import Agreement, Category, Partner, UnitPartner
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


FACETS_DESCRIPTION = (
    "With ?facets=true: for each filter with choices, how many records each choice would give "
    "with the other filters applied (the filter's own choice left out)."
)


class FacetPagination(OpenPagination):
    """Pages that also carry, when asked (`?facets=true`), how many records each filter
    choice would give (`facets`, the list pages' counts)."""

    facets: dict | None = None

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        if self.facets is not None:
            response.data["facets"] = self.facets
        return response

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["facets"] = {
            "type": "object",
            "description": FACETS_DESCRIPTION,
            "additionalProperties": {"type": "object", "additionalProperties": {"type": "integer"}},
            "example": {"region": {"bretagne": 12, "normandie": 7}},
        }
        return schema


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("facets", bool, description="Add the counts of each filter's choices (facets).")]
    )
)
class FacetedViewSet(PublicViewSet):
    """A public list whose filter choices can be counted, as its page counts them."""

    pagination_class = FacetPagination

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None and self.request.query_params.get("facets") in ("true", "1"):
            # The filters were understood (the backend answers 400 otherwise).
            filterset = DjangoFilterBackend().get_filterset(self.request, self.get_queryset(), self)
            key = repr((type(self).__qualname__, understood_filters(filterset), timezone.localdate()))
            self.paginator.facets = page_cache.until_next_edit(
                f"api-facets:{hashlib.sha256(key.encode()).hexdigest()}", filterset.facet_counts, COUNT_SECONDS
            )
        return page


class CategoryViewSet(PublicViewSet):
    queryset = Category.objects.order_by("display_order", "slug")
    serializer_class = serializers.CategorySerializer
    lookup_field = "slug"


class SiteViewSet(FacetedViewSet):
    queryset = Site.objects.with_public_unit_count().with_public_institution().order_by("name_key", "pk")
    serializer_class = serializers.SiteSerializer
    filterset_class = SiteFilter
    lookup_field = "slug"


class UnitViewSet(FacetedViewSet):
    queryset = (
        ResearchUnit.objects.for_public_detail()
        .prefetch_related(
            Prefetch(
                "partner_links",
                queryset=UnitPartner.objects.filter(partner__is_published=True).select_related("partner"),
                to_attr="public_partner_links",
            )
        )
        .order_by("code_key", "pk")
    )
    serializer_class = serializers.UnitSerializer
    filterset_class = UnitFilter
    lookup_field = "code_key"  # the code without spaces or dashes: /api/v1/units/UMRS1234/

    def get_queryset(self):
        return super().get_queryset().with_lineage()  # up to today, the day of the request


class PartnerViewSet(FacetedViewSet):
    queryset = Partner.objects.for_directory().select_related("parent", "network").order_by("name_key", "pk")
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
    filterset_class = AgreementFilter


class ModelPermissions(DjangoModelPermissions):
    """Django's model permissions, reading included: the staff endpoints show drafts,
    amounts and internal notes, to those who may view them (Managers, Editors)."""

    perms_map = {
        **DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
    }


STAFF_DESCRIPTION = (
    "For signed-in staff, with their session (and its CSRF token for writes): "
    "reading needs the view permission, creating the add one, changing the change one. "
    "A write is checked by the record's own rules, as in the admin: a refused one answers 400 "
    "with the messages under the name of their field, and saves nothing."
)


STAFF_SCHEMA = {
    action: extend_schema(tags=["staff"], description=STAFF_DESCRIPTION)
    for action in ("list", "retrieve", "create", "update", "partial_update")
}


class StaffViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [ModelPermissions]
    pagination_class = OpenPagination
    filter_backends = [DjangoFilterBackend]

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.request.method in ("PUT", "PATCH"):
            # The record stays locked from the version check to its save (update() is atomic).
            return queryset.select_for_update(of=("self",))
        return queryset

    def update(self, request, *args, **kwargs):
        with transaction.atomic():
            return super().update(request, *args, **kwargs)


@extend_schema_view(**STAFF_SCHEMA)
class StaffAgreementViewSet(StaffViewSet):
    queryset = Agreement.objects.prefetch_related("partners", "units").order_by("reference")
    serializer_class = serializers.StaffAgreementSerializer
    filterset_class = AgreementFilter
    lookup_field = "reference"


@extend_schema_view(**STAFF_SCHEMA)
class StaffUnitViewSet(StaffViewSet):
    queryset = ResearchUnit.objects.select_related("site").prefetch_related("mandates").order_by("code_key", "pk")
    serializer_class = serializers.StaffUnitSerializer
    lookup_field = "code_key"


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema, built once per language in each process, under a lock.

    drf-spectacular loads its extensions on first use, and threads of a fresh worker that
    build the schema at once fail (tfranzel/drf-spectacular#1122). The schema depends on
    the code and the language only (choices read from the database are left out of it)."""

    _schemas: ClassVar[dict] = {}
    _lock = threading.Lock()

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        # drf-spectacular's ?lang=, else the language LocaleMiddleware chose: never more
        # schemas than languages, whatever the query string.
        language = request.GET.get("lang")
        if language not in dict(settings.LANGUAGES):
            language = translation.get_language()
        with self._lock:
            if language not in self._schemas:
                generator = self.generator_class(urlconf=self.urlconf, patterns=self.patterns)
                with translation.override(language):
                    self._schemas[language] = generator.get_schema(request=request, public=self.serve_public)
        return Response(self._schemas[language])
