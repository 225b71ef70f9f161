import hashlib
from dataclasses import replace
from functools import reduce
from operator import and_, or_

import django_filters
from django import forms
from django.apps import apps
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core import page_cache
from core.identifiers import matching
from core.lists import AnyOfFilter, Facet, ListFilterSet, SortFilter
from core.search import Search, acronym_is, fold, search_words, text_search, understand

from . import codes
from .columns import SITE_LIST, UNIT_LIST
from .models import MandateStatus, Region, ResearchUnit, Site, code_key

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def search_units(queryset, value: str, extra: list[str] = ()) -> Search:
    """The search of units (a Search: its ranked() is the list's rows) whose public text
    (code, name, acronym, themes, director) holds every word of `value`, whose code, in
    any spelling, contains it (`u 1234` finds U1234), or whose Inserm number it names in
    any spelling (`UMR-S 1013`, `Inserm U1013`, `unité 1013` and `1013` find U1013); the
    unit with that very code, number or acronym first (see core.search.ranked). Word
    forms, dated names and single typos are understood; words that no unit holds are left
    out: `core.search.understand(value, ResearchUnit)` says which, and
    `matched_former_names()` which results were found by a former name."""
    key, number = code_key(value), codes.number_searched(value)
    # A code holds digits: without one, the text search (which reads the code too) finds
    # what the code would, and a part of a code is not looked for in every row.
    also = [Q(code_key__contains=key)] if key and any(char.isdigit() for char in key) else []
    exact = [Q(code_key=key)] if key else []
    if number is not None:
        also.append(Q(inserm_number=number))
        exact.append(Q(inserm_number=number))
    identifier = matching(ResearchUnit, value)  # an RNSR number or a Wikidata item, in any spelling
    if identifier is not None:
        also.append(identifier)
        exact.append(identifier)
    found = text_search(queryset, value, also=reduce(or_, also) if also else None, extra=extra)
    return Search(found, value, reduce(or_, exact, acronym_is(value)))


def unit_by_code(units, typed: str):
    """The unit of `units` that a code in any spelling names, as a unit's page finds it: by
    its code (`u 1013`, `U-1013`, `UMR_S1013`), else by its Inserm number in any spelling
    (`UMRS-1013` is U1013: the latest unit to hold the number, if it was re-created under
    it). None if no unit has it. The API's unit addresses and agreement filter read it."""
    key = code_key(typed)
    unit = units.filter(code_key=key).first() if key else None
    number = codes.number_searched(typed.replace("-", " ")) if unit is None else None
    if number is not None:
        unit = units.filter(inserm_number=number).order_by(F("term_start").desc(nulls_last=True), "-pk").first()
    return unit


IN_FORCE = "in_force"
# The mandate statuses, and "in force" first: any of the three statuses of a running term.
STATUS_CHOICES = [(IN_FORCE, _("Term in force")), *MandateStatus.choices]


RUNNING = {MandateStatus.RENEWABLE, MandateStatus.FINAL, MandateStatus.EXPIRING}


def status_choices_of(status: str) -> tuple[str, ...]:
    """The status choices that find a unit with this mandate status: a running term is
    also "in force"."""
    return (status, IN_FORCE) if status in RUNNING else (status,)


def filter_status(queryset, name, value):
    return queryset.in_force() if value == IN_FORCE else queryset.with_status(value)


def filter_site(queryset, name, value):
    """Units of the site with this slug (links from site pages and the dashboard, the
    suggestions), or else of the sites whose name or city holds every word typed.

    The slug is looked up first, on its own: one index probe, where "slug = x OR name
    holds the words" in a single query made the database read every site. Its answer is
    kept until the data change, as a list filtered by site is asked for again and again."""
    slug = value.strip()
    site_id = page_cache.until_next_edit(
        f"site-slug:{hashlib.sha256(slug.encode()).hexdigest()}",
        lambda: Site.objects.filter(slug=slug).values_list("pk", flat=True).first(),
    )
    if site_id is not None:
        return queryset.filter(site_id=site_id)
    words = search_words(value)
    if not words:
        return queryset.none()
    return queryset.filter(reduce(and_, [Q(site__search_text__contains=word) for word in words]))


class SuggestInput(forms.TextInput):
    """A text input with the (empty) list of suggestions that site-picker.js fills from the
    API list `url_name` (records with a slug, a name and a city) as one types."""

    def __init__(self, list_id: str, url_name: str, placeholder):
        attrs = {"list": list_id, "autocomplete": "off", "placeholder": placeholder}
        super().__init__(attrs={**attrs, "data-suggest": reverse_lazy(url_name)})

    def render(self, name, value, attrs=None, renderer=None):
        suggestions = format_html('<datalist id="{}"></datalist>', self.attrs["list"])
        return super().render(name, value, attrs, renderer) + suggestions


def site_filter():
    """A site typed, not picked from a list of every site (there may be thousands):
    static/js/site-picker.js suggests sites from the sites API as one types."""
    return django_filters.CharFilter(
        label=_("Site"),
        method=filter_site,
        max_length=200,
        widget=SuggestInput("site-suggestions", "site-list", _("Name or city")),
    )


def unit_partner_links():
    """The partners app's relations to units (UnitPartner), named through the app registry:
    this app sits below partners in the import layers and does not import it."""
    return apps.get_model("partners", "UnitPartner")


class PublishedPartnerField(forms.CharField):
    """A published partner, as typed: the end of its page's address (what the suggestions,
    the partner pages' links and the API put there), or its name or acronym in any case
    and accents; a message for anything else. The unit list's "Supervised by"."""

    def clean(self, value):
        typed = (super().clean(value) or "").strip()
        if not typed:
            return None
        published = apps.get_model("partners", "Partner").objects.filter(is_published=True)
        partner = published.filter(slug=typed).first()
        if partner is not None:
            return partner
        named = list(published.filter(Q(name_key=fold(typed)) | Q(acronym__iexact=typed)).order_by("name_key")[:2])
        if len(named) == 1:
            return named[0]
        message = (
            _("Several partners in the directory are called “%(typed)s”: choose one from the suggestions.")
            if named
            else _("“%(typed)s” is not a partner in the directory: type its name or acronym, e.g. Université de Lille.")
        )
        raise forms.ValidationError(message, code="unknown_partner", params={"typed": typed[:60]})


class PublishedPartnerFilter(django_filters.CharFilter):
    field_class = PublishedPartnerField


class RankedSearchMixin:
    """A text search orders the results by relevance, unless a sort is asked for.
    `ignored_words`: the words of the search that no record holds, left out of it (the
    list says so); `every_word_ignored` when none was left."""

    ignored_words: list[str] = []
    every_word_ignored = False  # then no "other words" were searched: the list is empty

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if typed := self.form.cleaned_data.get("q"):
            understood = understand(typed, queryset.model)
            self.ignored_words, self.every_word_ignored = understood.ignored, not understood.words
        if "search_rank" in queryset.query.annotations and not self.form.cleaned_data.get("sort"):
            return queryset.order_by("search_rank", *self.stable_order)
        return queryset.order_by(*queryset.query.order_by, *self.stable_order)

    @staticmethod
    def ranked_search(queryset, value: str) -> Search:
        """The list's search for `value` (core.search.Search), in its order."""
        raise NotImplementedError

    @classmethod
    def search(cls, queryset, name, value):
        """The `q` filter."""
        return cls.ranked_search(queryset, value).ranked()

    @classmethod
    def search_of(cls, queryset, value: str) -> Search:
        """What the list finds for the search `value` alone, in its order (the Search's
        ordered()), without building its whole filter form (the portal-wide search asks
        three lists at once)."""
        return replace(cls.ranked_search(queryset, value), order=tuple(cls.stable_order))


class YearFilter(django_filters.NumberFilter):
    """A year, a whole number between 1900 and 2200: any other value gets the form's
    message, not a server error (the database cannot hold a date in the year 10^9)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, lookup_expr="year", min_value=1900, max_value=2200, **kwargs)


class UnitFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        if data.get("as_of") and not data.get("supervisor") and "supervisor" not in self.errors:
            # Alone, the day would be ignored: the list would look filtered and not be.
            message = _("“As of” goes with “Supervised by”: choose the partner whose units it supervised that day.")
            self.add_error("as_of", message)
        return data


class UnitFilter(RankedSearchMixin, ListFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200)
    site = site_filter()
    site_kind = AnyOfFilter(
        label=_("Site kind"), field_name="site__kind", choices=Site.Kind.choices, empty_label=_("All kinds")
    )
    region = AnyOfFilter(
        label=_("Region"), field_name="site__region", choices=Region.choices, empty_label=_("All regions")
    )
    structure_type = AnyOfFilter(
        label=_("Structure type"), choices=ResearchUnit.StructureType.choices, empty_label=_("All types")
    )
    status = django_filters.ChoiceFilter(
        label=_("Mandate status"), method=filter_status, choices=STATUS_CHOICES, empty_label=_("Any")
    )
    perimeter = django_filters.ChoiceFilter(
        label=_("University-hospital site"), choices=YES_NO, method="filter_perimeter", empty_label=_("Either")
    )
    puph = django_filters.ChoiceFilter(
        label=_("Director is PU-PH"), choices=YES_NO, method="filter_puph", empty_label=_("Either")
    )
    supervisor = PublishedPartnerFilter(
        label=_("Supervised by"),
        method="filter_supervisor",
        max_length=250,
        help_text=_("A partner's name or acronym, e.g. Université de Lille."),
        widget=SuggestInput("partner-suggestions", "partner-list", _("Name or acronym")),
    )
    # The day of the supervision only: the mandate status and the other filters stay today's,
    # as the list's columns and the home page's figures are.
    as_of = django_filters.DateFilter(
        label=_("As of"),
        method="filter_as_of",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("With “Supervised by”: the units it supervised on that day (today if empty)."),
    )
    # The year the unit's last recorded term ends (the list's "Term end"): the links of the
    # charts of term ends (units/charts.py) on the site pages and the home page.
    term_end_year = YearFilter(
        label=_("Term ends in"), field_name="term_end", help_text=_("A year, e.g. 2028."), widget=forms.NumberInput()
    )
    sort = SortFilter.of(UNIT_LIST)

    stable_order = ["code_key", "pk"]
    facets = {
        "site_kind": Facet("site__kind"),
        "region": Facet("site__region"),
        "structure_type": Facet("structure_type"),
        "status": Facet("mandate_status", choices=status_choices_of, rows=lambda units: units.with_mandate_status()),
        "perimeter": Facet(Case(When(site__kind__in=Site.HOSPITAL_PERIMETER, then=Value("yes")), default=Value("no"))),
        "puph": Facet(Case(When(director_is_puph=True, then=Value("yes")), default=Value("no"))),
    }

    class Meta:
        model = ResearchUnit
        fields = []
        form = UnitFilterForm

    def filter_supervisor(self, queryset, name, partner):
        """Units the partner supervised on the `as_of` day (today by default)."""
        links = unit_partner_links()
        day = self.form.cleaned_data.get("as_of") or timezone.localdate()
        supervising = links.objects.on(day).filter(partner=partner, role=links.Role.SUPERVISOR, unit=OuterRef("pk"))
        return queryset.filter(Exists(supervising))

    def filter_as_of(self, queryset, name, value):
        return queryset  # read by filter_supervisor

    @staticmethod
    def ranked_search(queryset, value) -> Search:
        return search_units(queryset, value)

    def filter_puph(self, queryset, name, value):
        return queryset.filter(director_is_puph=value == "yes")

    def filter_perimeter(self, queryset, name, value):
        """On a site of the university-hospital perimeter (CHU, CLCC, faculty, EFS) or not."""
        inside = Q(site__kind__in=Site.HOSPITAL_PERIMETER)
        return queryset.filter(inside if value == "yes" else ~inside)


class SiteFilter(RankedSearchMixin, ListFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200)
    kind = AnyOfFilter(label=_("Kind"), choices=Site.Kind.choices, empty_label=_("All kinds"))
    region = AnyOfFilter(label=_("Region"), choices=Region.choices, empty_label=_("All regions"))
    sort = SortFilter.of(SITE_LIST)

    stable_order = ["name_key", "pk"]
    facets = {"kind": Facet("kind"), "region": Facet("region")}

    class Meta:
        model = Site
        fields = []

    def facet_rows(self):
        # Every site is public; the list's queryset joins their units to count them, which
        # would count a site once per unit.
        return self.queryset.model.objects.all()

    @staticmethod
    def ranked_search(queryset, value) -> Search:
        identifier = matching(Site, value)  # a FINESS number, UAI or Wikidata item, in any spelling
        exact = Q(slug__iexact=value.strip()) | identifier if identifier else Q(slug__iexact=value.strip())
        return Search(text_search(queryset, value, also=identifier), value, exact, place="city_key")
