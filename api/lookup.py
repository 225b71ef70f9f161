"""/api/v1/lookup/?id=…: the published records an identifier names, whatever system it
comes from. The identifier may be bare (its scheme read from its form), named
(`ror:02vjkv261`), a registry link, or an Inserm unit code in any spelling (U1013,
UMR-S 1013, Inserm 1013). A 9-digit number may be a SIREN or a FINESS number: both are
looked up, and every match returned. Unpublished records are never found."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.identifiers import SCHEMES, candidates, identifier_fields, matching, named_scheme
from partners.models import Partner
from units import codes
from units.models import ResearchUnit, Site, code_key

from .parameters import StrictQuery
from .throttling import AnonymousRateThrottle

DESCRIPTION = __doc__
UNIT_CODE = "inserm_code"  # the scheme a match by unit code is reported under

# Each kind of record: its public records, and the name of its API detail route.
KINDS = {
    "unit": (ResearchUnit.objects.published, "researchunit-detail", "code_key"),
    "site": (Site.objects.all, "site-detail", "slug"),  # every site has a public page
    "partner": (Partner.objects.published, "partner-detail", "slug"),
}


class LookupMatchSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=list(KINDS), help_text="What the record is.")
    scheme = serializers.ChoiceField(choices=[*SCHEMES, UNIT_CODE], help_text="Which identifier of the record matched.")
    value = serializers.CharField(help_text="The identifier as the portal stores it (compact form).")
    name = serializers.CharField(help_text="The record's name.")
    page = serializers.URLField(help_text="The record's public page.")
    api = serializers.URLField(help_text="The record in this API.")


class LookupSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="The identifier as it was asked for.")
    matches = LookupMatchSerializer(many=True)


class LookupErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="Why nothing is returned, and what the API accepts.")


ACCEPTED = gettext_lazy(
    "An identifier: RNSR (200818283W), ROR (02vjkv261 or https://ror.org/02vjkv261), SIREN (180036048), "
    "SIRET, UAI (0755976N), FINESS (750100208), Wikidata (Q42), or an Inserm unit code (U1013); "
    "prefix it with its scheme to look up that scheme only (ror:02vjkv261, finess:750712184)."
)


class LookupView(StrictQuery, APIView):
    throttle_classes = [AnonymousRateThrottle]
    query_parameters = ("id",)

    @extend_schema(
        operation_id="lookup",
        summary="Find a record by any of its identifiers",
        description=DESCRIPTION,
        tags=["lookup"],
        parameters=[
            OpenApiParameter(
                "id",
                str,
                required=True,
                description=ACCEPTED,
                examples=[
                    OpenApiExample("ROR", value="ror:02vjkv261"),
                    OpenApiExample("Bare number", value="750712184"),
                    OpenApiExample("Unit code", value="U1013"),
                ],
            )
        ],
        responses={200: LookupSerializer, 400: LookupErrorSerializer, 404: LookupErrorSerializer},
    )
    def get(self, request):
        typed = request.query_params.get("id", "")
        if not typed.strip():
            return error(
                status.HTTP_400_BAD_REQUEST, _("Give the identifier to look up in the id parameter."), ACCEPTED
            )
        scheme, rest = named_scheme(typed)
        unit_number = None if scheme else codes.number_searched(typed)
        is_code = unit_number is not None or (scheme is None and codes.canonical(typed) is not None)
        if scheme is not None and scheme.read(rest) is None:
            return error(status.HTTP_400_BAD_REQUEST, str(scheme.message))
        if not is_code and not candidates(typed):
            return error(status.HTTP_400_BAD_REQUEST, _("This is not an identifier the portal knows."), ACCEPTED)
        matches = [match for kind in KINDS for match in self.matches(request, kind, typed, is_code, unit_number)]
        if not matches:
            return error(status.HTTP_404_NOT_FOUND, _("No published record has this identifier."))
        return Response({"id": typed, "matches": matches})

    def matches(self, request, kind: str, typed: str, is_code: bool, unit_number: int | None) -> list[dict]:
        records, route, key = KINDS[kind]
        queryset = records()
        condition = matching(queryset.model, typed)
        if kind == "unit" and is_code:
            by_code = Q(code_key=code_key(typed))
            if unit_number is not None:  # U1013 finds UMR-S 1013 and its re-creations under 1013
                by_code |= Q(inserm_number=unit_number)
            condition = by_code if condition is None else condition | by_code
        if condition is None:
            return []
        found = candidates(typed)
        results = []
        for record in queryset.filter(condition).order_by("pk"):
            scheme, value = matched_identifier(record, found) or (UNIT_CODE, record.code)
            results.append(
                {
                    "kind": kind,
                    "scheme": scheme,
                    "value": value,
                    "name": record.name,
                    "page": request.build_absolute_uri(record.get_absolute_url()),
                    "api": request.build_absolute_uri(reverse(route, kwargs={key: getattr(record, key)})),
                }
            )
        return results


def matched_identifier(record, found) -> tuple[str, str] | None:
    """(scheme key, value) of the record's identifier among `found`, if one is."""
    for field in identifier_fields(type(record)):
        for scheme, value in found:
            if field.scheme.key == scheme.key and getattr(record, field.attname) == value:
                return scheme.key, value
    return None


def error(code: int, *sentences: str) -> Response:
    return Response({"detail": " ".join(str(sentence) for sentence in sentences)}, status=code)
