"""Partners and agreements in spreadsheets (admin import and export). See core/exchange.py."""

from django.core.exceptions import ValidationError

from core.exchange import PortalResource, key_field, key_list_field
from units.models import ResearchUnit, code_key

from .columns import AGREEMENT_PUBLIC_FIELDS, PARTNER_PUBLIC_FIELDS
from .models import Agreement, Category, Partner


class PartnerResource(PortalResource):
    category = key_field("category", Category, "slug")
    parent = key_field("parent", Partner, "slug")
    network = key_field("network", Partner, "slug")

    self_references = ("parent", "network")
    writes_in_bulk = True

    class Meta(PortalResource.Meta):
        model = Partner
        # What the API shows too, then what only editors see.
        fields = [*PARTNER_PUBLIC_FIELDS, "description", "is_published", "internal_notes"]
        import_id_fields = ["slug"]

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("category", "parent", "network")


class AgreementResource(PortalResource):
    """An agreement, its partners (slugs) and units (codes), each list comma-separated."""

    partners = key_list_field("partners", Partner, "slug")
    units = key_list_field("units", ResearchUnit, "code", lookup="code_key", prepare=code_key)

    class Meta(PortalResource.Meta):
        model = Agreement
        fields = [*AGREEMENT_PUBLIC_FIELDS, "amount_eur", "is_public", "internal_notes"]
        import_id_fields = ["reference"]

    def import_instance(self, instance, row, **kwargs):
        """The rule on partners (Agreement.check_partners), on the partners column: a new
        agreement, or one saved without partners before the rule, needs that column, and no
        row may empty it."""
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        keeps_none = instance._state.adding or not instance.partners.exists()
        if "partners" not in errors and ("partners" in row or keeps_none):
            partners = self.fields["partners"].clean(row) if "partners" in row else []
            try:
                Agreement.check_partners(partners)
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def filter_export(self, queryset, **kwargs):
        return queryset.prefetch_related("partners", "units")
