from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import PAGE_VAR
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count, Q
from django.forms.formsets import DELETION_FIELD_NAME
from django.forms.models import BaseInlineFormSet
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

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
from core.search import fold, refresh_dated_names

from . import codes, rules, services
from .columns import UNIT_ADMIN_EXPORT
from .filters import filter_site
from .lineage import Link
from .models import (
    Mandate,
    MandateStatus,
    ResearchUnit,
    Site,
    Succession,
    UnitName,
    code_key,
    number_clash_message,
)
from .resources import ResearchUnitResource, SiteResource, SuccessionResource, UnitNameResource


@admin.register(Site)
class SiteAdmin(ImportExportAdminMixin, TrackedModelAdmin):
    resource_classes = [SiteResource]
    list_display = ["name", "kind", "city", "region", "institution", "unit_count"]
    list_select_related = ["institution"]
    list_filter = ["kind", "region"]
    search_fields = ["name", "slug", "city"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "city", "region", "institution", "latitude", "longitude"]}),
        (_("Identifiers"), {"fields": ["finess", "uai", "wikidata_id"]}),
    ]
    autocomplete_fields = ["institution"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(unit_count=Count("units"))

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        identifier = matching(Site, search_term)  # a FINESS number, UAI or Wikidata item, in any spelling
        if identifier is not None:
            results |= queryset.filter(identifier)
        return results, may_have_duplicates

    @admin.display(description=_("units"), ordering="unit_count")
    def unit_count(self, site):
        return site.unit_count


class MandateStatusFilter(admin.SimpleListFilter):
    title = _("mandate status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return MandateStatus.choices

    def queryset(self, request, queryset):
        if self.value() in MandateStatus.values:
            return queryset.filter(mandate_status=self.value())
        return queryset


class SiteTextFilter(admin.SimpleListFilter):
    """Units of a site typed by name, city or slug (the public list's site filter), not
    picked from a list of every site: there may be thousands."""

    title = _("site")
    parameter_name = "site"
    template = "admin/text_list_filter.html"

    def lookups(self, request, model_admin):
        return ()

    def has_output(self):
        return True

    def queryset(self, request, queryset):
        # What a visitor may type in the public filter: no NUL (the database refuses it), 200 characters.
        value = (self.value() or "").replace("\x00", "").strip()[:200]
        return filter_site(queryset, self.parameter_name, value) if value else queryset

    def choices(self, changelist):
        # One "choice": the text box, sent with the list's other filters kept.
        kept = [
            (key, value)
            for key, values in changelist.params.items()
            if key not in (self.parameter_name, PAGE_VAR)
            for value in values
        ]
        yield {
            "parameter_name": self.parameter_name,
            "value": self.value() or "",
            "kept": kept,
            "clear_url": changelist.get_query_string(remove=[self.parameter_name]),
        }


TERM_FIELDS = ("number", "start", "end")


def submitted(form, name):
    """A field's value as the editor submitted it, cleaned; None if it is not valid (the
    form reports that itself when it is cleaned)."""
    try:
        return form.fields[name].clean(form[name].data)
    except ValidationError:
        return None


class MandateFormSet(BaseInlineFormSet):
    """The unit's terms, each checked by its own model (Mandate.clean) against the
    neighbouring terms as the editor submitted them, not as stored: moving two terms in one
    save must not be refused for a gap or an overlap with the other's old dates."""

    def kept(self, form) -> bool:
        """Whether the form's term is to be stored: an existing or filled-in row not marked for deletion."""
        deleted = self.can_delete and submitted(form, DELETION_FIELD_NAME)
        return bool(form.instance.pk or form.has_changed()) and not deleted

    # Set by the unit admin when the unit's successions are submitted with its terms: they
    # check their dates against these terms (SuccessionFormSet), so the terms do not check
    # themselves against the successions as stored, which the same save may move.
    successions_submitted = False

    def submitted_terms(self) -> list[rules.Term]:
        """The terms as submitted, in order (those with a field not valid left out)."""
        terms = {}
        for form in self.forms if self.is_bound else ():
            values = [submitted(form, name) for name in TERM_FIELDS]
            if self.kept(form) and None not in values:
                terms[values[0]] = rules.Term(*values)
        return [terms[number] for number in sorted(terms)]

    def full_clean(self):
        # Before super() cleans each form, which runs its term's Mandate.clean().
        terms = {term.number: term for term in self.submitted_terms()}
        for form in self.forms:
            number = submitted(form, "number")
            if number is not None:
                form.instance.neighbours = (terms.get(number - 1), terms.get(number + 1))
            form.instance.lineage_checked_elsewhere = self.successions_submitted
        super().full_clean()

    def clean(self):
        super().clean()
        if self.instance.pk and not any(self.kept(form) for form in self.forms):
            raise ValidationError(_("A unit keeps at least one term: correct its dates rather than delete them."))
        self.check_number()

    def submitted_span(self):
        """The first and last days of the terms submitted; for a new unit with none, of the
        first full term the unit form will give it (from its "first term starts on")."""
        kept = [form for form in self.forms if self.kept(form)]
        days = [(submitted(form, "start"), submitted(form, "end")) for form in kept]
        days = [(start, end) for start, end in days if start and end]
        if days:
            return min(start for start, _end in days), max(end for _start, end in days)
        unit_form = getattr(self.instance, "unit_form", None)
        if self.instance.pk is None and unit_form is not None and not kept:
            start = unit_form.cleaned_data.get("first_term_start") or timezone.localdate()
            return start, rules.term_end(start)
        return None

    def check_number(self):
        """One Inserm number is one unit at a time: the unit's terms, as submitted, may not
        overlap those of another unit with its number. Reported at the unit's code, with a
        link to the other unit, and above the terms."""
        unit, span = self.instance, self.submitted_span()
        other = unit.number_clash(span) if span else None
        if other is None:
            return
        unit_form = getattr(unit, "unit_form", None)
        if unit_form is not None and "code" not in unit_form.errors:
            unit_form.add_error("code", number_clash_message(unit, other, span, link=admin_change_url))
        message = escape(_("These terms overlap those of %(other)s, which has the same Inserm number %(number)d."))
        link = format_html('<a href="{}">{}</a>', admin_change_url(other), other.code)
        raise ValidationError(mark_safe(message % {"other": link, "number": codes.number(unit.code)}))  # noqa: S308 - escaped


def admin_change_url(unit) -> str:
    return reverse("admin:units_researchunit_change", args=[unit.pk])


class MandateInline(admin.TabularInline):
    model = Mandate
    formset = MandateFormSet
    extra = 0
    fields = (*TERM_FIELDS, "length_reason", "length_note")
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 1, "cols": 30})}}
    verbose_name_plural = _("Mandate terms")


class SuccessionFormSet(BaseInlineFormSet):
    """A unit's successions one way (what became of it, or what it succeeds), each checked
    by its own model (Succession.clean) against the rows submitted with it rather than
    their stored versions: a merger entered on the successor's page, or a split on the
    predecessor's, is several rows that must agree on kind and date."""

    def kept(self, form) -> bool:
        deleted = self.can_delete and submitted(form, DELETION_FIELD_NAME)
        return bool(form.instance.pk or form.has_changed()) and not deleted

    def submitted_link(self, form) -> Link | None:
        """The row as submitted; None if a field is not valid (the form says so)."""
        other_side = "successor" if self.fk.name == "predecessor" else "predecessor"
        other, kind, on = (submitted(form, name) for name in (other_side, "kind", "on"))
        if not kind or on is None:
            return None
        units = {self.fk.name: self.instance, other_side: other}
        predecessor, successor = units["predecessor"], units["successor"]
        return Link(
            form.instance.pk,
            predecessor.pk if predecessor else None,
            successor.pk if successor else None,
            kind,
            on,
            predecessor.code if predecessor else "?",
            successor.code if successor else "?",
        )

    # The unit's terms submitted in the same save (a MandateFormSet), set by the unit admin:
    # every row, changed or not, is dated against them rather than the stored terms.
    term_formset = None

    def full_clean(self):
        # Before super() cleans each form, which runs its row's Succession.clean().
        if self.is_bound:
            replaced = {form.instance.pk for form in self.forms if form.instance.pk}
            links = {form: self.submitted_link(form) for form in self.forms if self.kept(form)}
            terms = {self.instance.pk: self.term_formset.submitted_terms()} if self.term_formset else None
            for form in self.forms:
                others = [link for other, link in links.items() if other is not form and link is not None]
                form.instance.submitted = (replaced, others)
                form.instance.submitted_terms = terms
        super().full_clean()


class SuccessionInline(admin.TabularInline):
    model = Succession
    formset = SuccessionFormSet
    extra = 0


class SuccessorLinkInline(SuccessionInline):
    fk_name = "predecessor"
    fields = ["successor", "kind", "on"]
    autocomplete_fields = ["successor"]
    verbose_name = _("what became of this unit")
    verbose_name_plural = _("What became of this unit")


class PredecessorLinkInline(SuccessionInline):
    fk_name = "successor"
    fields = ["predecessor", "kind", "on"]
    autocomplete_fields = ["predecessor"]
    verbose_name = _("unit it succeeds")
    verbose_name_plural = _("Units it succeeds")


class SuccessorForm(forms.Form):
    code = forms.CharField(label=_("New code"), max_length=30, help_text=_("The code Inserm gives the new unit."))
    name = forms.CharField(label=_("Name"), max_length=300)
    first_term_start = forms.DateField(
        label=_("First term starts on"), help_text=_("By default, the day after the predecessor's last term ends.")
    )

    def __init__(self, *args, predecessor, **kwargs):
        super().__init__(*args, **kwargs)
        last = predecessor.mandates.order_by("-number").first()
        self.fields["name"].initial = predecessor.name
        if last:
            self.fields["first_term_start"].initial = last.end + rules.ONE_DAY


class ResearchUnitForm(OptimisticLockForm):
    first_term_start = forms.DateField(
        label=_("First term starts on"),
        required=False,
        help_text=_("If you enter no term below, a first full term is created from this date (today if empty)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The term formset, validated after this form with this instance, checks the unit's
        # number over the terms submitted and reports a clash at this form's code.
        self.instance.unit_form = self

    class Meta:
        model = ResearchUnit
        fields = "__all__"
        widgets = {
            "themes": forms.Textarea(attrs={"rows": 2}),
            "internal_notes": forms.Textarea(attrs={"rows": 3}),
        }


class UnitNameInline(admin.TabularInline):
    """Its acronyms, aliases and former names, with their dates: searched, and shown as
    "formerly …" on a result found by a former name."""

    model = UnitName
    fields = ["name", "kind", "start", "end"]
    extra = 0


@admin.register(ResearchUnit)
class ResearchUnitAdmin(ProtectedDeletionMixin, ImportExportAdminMixin, TrackedModelAdmin):
    resource_classes = [ResearchUnitResource]

    def has_import_permission(self, request):
        # An import writes the units' terms too.
        mandates = [f"units.{action}_mandate" for action in ("add", "change", "delete")]
        return super().has_import_permission(request) and request.user.has_perms(mandates)

    form = ResearchUnitForm
    list_display = ["code", "name", "site", "status", "current_term", "term_end", "renewable", "is_published"]
    list_display_links = ["code", "name"]
    list_select_related = ["site"]
    list_filter = [
        MandateStatusFilter,
        SiteTextFilter,
        "structure_type",
        ("site__kind", titled(_("site kind"))),
        ("site__region", titled(_("site region"))),
        "director_is_puph",
        "is_published",
        "hceres_wave",
    ]
    search_fields = ["name", "acronym", "director_name", "site__name", "rnsr_number"]
    search_help_text = _(
        "Code or Inserm number in any spelling (u 1234, UMR_S1234, Inserm 1234), name, acronym, director, "
        "site or RNSR number."
    )
    autocomplete_fields = ["site"]
    inlines = [MandateInline, PredecessorLinkInline, SuccessorLinkInline, UnitNameInline]
    readonly_fields = ["mandate_summary", "created_at", "updated_at"]
    ordering = ["code"]
    show_full_result_count = False
    actions = ["renew_mandates", *publication_actions("is_published"), export_as_csv]
    fieldsets = [
        (None, {"fields": ["code", "name", "acronym", "structure_type", "site", "mandate_summary"]}),
        (_("Direction"), {"fields": ["director_name", "director_is_puph", "hospital_staff_count"]}),
        (_("Science"), {"fields": ["themes", "hceres_wave"]}),
        (_("Identifiers"), {"fields": ["rnsr_number", "wikidata_id"]}),
        (_("Publication"), {"fields": ["is_published", "internal_notes", "created_at", "updated_at"]}),
    ]
    csv_columns = UNIT_ADMIN_EXPORT

    def get_queryset(self, request):
        return super().get_queryset(request).with_current_term()

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:  # a new unit has no status yet, and gets a first term from this date
            first, *others = fieldsets
            main = (first[0], {**first[1], "fields": [f for f in first[1]["fields"] if f != "mandate_summary"]})
            return [main, *others, (_("First term"), {"fields": ["first_term_start"]})]
        return fieldsets

    def get_inlines(self, request, obj):
        # A unit's successions are dated against its terms: recorded once it has them.
        inlines = super().get_inlines(request, obj)
        return (
            inlines if obj is not None else [inline for inline in inlines if not issubclass(inline, SuccessionInline)]
        )

    def _create_formsets(self, request, obj, change):
        # The successions' dates and the terms are checked together, as submitted: a save
        # that moves a term's end and a succession's date at once must be judged on both
        # new values (no admin hook gives formsets each other; this one builds them all).
        formsets, inline_instances = super()._create_formsets(request, obj, change)
        terms = next((formset for formset in formsets if isinstance(formset, MandateFormSet)), None)
        successions = [formset for formset in formsets if isinstance(formset, SuccessionFormSet)]
        if terms is not None and successions:
            terms.successions_submitted = True
            for formset in successions:
                formset.term_formset = terms
        return formsets, inline_instances

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        key = code_key(search_term)
        if key:
            results |= queryset.filter(code_key__contains=key)
        number = codes.number_searched(search_term)
        if number is not None:  # U1013 finds UMR-S 1013, and "Inserm 1013" both
            results |= queryset.filter(inserm_number=number)
        identifier = matching(ResearchUnit, search_term)  # an RNSR number or Wikidata item, in any spelling
        if identifier is not None:
            results |= queryset.filter(identifier)
        return results, may_have_duplicates

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if isinstance(formset, SuccessionFormSet):
            for link in [*formset.new_objects, *(link for link, _fields in formset.changed_objects)]:
                services.note_succession(link)  # in both units' history, with what happened

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        unit = form.instance
        if not change and not unit.mandates.exists():
            start = form.cleaned_data.get("first_term_start") or timezone.localdate()
            services.open_first_term(unit=unit, start=start)

    @admin.display(description=_("mandate status"), ordering="mandate_status")
    def status(self, unit):
        return unit.status_label or "—"

    @admin.display(description=_("mandate"))
    def mandate_summary(self, unit):
        if not unit.mandate_status:
            return _("No term recorded.")
        summary = _("%(status)s — %(terms)d of %(max)d terms recorded, the last ending on %(end)s.") % {
            "status": MandateStatus(unit.mandate_status).label,
            "terms": unit.term_number,
            "max": rules.max_terms(),
            "end": rules.date_label(unit.term_end),
        }
        if unit.can_renew:
            summary += " " + _("It may be renewed (action “Renew” in the unit list).")
        return summary

    @admin.display(description=_("renewable"), boolean=True, ordering="can_renew")
    def renewable(self, unit):
        return unit.can_renew

    @admin.display(description=_("current term"), ordering="current_term_number")
    def current_term(self, unit):
        return unit.current_term_number

    @admin.display(description=_("mandate ends"), ordering="term_end")
    def term_end(self, unit):
        return unit.term_end

    @admin.action(description=_("Renew the selected units' mandates"), permissions=["renew"])
    def renew_mandates(self, request, queryset):
        """First a page with each unit's new term (or why it cannot be renewed), then the renewal."""
        units = list(queryset.order_by("code_key"))
        if request.POST.get("post") != "yes":
            return self.renewal_confirmation(request, units)
        self.renew(request, units)
        return None

    def has_renew_permission(self, request):
        return services.may_renew(request.user)

    def renewal_confirmation(self, request, units, single=False):
        proposals = []
        for unit in units:
            try:
                proposals.append((unit, services.next_term(unit=unit), None))
            except ValidationError as error:
                proposals.append((unit, None, " ".join(error.messages)))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Renew mandates"),
            "opts": self.model._meta,
            "proposals": proposals,
            "renewable": [unit for unit, term, _reason in proposals if term],
            "single": single,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/units/researchunit/renew_confirmation.html", context)

    def get_urls(self):
        views = [
            path(
                "<path:object_id>/renew/", self.admin_site.admin_view(self.renew_view), name="units_researchunit_renew"
            ),
            path(
                "<path:object_id>/successor/",
                self.admin_site.admin_view(self.successor_view),
                name="units_researchunit_successor",
            ),
        ]
        return views + super().get_urls()

    def renew_view(self, request, object_id):
        """The "Renew" button of a unit's page: its new term's dates, then confirmation."""
        unit = self.get_object(request, unquote(object_id))
        if unit is None:
            raise Http404
        if not services.may_renew(request.user):
            raise PermissionDenied
        if request.method == "POST":
            if request.POST.get("version") != str(unit.version):
                # The terms changed since the dates were shown: show the new dates again.
                self.message_user(request, _("The unit changed meanwhile: check the new dates."), messages.WARNING)
                return redirect("admin:units_researchunit_renew", unit.pk)
            self.renew(request, [unit])
            return redirect("admin:units_researchunit_change", unit.pk)
        return self.renewal_confirmation(request, [unit], single=True)

    def successor_view(self, request, object_id):
        """After a unit's last allowed term: create the unit that succeeds it."""
        predecessor = self.get_object(request, unquote(object_id))
        if predecessor is None:
            raise Http404
        if not (self.has_add_permission(request) and services.may_renew(request.user)):
            raise PermissionDenied
        form = SuccessorForm(request.POST or None, predecessor=predecessor)
        if request.method == "POST" and form.is_valid():
            try:
                successor = services.create_successor(predecessor=predecessor, **form.cleaned_data)
            except ValidationError as error:
                # The new unit's own fields (its structure type…) are not on this form.
                for field, problems in error.update_error_dict({}).items():
                    form.add_error(field if field in form.fields else None, problems)
            else:
                self.message_user(
                    request,
                    _("%(new)s succeeds %(old)s. Review the agreements of %(old)s listed below.")
                    % {"new": successor.code, "old": predecessor.code},
                    messages.SUCCESS,
                )
                return redirect("admin:units_researchunit_change", successor.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Create the successor of %(code)s") % {"code": predecessor.code},
            "opts": self.model._meta,
            "predecessor": predecessor,
            "form": form,
        }
        return TemplateResponse(request, "admin/units/researchunit/successor_form.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        unit = self.get_object(request, object_id)
        extra = {"can_change": unit is not None and self.has_change_permission(request, unit)}
        if unit is not None:
            extra["successor"] = ResearchUnit.objects.filter(predecessor_links__predecessor=unit).first()
            extra["needs_successor"] = services.needs_successor(unit)
            predecessors = list(ResearchUnit.objects.filter(successor_links__successor=unit).order_by("code_key"))
            extra["predecessor_codes"] = ", ".join(predecessor.code for predecessor in predecessors)
            # Only the agreements' titles and kinds are shown: the partners app adds them.
            agreements = {a.pk: a for predecessor in predecessors for a in predecessor.agreements.order_by("-start")}
            extra["predecessor_agreements"] = list(agreements.values())
        return super().change_view(request, object_id, form_url, extra_context={**extra, **(extra_context or {})})

    def renew(self, request, units):
        renewed = []
        for unit in units:
            try:
                renewed.append((unit, services.renew_mandate(unit=unit)))
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
        if len(units) == 1 and renewed:
            [(unit, term)] = renewed
            values = {"code": unit.code, "number": term.number}
            values.update(start=rules.date_label(term.start), end=rules.date_label(term.end))
            message = _("%(code)s renewed: term %(number)d runs from %(start)s to %(end)s.") % values
            self.message_user(request, message, messages.SUCCESS)
        elif renewed:
            count = len(renewed)
            message = ngettext("%(count)d unit renewed.", "%(count)d units renewed.", count) % {"count": count}
            self.message_user(request, message, messages.SUCCESS)


@admin.register(Mandate)
class MandateAdmin(TrackedModelAdmin):
    list_display = ["unit", "number", "start", "end", "length_reason"]
    list_select_related = ["unit"]
    list_filter = ["number", "length_reason"]
    search_fields = ["unit__code", "unit__name", "unit__acronym"]
    autocomplete_fields = ["unit"]
    date_hierarchy = "end"
    show_full_result_count = False

    def get_actions(self, request):
        # Deleting terms in bulk could leave a renewal without its first term.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_delete_permission(self, request, obj=None):
        # Only a renewal may be deleted here (undoing it); a unit keeps its first term.
        allowed = super().has_delete_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return obj.number > 1 and not obj.unit.mandates.filter(number__gt=obj.number).exists()


@admin.register(Succession)
class SuccessionAdmin(ImportExportAdminMixin, HistoryAdmin, PortalModelAdmin):
    """Every succession, merger, split and closure, to find them by unit or kind and to
    exchange them as a spreadsheet; a unit's own are edited on its page too (inlines)."""

    resource_classes = [SuccessionResource]
    list_display = ["predecessor", "successor", "kind", "on"]
    list_select_related = ["predecessor", "successor"]
    list_filter = ["kind"]
    search_fields = ["predecessor__code", "successor__code"]
    search_help_text = _("Code of either unit, in any spelling (u 1234, UMR_S1234).")
    autocomplete_fields = ["predecessor", "successor"]
    fields = ["predecessor", "successor", "kind", "on"]
    date_hierarchy = "on"
    show_full_result_count = False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if form.has_changed():
            services.note_succession(obj)  # in both units' history, with what happened

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        key = code_key(search_term)
        if key:  # U1234 finds "U 1234" and "u-1234" too
            results |= queryset.filter(Q(predecessor__code_key__contains=key) | Q(successor__code_key__contains=key))
        return results, may_have_duplicates


class DatedNameAdmin(ImportExportAdminMixin, HistoryAdmin, PortalModelAdmin):
    """The acronyms, aliases and former names of one kind of record (core.search.DatedName),
    to find them by name, record or kind and to exchange them as a spreadsheet; a record's
    own are edited on its page too (inline). Subclasses name the record's column."""

    list_filter = ["kind"]
    show_full_result_count = False

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        folded = fold(search_term).strip()
        if folded:  # hopital finds Hôpital, as the public search does
            results |= queryset.filter(name_key__contains=folded)
        return results, may_have_duplicates

    def delete_queryset(self, request, queryset):
        # "Delete selected" deletes in one statement, not through each name's delete(), which
        # rewrites its record's search document: rewritten here, once a record.
        owner = self.model.OWNER
        records = {getattr(name, f"{owner}_id"): getattr(name, owner) for name in queryset.select_related(owner)}
        super().delete_queryset(request, queryset)
        for record in records.values():
            refresh_dated_names(record)


@admin.register(UnitName)
class UnitNameAdmin(DatedNameAdmin):
    resource_classes = [UnitNameResource]
    list_display = ["unit", "name", "kind", "start", "end"]
    list_select_related = ["unit"]
    search_fields = ["name", "unit__code", "unit__name", "unit__acronym"]
    search_help_text = _("Name, or the unit's code (in any spelling), name or acronym.")
    autocomplete_fields = ["unit"]
    fields = ["unit", "name", "kind", "start", "end"]
    ordering = ["unit__code_key", "kind", "name"]

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        key = code_key(search_term)
        if key:  # U1234 finds the names of "U 1234" and "u-1234" too
            results |= queryset.filter(unit__code_key__contains=key)
        return results, may_have_duplicates
