import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.lists import ListFilterSet, SortFilter
from core.search import ranked, search_words, text_search
from units.filters import RankedSearchMixin
from units.models import Region

from .columns import PARTNER_LIST
from .models import Partner, category_table


def countries_in_directory():
    """Only the countries of published partners, by name (the full list has 250)."""
    codes = Partner.objects.published().order_by().values_list("country", flat=True).distinct()
    return sorted(((code, str(countries.name(code))) for code in codes), key=lambda item: item[1])


def category_choices():
    return [(slug, name) for slug, (_id, name) in category_table().items()]


def filter_category(queryset, name, value):
    # By id, not by the slug through a join: PostgreSQL then uses the (category, name) index.
    category = category_table().get(value)
    return queryset.filter(category_id=category[0]) if category else queryset.none()


class PartnerFilter(RankedSearchMixin, ListFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200)
    category = django_filters.ChoiceFilter(
        label=_("Category"), method=filter_category, choices=category_choices, empty_label=_("All categories")
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Partner.Kind.choices, empty_label=_("All kinds"))
    country = django_filters.ChoiceFilter(label=_("Country"), choices=(), empty_label=_("All countries"))
    region = django_filters.ChoiceFilter(label=_("Region"), choices=Region.choices, empty_label=_("All regions"))
    sort = SortFilter.of(PARTNER_LIST)

    # A stable order for pagination: the chosen sort, then the name and id.
    stable_order = ["name_key", "pk"]

    class Meta:
        model = Partner
        fields = []

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            # Read once a request, for checking the choice and for showing the choices.
            form.fields["country"].choices = countries_in_directory()
        return self._form

    def search(self, queryset, name, value):
        # The partner with that very acronym (INSERM, AP-HP) first.
        return ranked(text_search(queryset, value), value, Q(acronym__iexact=" ".join(search_words(value))))
