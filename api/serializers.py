"""Public fields only: what the public pages show, never amounts, notes or drafts. The
records' own public fields are named once (units/columns.py, partners/columns.py), for the
spreadsheets too; each serializer adds what only the API shows (pages, terms, links)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from partners.columns import AGREEMENT_PUBLIC_FIELDS, PARTNER_PUBLIC_FIELDS
from partners.models import Agreement, Category, Partner
from units.columns import SITE_FIELDS, UNIT_PUBLIC_FIELDS
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
        fields = [*SITE_FIELDS, "unit_count", "page"]


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
        fields = [*UNIT_PUBLIC_FIELDS, "code_key", "mandate_status", "term_end", "terms", "page"]


class PartnerSerializer(serializers.ModelSerializer):
    category = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    country = serializers.CharField(source="country.code", read_only=True)
    ror = serializers.SerializerMethodField(help_text="The ROR ID as a link, or null.")
    parent = serializers.SerializerMethodField(help_text="The parent partner's slug when it is published.")
    page = PageUrlField()

    class Meta:
        model = Partner
        fields = [*PARTNER_PUBLIC_FIELDS, "ror", "page"]

    def get_ror(self, partner) -> str | None:
        return partner.ror_url or None

    def get_parent(self, partner) -> str | None:
        return partner.parent.slug if partner.parent_id and partner.parent.is_published else None


class AgreementSerializer(serializers.ModelSerializer):
    partners = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    units = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Agreement
        fields = AGREEMENT_PUBLIC_FIELDS
