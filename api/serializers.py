"""The public serializers show public fields only: what the public pages show, never
amounts, notes or drafts. The records' own public fields are named once (units/columns.py,
partners/columns.py), for the spreadsheets too; each serializer adds what only the API
shows (pages, terms, links). The staff serializers, for the authenticated write endpoints,
show everything and write through the models' own rules."""

import datetime as dt

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as ModelValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.settings import api_settings

from core.identifiers import IdentifierField
from partners import services as agreement_services
from partners.columns import AGREEMENT_PUBLIC_FIELDS, PARTNER_PUBLIC_FIELDS
from partners.models import Agreement, Category, Partner, UnitPartner
from units import services as unit_services
from units.columns import SITE_FIELDS, UNIT_PUBLIC_FIELDS
from units.models import Mandate, ResearchUnit, Site, Succession


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
    institution = serializers.CharField(
        source="institution_slug",
        read_only=True,
        allow_null=True,
        help_text="The slug of the partner the site belongs to (AP-HP for Necker), or null.",
    )
    page = PageUrlField()

    class Meta:
        model = Site
        fields = [*SITE_FIELDS, "institution", "unit_count", "page"]


class TermSerializer(serializers.ModelSerializer):
    class Meta:
        model = Mandate
        fields = ["number", "start", "end"]


class LineageLinkSerializer(serializers.Serializer):
    """One succession as a unit's lineage lists it: the other unit, how and when."""

    code = serializers.CharField(help_text="The other unit's code.")
    kind = serializers.ChoiceField(choices=Succession.Kind.choices)
    date = serializers.DateField(help_text="The day the successor took over.")
    api = serializers.URLField(help_text="The other unit in this API.")
    page = serializers.URLField(help_text="The other unit's public page.")


def lineage_link(request, unit, row) -> dict:
    return {
        "code": unit.code,
        "kind": row.kind,
        "date": row.on,
        "api": request.build_absolute_uri(reverse("researchunit-detail", kwargs={"code_key": unit.code_key})),
        "page": request.build_absolute_uri(unit.get_absolute_url()),
    }


class UnitPartnerSerializer(serializers.ModelSerializer):
    """One of a unit's dated relations with a published partner."""

    partner = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    end = serializers.DateField(allow_null=True, help_text="Null while the relation lasts.")

    class Meta:
        model = UnitPartner
        fields = ["partner", "role", "start", "end"]


class UnitSerializer(serializers.ModelSerializer):
    site = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    mandate_status = serializers.CharField(read_only=True, allow_null=True)
    term_end = serializers.DateField(read_only=True, allow_null=True)
    terms = TermSerializer(source="mandates", many=True, read_only=True)
    predecessors = serializers.SerializerMethodField(
        help_text="The published units this one succeeds (a merger has several), oldest first."
    )
    successors = serializers.SerializerMethodField(
        help_text="The published units that succeed this one (a split has several)."
    )
    closed_on = serializers.SerializerMethodField(help_text="The day the unit closed without successor, or null.")
    supervisors = serializers.SerializerMethodField(
        help_text="The slugs of the published partners supervising the unit today, besides Inserm."
    )
    # Prefetched by the view (UnitViewSet): every relation with a published partner.
    partners = UnitPartnerSerializer(
        source="public_partner_links",
        many=True,
        read_only=True,
        help_text="Its relations with published partners (supervising body, host institution…), dated, oldest first.",
    )
    page = PageUrlField()

    class Meta:
        model = ResearchUnit
        fields = [
            *UNIT_PUBLIC_FIELDS,
            *("code_key", "mandate_status", "term_end", "terms", "predecessors", "successors", "closed_on"),
            *("supervisors", "partners", "page"),
        ]

    def get_supervisors(self, unit) -> list[str]:
        today = timezone.localdate()
        supervising = [link for link in unit.public_partner_links if link.role == UnitPartner.Role.SUPERVISOR]
        return sorted(link.partner.slug for link in supervising if link.in_force_on(today))

    # The lineage rows come prefetched with their units (ResearchUnitQuerySet.for_public_detail).
    @extend_schema_field(LineageLinkSerializer(many=True))
    def get_predecessors(self, unit) -> list[dict]:
        request = self.context["request"]
        rows = unit.predecessor_links.all()
        return [lineage_link(request, row.predecessor, row) for row in rows if row.predecessor.is_published]

    @extend_schema_field(LineageLinkSerializer(many=True))
    def get_successors(self, unit) -> list[dict]:
        request = self.context["request"]
        rows = unit.successor_links.all()
        return [
            lineage_link(request, row.successor, row) for row in rows if row.successor_id and row.successor.is_published
        ]

    def get_closed_on(self, unit) -> dt.date | None:
        return next((row.on for row in unit.successor_links.all() if row.successor_id is None), None)


class PartnerSerializer(serializers.ModelSerializer):
    category = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    country = serializers.CharField(source="country.code", read_only=True)
    ror = serializers.SerializerMethodField(help_text="The ROR ID as a link, or null.")
    parent = serializers.SerializerMethodField(help_text="The parent partner's slug when it is published.")
    network = serializers.SerializerMethodField(help_text="The slug of the network it is a member of, when published.")
    page = PageUrlField()

    class Meta:
        model = Partner
        fields = [*PARTNER_PUBLIC_FIELDS, "ror", "page"]

    def get_ror(self, partner) -> str | None:
        return partner.ror_url or None

    def get_parent(self, partner) -> str | None:
        return partner.parent.slug if partner.parent_id and partner.parent.is_published else None

    def get_network(self, partner) -> str | None:
        return partner.network.slug if partner.network_id and partner.network.is_published else None


STATE_HELP = "What the calendar makes of it today: not yet in force, in force, expired or terminated early."


class AgreementSerializer(serializers.ModelSerializer):
    partners = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    units = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    state = serializers.ChoiceField(choices=Agreement.State.choices, read_only=True, help_text=STATE_HELP)

    class Meta:
        model = Agreement
        fields = [*AGREEMENT_PUBLIC_FIELDS, "state"]


# --- Staff: authenticated writes ------------------------------------------------------------


def api_errors(error: ModelValidationError) -> serializers.ValidationError:
    """A model's ValidationError as the API answers it: the messages under the name of their
    field, the others under non_field_errors."""
    if not hasattr(error, "error_dict"):
        return serializers.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: error.messages})
    return serializers.ValidationError(
        {
            api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field: messages
            for field, messages in error.message_dict.items()
        }
    )


class IdentifierInput(serializers.CharField):
    """An identifier as written (spaces, a registry link…), read in its compact form before
    its scheme's check and length apply."""

    def to_internal_value(self, data):
        return self.parent.Meta.model._meta.get_field(self.source).to_python(super().to_internal_value(data))


class StaffSerializer(serializers.ModelSerializer):
    """A record as staff read and write it, `version` included: a write that names an older
    version than the stored one is refused (a colleague saved in between)."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        IdentifierField: IdentifierInput,
    }

    version = serializers.IntegerField(
        required=False, help_text="The version read; a write naming an older one is refused."
    )

    def check_version(self, record, data: dict) -> None:
        version = data.pop("version", None)
        if record.pk and version is not None and version != record.version:
            raise serializers.ValidationError(
                {"version": _("This record has changed since you read it: read it again, then write your changes.")}
            )


class StaffAgreementSerializer(StaffSerializer):
    """Every field of an agreement. A write goes through partners.services.save_agreement:
    the model's rules, its partners' included, and nothing saved on any error."""

    partners = serializers.SlugRelatedField(
        slug_field="slug",
        many=True,
        required=False,
        queryset=Partner.objects.all(),
        help_text="The partners' slugs: at least one.",
    )
    units = serializers.SlugRelatedField(
        slug_field="code", many=True, required=False, queryset=ResearchUnit.objects.all(), help_text="Unit codes."
    )
    state = serializers.ChoiceField(choices=Agreement.State.choices, read_only=True, help_text=STATE_HELP)

    class Meta:
        model = Agreement
        fields = [*AGREEMENT_PUBLIC_FIELDS, "state", "amount_eur", "is_public", "internal_notes", "version"]

    def create(self, validated_data):
        return self.save_agreement(Agreement(), validated_data)

    def update(self, instance, validated_data):
        return self.save_agreement(instance, validated_data)

    def save_agreement(self, agreement, validated_data):
        data = dict(validated_data)
        self.check_version(agreement, data)
        partners, units = data.pop("partners", None), data.pop("units", None)
        for name, value in data.items():
            setattr(agreement, name, value)
        try:
            return agreement_services.save_agreement(agreement=agreement, partners=partners, units=units)
        except ModelValidationError as error:
            raise api_errors(error) from None


class StaffUnitSerializer(StaffSerializer):
    """Every field of a unit. A new unit gets its first full term (units.services.create_unit);
    a change is checked by the model's rules (full_clean) before it is saved."""

    site = serializers.SlugRelatedField(slug_field="slug", queryset=Site.objects.all())
    terms = TermSerializer(source="mandates", many=True, read_only=True)
    first_term_start = serializers.DateField(
        write_only=True, required=False, help_text="On creation only: the start of its first term (today by default)."
    )

    class Meta:
        model = ResearchUnit
        fields = [
            *UNIT_PUBLIC_FIELDS,
            *("is_published", "internal_notes", "terms", "first_term_start", "version"),
        ]

    def create(self, validated_data):
        data = dict(validated_data)
        data.pop("version", None)
        try:
            return unit_services.create_unit(**data)
        except ModelValidationError as error:
            raise api_errors(error) from None

    def update(self, instance, validated_data):
        data = dict(validated_data)
        self.check_version(instance, data)
        if "first_term_start" in data:
            raise serializers.ValidationError(
                {"first_term_start": _("Only a new unit gets a first term here: renew a unit in the admin.")}
            )
        for name, value in data.items():
            setattr(instance, name, value)
        try:
            instance.full_clean()
        except ModelValidationError as error:
            raise api_errors(error) from None
        instance.save()
        return instance
