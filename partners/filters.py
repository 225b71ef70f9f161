import django_filters
from django import forms
from django.db.models import Case, Value, When
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core import page_cache
from core.identifiers import matching
from core.lists import AnyOfFilter, Facet, ListFilterSet, SortFilter
from core.search import Search, acronym_is, text_search
from units.filters import RankedSearchMixin, unit_by_code
from units.models import Region, ResearchUnit

from .columns import AGREEMENTS, PARTNER_LIST
from .models import Agreement, Partner, category_table, state_condition


def countries_in_directory():
    """Only the countries of published partners, by name (the full list has 250). The form
    checks a chosen country against them: they are read once per data generation."""

    def present():
        codes = Partner.objects.published().order_by().values_list("country", flat=True).distinct()
        return sorted(((code, str(countries.name(code))) for code in codes), key=lambda item: item[1])

    return page_cache.until_next_edit(f"directory-countries:{get_language()}", present)


def category_choices():
    return [(slug, name) for slug, (_id, name) in category_table().items()]


def filter_category(queryset, name, value: list[str]):
    # By id, not by the slug through a join: PostgreSQL then uses the (category, name) index.
    # (`value`, typed: the API schema reads the slugs' type from it, not the foreign key.)
    table = category_table()
    ids = sorted(table[slug][0] for slug in set(value) if slug in table)
    return queryset.filter(category_id__in=ids) if ids else queryset.none()


def category_of(category_id: str) -> tuple[str, ...]:
    """The category choice (its slug) of a category id, read back as text."""
    slugs = {str(pk): slug for slug, (pk, _name) in category_table().items()}
    return (slugs[category_id],) if category_id in slugs else ()


class PartnerFilter(RankedSearchMixin, ListFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200)
    category = AnyOfFilter(
        label=_("Category"), method=filter_category, choices=category_choices, empty_label=_("All categories")
    )
    kind = AnyOfFilter(label=_("Kind"), choices=Partner.Kind.choices, empty_label=_("All kinds"))
    country = django_filters.ChoiceFilter(
        label=_("Country"), choices=countries_in_directory, empty_label=_("All countries")
    )
    region = AnyOfFilter(label=_("Region"), choices=Region.choices, empty_label=_("All regions"))
    sort = SortFilter.of(PARTNER_LIST)

    # A stable order for pagination: the chosen sort, then the name and id.
    stable_order = ["name_key", "pk"]
    facets = {
        "category": Facet("category_id", choices=category_of),
        "kind": Facet("kind"),
        "country": Facet("country"),
        "region": Facet("region"),
    }

    class Meta:
        model = Partner
        fields = []

    @staticmethod
    def ranked_search(queryset, value) -> Search:
        # The partner with that very acronym (INSERM, AP-HP or APHP), or that identifier,
        # first; words matching the city count ("CHU Rennes"). core.search.understand()
        # says which words were left out, matched_former_names() which results a former
        # name found.
        identifier = matching(Partner, value)
        exact = acronym_is(value)
        found = text_search(queryset, value, also=identifier)
        return Search(found, value, exact | identifier if identifier else exact, place="city_key")


class RecordField(forms.CharField):
    """A record typed by its key (a partner's slug, a unit's code in any spelling), found
    by `find`; anything else is refused as a choice filter refuses an unknown choice."""

    default_error_messages = {"invalid_choice": forms.ChoiceField.default_error_messages["invalid_choice"]}

    def __init__(self, *, find, **kwargs):
        self.find = find
        super().__init__(**kwargs)

    def clean(self, value):
        typed = (super().clean(value) or "").strip()
        if not typed:
            return None
        record = self.find(typed)
        if record is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": typed[:60]}
            )
        return record


class RecordFilter(django_filters.CharFilter):
    """Rows related to one record (`field_name`), the record as RecordField reads it."""

    field_class = RecordField


def published_partner(slug: str):
    return Partner.objects.published().filter(slug=slug).first()


def any_partner(slug: str):
    return Partner.objects.filter(slug=slug).first()


def published_unit(code: str):
    return unit_by_code(ResearchUnit.objects.published(), code)


def any_unit(code: str):
    return unit_by_code(ResearchUnit.objects.all(), code)


PARTNER_HELP = _("A partner of the agreement, by the end of its address (its slug), e.g. universite-de-lille.")
UNIT_HELP = _("A unit of the agreement, by its code in any spelling, e.g. U1013 or UMR-S 1013.")


def partner_filter(find) -> RecordFilter:
    """The agreements of the partner that `find` gives for a slug (published ones, or any)."""
    return RecordFilter(label=_("Partner"), field_name="partners", find=find, max_length=250, help_text=PARTNER_HELP)


def unit_filter(find) -> RecordFilter:
    """The agreements of the unit that `find` gives for a code (published ones, or any)."""
    return RecordFilter(label=_("Unit"), field_name="units", find=find, max_length=250, help_text=UNIT_HELP)


class AgreementFilter(ListFilterSet):
    """Agreements by kind, by stage (what people decided) and by state on a day (what the
    calendar makes of them: Agreement.State), today unless `on` says another day; by one of
    their partners or units, published ones only (StaffAgreementFilter: any)."""

    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Agreement.Kind.choices, empty_label=_("All kinds"))
    stage = django_filters.ChoiceFilter(label=_("Stage"), choices=Agreement.Stage.choices, empty_label=_("All stages"))
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=Agreement.State.choices, empty_label=_("All states"), method="filter_state"
    )
    on = django_filters.DateFilter(
        label=_("On the day"),
        method="read_on",
        help_text=_("The day the state is read on (YYYY-MM-DD); today by default."),
    )
    partner = partner_filter(published_partner)
    unit = unit_filter(published_unit)

    class Meta:
        model = Agreement
        fields = []

    def filter_state(self, queryset, name, value):
        return queryset.with_state(value, self.form.cleaned_data.get("on"))

    def read_on(self, queryset, name, value):
        return queryset  # read by filter_state


class StaffAgreementFilter(AgreementFilter):
    """AgreementFilter for staff: by any partner or unit, drafts and unpublished ones too."""

    partner = partner_filter(any_partner)
    unit = unit_filter(any_unit)


# The states a public agreement can be in (drafts and negotiations are never public).
UNSIGNED = (Agreement.State.DRAFT, Agreement.State.NEGOTIATING)
PUBLIC_STATES = [(value, label) for value, label in Agreement.State.choices if value not in UNSIGNED]


def with_public_state(agreements):
    """Agreements with their state today among the public ones (`public_state`), for
    counting them by state in one GROUP BY: the conditions the state filter uses."""
    today = timezone.localdate()
    return agreements.annotate(
        public_state=Case(*(When(state_condition(state, today), then=Value(state)) for state, _label in PUBLIC_STATES))
    )


class PublicAgreementFilter(ListFilterSet):
    """The public list of agreements: by kind (several at once) and by state today."""

    kind = AnyOfFilter(label=_("Kind"), choices=Agreement.Kind.choices, empty_label=_("All kinds"))
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=PUBLIC_STATES, empty_label=_("All states"), method="filter_state"
    )
    sort = SortFilter.of(AGREEMENTS)
    facets = {"kind": Facet("kind"), "state": Facet("public_state", rows=with_public_state)}

    class Meta:
        model = Agreement
        fields = []

    def filter_state(self, queryset, name, value):
        return queryset.with_state(value)
