from django import forms
from django.contrib import admin, messages
from django.contrib.admin import RelatedFieldListFilter
from django.contrib.admin.checks import ModelAdminChecks
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.db.models import Case, Count, Exists, OuterRef, Value, When
from django.forms.formsets import DELETION_FIELD_NAME
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.admin_deletion import ProtectedDeletionMixin
from core.admin_tools import (
    HistoryAdmin,
    PortalModelAdmin,
    TrackedModelAdmin,
    export_as_csv,
    publication_actions,
    titled,
)
from core.concurrency import OptimisticLockForm
from core.exchange import ImportExportAdminMixin
from core.identifiers import matching
from units.admin import DatedNameAdmin, ResearchUnitAdmin

from .columns import AGREEMENT_ADMIN_EXPORT, PARTNER_ADMIN_EXPORT
from .models import Agreement, Category, Partner, PartnerName, UnitPartner
from .resources import AgreementResource, PartnerNameResource, PartnerResource, UnitPartnerResource


@admin.register(Category)
class CategoryAdmin(PortalModelAdmin):
    """The ten categories come from the brief: editors reword them, never add or remove one."""

    list_display = ["name_fr", "name_en", "display_order", "partner_count"]
    list_editable = ["display_order"]
    readonly_fields = ["slug"]
    search_fields = ["name_fr", "name_en", "slug"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(partner_count=Count("partners"))

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("partners"), ordering="partner_count")
    def partner_count(self, category):
        return category.partner_count


class CountryListFilter(admin.SimpleListFilter):
    """Only the countries partners are in, by name (the full list has 250 entries)."""

    title = _("country")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        present = Partner.objects.order_by().values_list("country", flat=True).distinct()
        return sorted(((code, countries.name(code)) for code in present), key=lambda item: item[1])

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(country=self.value().upper())
        return queryset


class CountryNameField(forms.CharField):
    """A country typed by name (in English or the admin's language) or ISO code, not
    picked from a list of 250: no admin form carries more than 200 options."""

    def __init__(self, **kwargs):
        kwargs.pop("choices", None)
        kwargs.pop("coerce", None)
        kwargs.pop("empty_value", None)
        super().__init__(**{**kwargs, "max_length": 80, "help_text": _("Its name, or its code: FR, DE, US…")})

    def prepare_value(self, value):
        code = str(value or "")
        return countries.name(code) or code

    def to_python(self, value):
        text = super().to_python(value).strip()
        if not text:
            return ""
        if text.upper() in countries:
            return text.upper()
        code = countries.by_name(text, language=get_language() or "en") or countries.by_name(text)
        if not code:
            message = _("“%(value)s” is not a country we know: type its name or its code.")
            raise forms.ValidationError(message % {"value": text})
        return code


class PartnerForm(OptimisticLockForm):
    # No Meta: the admin builds the form for Partner with its own field settings.
    country = CountryNameField(label=capfirst(_("country")))


class PartnerNameInline(admin.TabularInline):
    """Its acronyms, aliases and former names, with their dates: searched, and shown as
    "formerly …" on a result found by a former name."""

    model = PartnerName
    fields = ["name", "kind", "start", "end"]
    extra = 0


@admin.register(PartnerName)
class PartnerNameAdmin(DatedNameAdmin):
    resource_classes = [PartnerNameResource]
    list_display = ["partner", "name", "kind", "start", "end"]
    list_select_related = ["partner"]
    search_fields = ["name", "partner__name", "partner__acronym", "partner__slug"]
    search_help_text = _("Name, or the partner's name, acronym or slug.")
    autocomplete_fields = ["partner"]
    fields = ["partner", "name", "kind", "start", "end"]
    ordering = ["partner__name", "kind", "name"]


@admin.register(Partner)
class PartnerAdmin(ProtectedDeletionMixin, ImportExportAdminMixin, TrackedModelAdmin):
    resource_classes = [PartnerResource]
    inlines = [PartnerNameInline]
    form = PartnerForm
    list_display = ["name", "acronym", "category", "kind", "country_name", "region", "is_published"]
    list_select_related = ["category"]
    list_filter = [
        "category",
        "kind",
        CountryListFilter,
        "region",
        ("network", titled(_("network"), RelatedFieldListFilter)),
        "network_role",
        "is_published",
    ]
    search_fields = ["name", "acronym", "slug", "city", "ror_id"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent", "network"]
    readonly_fields = ["created_at", "updated_at", "unit_relations", "institution_sites"]
    show_full_result_count = False
    actions = [*publication_actions("is_published"), export_as_csv]
    fieldsets = [
        (None, {"fields": ["name", "slug", "acronym", "category", "kind", "parent"]}),
        (_("Location"), {"fields": ["country", "city", "region"]}),
        (_("Identity"), {"fields": ["website", "founded_on", "description"]}),
        (_("Identifiers"), {"fields": ["ror_id", "siren", "siret", "uai", "finess", "wikidata_id"]}),
        (_("Network"), {"fields": ["network", "network_role", "inserm_role"]}),
        (_("Publication"), {"fields": ["is_published", "internal_notes", "created_at", "updated_at"]}),
        (_("Units and sites"), {"fields": ["unit_relations", "institution_sites"]}),
    ]
    csv_columns = PARTNER_ADMIN_EXPORT

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        identifier = matching(Partner, search_term)  # any identifier, in any spelling or as a link
        if identifier is not None:
            results |= queryset.filter(identifier)
        return results, may_have_duplicates

    @admin.display(description=_("units"))
    def unit_relations(self, partner):
        """How many units it is what to, today and formerly, each count linking to the relations
        (a national body has thousands: counted, not listed)."""
        if partner.pk is None:
            return "—"
        today = timezone.localdate()
        links = partner.unit_links.order_by()
        counts = {
            (row["role"], row["period"]): row["count"]
            for row in links.annotate(
                period=Case(
                    When(start__gt=today, then=Value("upcoming")),
                    When(end__lt=today, then=Value("ended")),
                    default=Value("in_force"),
                )
            )
            .values("role", "period")
            .annotate(count=Count("pk"))
        }
        if not counts:
            return _("None: add the relations on the units' pages.")
        url = reverse("admin:partners_unitpartner_changelist")
        rows = []
        for role in UnitPartner.Role:
            for period, label in (
                ("in_force", _("today")),
                ("ended", _("formerly")),
                ("upcoming", _("from a later date")),
            ):
                if counts.get((role.value, period)):
                    rows.append(
                        (
                            f"{url}?partner__id__exact={partner.pk}&role__exact={role.value}&today={period}",
                            role.label,
                            label,
                            counts[(role.value, period)],
                        )
                    )
        return format_html_join(mark_safe("<br>"), '<a href="{}">{} ({}): {}</a>', rows)

    @admin.display(description=_("sites"))
    def institution_sites(self, partner):
        if partner.pk is None:
            return "—"
        count = partner.sites.count()
        if not count:
            return _("None: a site names its institution on its own page.")
        url = reverse("admin:units_site_changelist") + f"?institution__id__exact={partner.pk}"
        text = ngettext("%(count)d site belongs to it", "%(count)d sites belong to it", count) % {"count": count}
        return format_html('<a href="{}">{}</a>', url, text)

    @admin.display(description=_("country"), ordering="country")
    def country_name(self, partner):
        # Not the field itself: the admin would look its label up among 250 choices per row.
        return partner.country.name

    def after_unpublish(self, request, partner):
        # Its public agreements with no other published partner no longer show anywhere.
        published_partner = Partner.objects.published().filter(agreements=OuterRef("pk"))
        hidden = (
            Agreement.objects.filter(partners=partner, is_public=True, stage__in=Agreement.SIGNED_STAGES)
            .exclude(Exists(published_partner))
            .count()
        )
        if hidden:
            message = ngettext(
                "%(count)d public agreement now has no published partner, so no page shows it: publish "
                "another of its partners or untick “public” (the Data quality page lists it).",
                "%(count)d public agreements now have no published partner, so no page shows them: publish "
                "another of their partners or untick “public” (the Data quality page lists them).",
                hidden,
            )
            self.message_user(request, message % {"count": hidden}, messages.WARNING)


class AgreementStateFilter(admin.SimpleListFilter):
    """The state today, which the calendar decides (Agreement.State), in SQL."""

    title = _("state today")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return Agreement.State.choices

    def queryset(self, request, queryset):
        if self.value() in Agreement.State.values:
            return queryset.with_state(self.value())
        return queryset


class AgreementForm(OptimisticLockForm):
    # No Meta: the admin builds the form for Agreement with its own field settings.

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "partners" in self.fields:
            self.fields["partners"].required = False  # the model's rule says it, in its words (clean)

    def clean(self):
        cleaned = super().clean()
        if "partners" in self.fields and "partners" in cleaned:
            try:
                Agreement.check_partners(cleaned["partners"])
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


class LinksChecks(ModelAdminChecks):
    """The admin refuses many-to-many fields with a through model of their own in a form:
    these have nothing beside their two ends (AgreementPartner, AgreementUnit), and are
    edited as plain links (AgreementAdmin.formfield_for_manytomany)."""

    def _check_field_spec_item(self, obj, field_name, label):
        if field_name in obj.plain_links:
            return []
        return super()._check_field_spec_item(obj, field_name, label)


@admin.register(Agreement)
class AgreementAdmin(ImportExportAdminMixin, TrackedModelAdmin):
    checks_class = LinksChecks
    plain_links = ("partners", "units")
    resource_classes = [AgreementResource]
    form = AgreementForm
    list_display = ["reference", "title", "kind", "stage", "state", "partner_names", "start", "end", "is_public"]
    list_filter = [
        "kind",
        "stage",
        AgreementStateFilter,
        "is_public",
        ("partners__category", titled(_("partner category"), RelatedFieldListFilter)),
    ]
    search_fields = ["reference", "title", "partners__name", "partners__acronym", "units__code"]
    autocomplete_fields = ["partners", "units"]
    date_hierarchy = "start"
    readonly_fields = ["state", "created_at", "updated_at"]
    show_full_result_count = False
    actions = [*publication_actions("is_public"), export_as_csv]
    fieldsets = [
        (None, {"fields": ["reference", "title", "kind", "stage", "state"]}),
        (_("Parties"), {"fields": ["partners", "units"]}),
        (_("Dates"), {"fields": ["signed_on", "start", "end", "terminated_on"]}),
        (_("Content"), {"fields": ["objectives", "amount_eur"]}),
        (_("Publication"), {"fields": ["is_public", "internal_notes", "created_at", "updated_at"]}),
    ]
    csv_columns = AGREEMENT_ADMIN_EXPORT

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("partners", "units")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.plain_links:
            # What the admin does for links without a model of their own (it leaves these out).
            using = kwargs.get("using")
            kwargs.setdefault("widget", AutocompleteSelectMultiple(db_field, self.admin_site, using=using))
            queryset = self.get_field_queryset(using, db_field, request)
            if queryset is not None:
                kwargs.setdefault("queryset", queryset)
            return db_field.formfield(**kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("partners"))
    def partner_names(self, agreement):
        return ", ".join(partner.acronym or partner.name for partner in agreement.partners.all())

    @admin.display(description=_("state today"))
    def state(self, agreement):
        return agreement.get_state_display() if agreement.pk else "—"


# --- A unit's partners: supervising bodies, host institution… (UnitPartner) ------------------


class UnitPartnerFormSet(BaseInlineFormSet):
    """A unit's relations, each checked (UnitPartner.clean) against the others as submitted,
    not as stored: moving two periods of one relation in one save is not refused for their
    old dates, and two new rows over the same days are."""

    def submitted_relation(self, form) -> UnitPartner | None:
        """The form's relation as submitted; None if deleted, empty or not valid."""
        if not (form.instance.pk or form.has_changed()) or (self.can_delete and form[DELETION_FIELD_NAME].data):
            return None
        values = {}
        for name in ("partner", "role", "start", "end"):
            try:
                values[name] = form.fields[name].clean(form[name].data)
            except ValidationError:
                return None
        if values["partner"] is None or values["start"] is None:
            return None
        return UnitPartner(
            pk=form.instance.pk,
            unit_id=self.instance.pk,
            partner_id=values["partner"].pk,
            role=values["role"],
            start=values["start"],
            end=values["end"],
        )

    def full_clean(self):
        # Before super() cleans each form, which runs its relation's UnitPartner.clean().
        submitted = [(form, self.submitted_relation(form)) for form in self.forms] if self.is_bound else []
        for form, _relation in submitted:
            form.instance.submitted_siblings = [
                relation for other, relation in submitted if relation is not None and other is not form
            ]
        super().full_clean()


class UnitPartnerInline(admin.TabularInline):
    model = UnitPartner
    formset = UnitPartnerFormSet
    extra = 0
    fields = ["partner", "role", "start", "end"]
    autocomplete_fields = ["partner"]
    verbose_name = _("supervising body or partner")
    verbose_name_plural = _("Supervising bodies and partners (Inserm is implied)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("partner")


# The unit's page in the admin edits its partners (units/admin.py cannot import this app).
ResearchUnitAdmin.inlines = [*ResearchUnitAdmin.inlines, UnitPartnerInline]


class InForceFilter(admin.SimpleListFilter):
    title = _("today")
    parameter_name = "today"

    def lookups(self, request, model_admin):
        return [("in_force", _("In force")), ("ended", _("Ended")), ("upcoming", _("Not yet started"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "in_force":
            return queryset.on(today)
        if self.value() == "ended":
            return queryset.ended_before(today)
        if self.value() == "upcoming":
            return queryset.filter(start__gt=today)
        return queryset


@admin.register(UnitPartner)
class UnitPartnerAdmin(ImportExportAdminMixin, HistoryAdmin, PortalModelAdmin):
    """Every unit's partners, to find those of a partner (from its page) or a role."""

    resource_classes = [UnitPartnerResource]

    list_display = ["unit", "partner", "role", "start", "end"]
    list_select_related = ["unit", "partner"]
    list_filter = ["role", InForceFilter]
    search_fields = ["unit__code", "unit__name", "partner__name", "partner__acronym"]
    autocomplete_fields = ["unit", "partner"]
    fields = ["unit", "partner", "role", "start", "end"]
    date_hierarchy = "start"
    show_full_result_count = False
