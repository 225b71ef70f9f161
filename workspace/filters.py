import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from core.lists import ListFilterSet, SortFilter
from units.filters import STATUS_CHOICES, RankedSearchMixin, filter_status, search_units, site_filter
from units.models import Region, ResearchUnit, Site

from .columns import COLUMNS
from .waves import NO_WAVE

RENEWAL_CHOICES = [("decided", _("Renewal decided")), ("pending", _("Renewal pending"))]
YES_NO = [("yes", _("Yes")), ("no", _("No"))]
WAVE_CHOICES = [*ResearchUnit.HceresWave.choices, (NO_WAVE, _("No wave"))]
# Years a term may end in, as the filter accepts them: beyond them, a typing error.
FIRST_YEAR, LAST_YEAR = 1950, 2100


class YearFilter(django_filters.Filter):
    """A year, whole: "2027" (a decimal or a word is refused with a message)."""

    field_class = forms.IntegerField


class WorkspaceUnitFilter(RankedSearchMixin, ListFilterSet):
    """The managers' filters: the public ones plus expiry date, renewal and publication."""

    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200)
    mine = django_filters.BooleanFilter(
        label=_("Only the sites I follow"), method="filter_mine", widget=django_filters.widgets.forms.CheckboxInput
    )
    site = site_filter()
    region = django_filters.ChoiceFilter(
        label=_("Region"), field_name="site__region", choices=Region.choices, empty_label=_("All regions")
    )
    site_kind = django_filters.ChoiceFilter(
        label=_("Site kind"), field_name="site__kind", choices=Site.Kind.choices, empty_label=_("All kinds")
    )
    structure_type = django_filters.ChoiceFilter(
        label=_("Structure type"), choices=ResearchUnit.StructureType.choices, empty_label=_("All types")
    )
    status = django_filters.ChoiceFilter(
        label=_("Mandate status"), method=filter_status, choices=STATUS_CHOICES, empty_label=_("Any")
    )
    expires_before = django_filters.DateFilter(
        label=_("Mandate ends on or before"),
        field_name="term_end",
        lookup_expr="lte",
        widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}),
    )
    term_end_year = YearFilter(
        label=_("Mandate ends in (year)"),
        field_name="term_end",
        lookup_expr="year",
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        error_messages={"invalid": _("Enter a year, such as 2027.")},
    )
    wave = django_filters.ChoiceFilter(
        label=_("Evaluation wave"), choices=WAVE_CHOICES, method="filter_wave", empty_label=_("Any")
    )
    renewal = django_filters.ChoiceFilter(
        label=_("Renewal"), choices=RENEWAL_CHOICES, method="filter_renewal", empty_label=_("Any")
    )
    published = django_filters.ChoiceFilter(
        label=_("Published"), choices=YES_NO, method="filter_published", empty_label=_("Either")
    )
    sort = SortFilter.of(COLUMNS)

    stable_order = ["code_key", "pk"]

    class Meta:
        model = ResearchUnit
        fields = []

    @staticmethod
    def ranked_search(queryset, value):
        return search_units(queryset, value, extra=["internal_notes"])

    def filter_mine(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(site__managers__user=self.request.user)

    def filter_wave(self, queryset, name, value):
        # The unit's own wave, else its site's (waves.with_wave, which the list's queryset has).
        if value == NO_WAVE:
            return queryset.filter(evaluation_wave__isnull=True)
        return queryset.filter(evaluation_wave=value)

    def filter_renewal(self, queryset, name, value):
        # Decided: the renewal term is recorded. Pending: in a first term that may still be renewed.
        return queryset.filter(term_number__gte=2) if value == "decided" else queryset.filter(can_renew=True)

    def filter_published(self, queryset, name, value):
        return queryset.filter(is_published=value == "yes")
