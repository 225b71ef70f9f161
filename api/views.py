"""The open-data API: the public pages' records and filters, as JSON, read-only; and the
staff endpoints (/api/v1/staff/), where signed-in staff read and write every record
with their session, within their model permissions."""

import hashlib
import threading
from typing import ClassVar

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils import timezone, translation
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import mixins, viewsets
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import DjangoModelPermissions
from rest_framework.response import Response

from core import page_cache
from core.lists import COUNT_SECONDS, understood_filters
from partners.filters import AgreementFilter, PartnerFilter, StaffAgreementFilter
from partners.models import Agreement, Category, Partner, UnitPartner
from units.filters import SiteFilter, UnitFilter, unit_by_code
from units.models import ResearchUnit, Site

from . import description, serializers
from .parameters import StrictQuery, StrictViewSet, UnknownParameters


class OpenPagination(PageNumberPagination):
    """Page numbers without a cap on how far one may walk; up to 500 rows a page."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class PublicViewSet(StrictViewSet, viewsets.ReadOnlyModelViewSet):
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
    list_parameters = ("facets",)

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


class UnitCodeRedirect:
    """A unit's address takes its code in any spelling, as its public page does:
    /api/v1/units/u1013/ (or UMR_S1013, or U 1013) answers 301 to /api/v1/units/U1013/,
    the query string kept; a code no unit of `code_units()` has stays a 404."""

    def code_units(self):
        raise NotImplementedError

    def retrieve(self, request, *args, **kwargs):
        try:
            return super().retrieve(request, *args, **kwargs)
        except Http404:
            typed = kwargs[self.lookup_url_kwarg or self.lookup_field]
            unit = unit_by_code(self.code_units(), typed)
            if unit is None or unit.code_key == typed:
                raise
        address = reverse(f"{self.basename}-detail", kwargs={self.lookup_field: unit.code_key})
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{address}?{query}" if query else address)


class UnitViewSet(UnitCodeRedirect, FacetedViewSet):
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

    def code_units(self):
        return ResearchUnit.objects.published()


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


class StaffViewSet(StrictViewSet, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
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
    filterset_class = StaffAgreementFilter
    lookup_field = "reference"


@extend_schema_view(**STAFF_SCHEMA)
class StaffUnitViewSet(UnitCodeRedirect, StaffViewSet):
    queryset = ResearchUnit.objects.select_related("site").prefetch_related("mandates").order_by("code_key", "pk")
    serializer_class = serializers.StaffUnitSerializer
    lookup_field = "code_key"

    def code_units(self):
        return ResearchUnit.objects.all()


class SchemaView(StrictQuery, SpectacularAPIView):
    """The OpenAPI schema, built once per language in each process, under a lock.

    drf-spectacular loads its extensions on first use, and threads of a fresh worker that
    build the schema at once fail (tfranzel/drf-spectacular#1122). The schema depends on
    the code and the language only (choices read from the database are left out of it);
    its description, which states the rate limit as the settings say now, is written on
    each request (api/description.py)."""

    query_parameters = ("lang",)
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
            schema = self._schemas[language]
        with translation.override(language):
            info = {**schema["info"], "description": description.api_description()}
        return Response({**schema, "info": info})


class DocsView(StrictQuery, SpectacularSwaggerSplitView):
    """The browsable documentation: its page, and its start-up script (`?script`), a file
    rather than inline code (CSP)."""

    query_parameters = ("lang", "script")

    def handle_exception(self, exc):
        if isinstance(exc, UnknownParameters):  # a page: the sentence, rather than an empty "400 Bad Request"
            return HttpResponse(exc.detail["detail"], status=exc.status_code, content_type="text/plain; charset=utf-8")
        return super().handle_exception(exc)
