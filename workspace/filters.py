import django_filters
from django.utils.translation import gettext_lazy as _

from core.lists import ListFilterSet, SortFilter
from units.filters import STATUS_CHOICES, RankedSearchMixin, filter_status, search_units, site_filter
from units.models import Region, ResearchUnit, Site

from .columns import COLUMNS

RENEWAL_CHOICES = [("decided", _("Renewal decided")), ("pending", _("Renewal pending"))]
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


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

    def search(self, queryset, name, value):
        return search_units(queryset, value, extra=["internal_notes"])

    def filter_mine(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(site__managers__user=self.request.user)

    def filter_renewal(self, queryset, name, value):
        # Decided: the renewal term is recorded. Pending: in a first term that may still be renewed.
        return queryset.filter(term_number__gte=2) if value == "decided" else queryset.filter(can_renew=True)

    def filter_published(self, queryset, name, value):
        return queryset.filter(is_published=value == "yes")
