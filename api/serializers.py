"""Public fields only: what the public pages show, never amounts, notes or drafts."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from partners.models import Agreement, Category, Partner
from units.models import Mandate, ResearchUnit, Site


@extend_schema_field(OpenApiTypes.URI)
class PageUrlField(serializers.Field):
    """The record's public page, as an absolute address."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance):
        return self.context["request"].build_absolute_uri(instance.get_absolute_url())


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["slug", "name_fr", "name_en", "description_fr", "description_en", "display_order"]


class SiteSerializer(serializers.ModelSerializer):
    unit_count = serializers.IntegerField(read_only=True, help_text="Published units on this site.")
    page = PageUrlField()

    class Meta:
        model = Site
        fields = ["slug", "name", "kind", "city", "region", "latitude", "longitude", "unit_count", "page"]


class TermSerializer(serializers.ModelSerializer):
    class Meta:
        model = Mandate
        fields = ["number", "start", "end"]


class UnitSerializer(serializers.ModelSerializer):
    site = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    mandate_status = serializers.CharField(read_only=True, allow_null=True)
    term_end = serializers.DateField(read_only=True, allow_null=True)
    terms = TermSerializer(source="mandates", many=True, read_only=True)
    page = PageUrlField()

    class Meta:
        model = ResearchUnit
        fields = [
            "code",
            "code_key",
            "name",
            "acronym",
            "structure_type",
            "site",
            "director_name",
            "director_is_puph",
            "hospital_staff_count",
            "themes",
            "rnsr_number",
            "hceres_wave",
            "mandate_status",
            "term_end",
            "terms",
            "page",
        ]


class PartnerSerializer(serializers.ModelSerializer):
    category = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    country = serializers.CharField(source="country.code", read_only=True)
    ror = serializers.SerializerMethodField(help_text="The ROR ID as a link, or null.")
    parent = serializers.SerializerMethodField(help_text="The parent partner's slug when it is published.")
    page = PageUrlField()

    class Meta:
        model = Partner
        fields = [
            "slug",
            "name",
            "acronym",
            "category",
            "kind",
            "country",
            "city",
            "region",
            "website",
            "ror_id",
            "ror",
            "network_role",
            "parent",
            "page",
        ]

    def get_ror(self, partner) -> str | None:
        return partner.ror_url or None

    def get_parent(self, partner) -> str | None:
        return partner.parent.slug if partner.parent_id and partner.parent.is_published else None


class AgreementSerializer(serializers.ModelSerializer):
    partners = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    units = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Agreement
        fields = [
            "reference",
            "title",
            "kind",
            "status",
            "signed_on",
            "start",
            "end",
            "objectives",
            "partners",
            "units",
        ]
