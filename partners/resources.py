"""Partners and agreements in spreadsheets (admin import and export). See core/exchange.py."""

from django.core.exceptions import ValidationError

from core.exchange import DateWidget, PortalResource, key_field, key_list_field, text_of
from units.models import ResearchUnit, code_key
from units.resources import DatedNameResource, unit_field

from .columns import AGREEMENT_PUBLIC_FIELDS, PARTNER_PUBLIC_FIELDS
from .models import Agreement, Category, Partner, PartnerName, UnitPartner


class PartnerResource(PortalResource):
    """A partner, its category, parent and network (slugs). Partners are imported first:
    sites name their institution, agreements and units' partners their partners."""

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
    """An agreement, its partners (slugs) and units (codes), each list comma-separated.
    Imported after the partners and the units."""

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


def date_key(value) -> str:
    """A start date as keys hold it (ISO), whatever the cell's spelling; as typed if it is none."""
    try:
        day = DateWidget().clean(value)
    except ValueError:
        return text_of(value)
    return day.isoformat() if day else ""


class UnitPartnerResource(PortalResource):
    """A partner's role in a unit from a date (to a date, or open): unit (code, any spelling),
    partner (slug), role (key: supervisor, host, hospital, associate), start, end. Named by
    unit, partner, role and start. Imported after the units and the partners.

    Each row is checked by UnitPartner.clean (an end before the start, two periods of one
    relation over the same days) against the stored periods as the file leaves them: the
    file's rows stand for the stored ones they name, so that a file may end a period and
    start the next one, in either order, as the unit's page in the admin may."""

    unit = unit_field("unit")
    partner = key_field("partner", Partner, "slug")

    class Meta(PortalResource.Meta):
        model = UnitPartner
        fields = ["unit", "partner", "role", "start", "end"]
        import_id_fields = ["unit", "partner", "role", "start"]

    def row_key(self, row):
        unit = code_key(text_of(row.get("unit")))
        if not unit:
            return None
        return (unit, text_of(row.get("partner")), text_of(row.get("role")), date_key(row.get("start")))

    @staticmethod
    def record_key(relation):
        return (relation.unit.code_key, relation.partner.slug, relation.role, relation.start.isoformat())

    def records_named(self, keys):
        units, found = sorted({key[0] for key in keys}), {}
        for start in range(0, len(units), 500):
            relations = UnitPartner.objects.filter(unit__code_key__in=units[start : start + 500])
            found.update(
                (self.record_key(relation), relation) for relation in relations.select_related("unit", "partner")
            )
        return {key: found[key] for key in keys if key in found}  # the file's, not all of their units'

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("unit", "partner")

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.relations_in_file = self.read_relations(dataset)

    def read_relations(self, dataset) -> dict[int, UnitPartner]:
        """{row number: the row's period} for the rows whose unit, partner and dates read
        (the others have errors of their own)."""
        rows = list(dataset.dict)
        unit_keys = {code_key(text_of(row.get("unit"))) for row in rows}
        units = dict(ResearchUnit.objects.filter(code_key__in=unit_keys - {""}).values_list("code_key", "pk"))
        slugs = {text_of(row.get("partner")) for row in rows}
        partners = dict(Partner.objects.filter(slug__in=slugs - {""}).values_list("slug", "pk"))
        relations = {}
        for number, row in enumerate(rows, 1):
            stored = self.existing.get(self.row_key(row))
            try:
                start = DateWidget().clean(row.get("start"))
                end = DateWidget().clean(row["end"]) if "end" in row else getattr(stored, "end", None)
            except ValueError:
                continue
            unit, partner = units.get(code_key(text_of(row.get("unit")))), partners.get(text_of(row.get("partner")))
            if unit is None or partner is None or start is None or (end is not None and end < start):
                continue
            relations[number] = UnitPartner(
                pk=stored.pk if stored else None,
                unit_id=unit,
                partner_id=partner,
                role=text_of(row.get("role")),
                start=start,
                end=end,
            )
        return relations

    def before_import_row(self, row, **kwargs):
        self.row_number = kwargs.get("row_number")
        super().before_import_row(row, **kwargs)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        if instance.unit_id and instance.partner_id:
            named = {relation.pk for relation in self.existing.values()}
            stored = UnitPartner.objects.filter(unit=instance.unit_id, partner=instance.partner_id, role=instance.role)
            in_file = [relation for number, relation in self.relations_in_file.items() if number != self.row_number]
            instance.submitted_siblings = [*stored.exclude(pk__in=named | {instance.pk} - {None}), *in_file]
        super().validate_instance(instance, import_validation_errors, validate_unique)


class PartnerNameResource(DatedNameResource):
    """A partner's acronym, alias or former name: partner (slug), name, kind, start, end.
    See DatedNameResource (units/resources.py)."""

    partner = key_field("partner", Partner, "slug")
    owner_key_field = "slug"

    class Meta(PortalResource.Meta):
        model = PartnerName
        fields = ["partner", "name", "kind", "start", "end"]
        import_id_fields = ["partner", "name", "kind"]
