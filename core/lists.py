"""What every public list shares: filters, 25 rows a page, forgiving pagination, CSV export."""

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import chain, islice
from typing import ClassVar

from django import forms
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db.models import CharField, Count, Expression, F, QuerySet, Value
from django.db.models.functions import Cast
from django.forms.utils import pretty_name
from django.utils import timezone
from django.utils.functional import cached_property, lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django_filters import FilterSet, MultipleChoiceFilter, OrderingFilter
from django_filters.views import FilterView

from . import links, page_cache, public_exports
from .columns import Columns
from .exports import csv_response

PAGE_SIZE = 25
COUNT_SECONDS = 600
# From which row a page is read in two steps (see ListPaginator): below it, the second step
# costs more than the rows it avoids reading.
LATE_LOOKUP_FROM = 500


# "Name (descending)", written out in the language of the page that shows it.
descending = lazy(lambda label: str(OrderingFilter.descending_fmt) % label, str)


class SortFilter(OrderingFilter):
    """django-filter's OrderingFilter, with its descending labels translated when shown:
    it writes them out when the filter set is defined, in the language active then (so
    English pages offered "Ville (décroissant)")."""

    def build_choices(self, fields, labels):
        choices = []
        for field, param in fields.items():
            label = labels.get(field, pretty_name(param))
            choices += [(param, label), (f"-{param}", labels.get(f"-{param}", descending(label)))]
        return choices

    @classmethod
    def of(cls, columns: Columns) -> "SortFilter":
        """The sort a list's columns offer: by each column that has a `sort`, under its key
        (`?sort=term_end`) and its screen title."""
        return cls(
            label=_("Sort by"),
            fields=[(column.sort, column.key) for column in columns.sortable],
            field_labels={column.sort: column.heading for column in columns.sortable},
            empty_label=None,
        )


class AnyOfFilter(MultipleChoiceFilter):
    """Several choices of one filter, any of them (`?region=bretagne&region=normandie`):
    `field IN (…)`, without DISTINCT (each row has one value, so none is repeated). One
    value, as the links from the home page and the map give, is a choice of one."""

    def __init__(self, *args, empty_label="", **kwargs):
        self.empty_label = empty_label  # what the panel says while none is chosen ("All regions")
        kwargs.setdefault("distinct", False)
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return self.get_method(qs)(**{f"{self.field_name}__in": sorted(set(value))})


def one_choice(value) -> tuple[str, ...]:
    return (value,)


@dataclass(frozen=True)
class Facet:
    """How the choices of a list filter are counted: `value` is what a row has for the
    filter (a field path or an expression, grouped on in SQL, read back as text),
    `choices` the choices a row with that value would be found by (the value itself, or
    several: a running term is both "final" and "in force"), `rows` what the rows need for
    `value` (an annotation)."""

    value: str | Expression
    choices: Callable[[str], Iterable[str]] = one_choice
    rows: Callable[[QuerySet], QuerySet] | None = None

    def grouped(self, name: str, rows: QuerySet) -> QuerySet:
        """The rows counted by value: one GROUP BY, as (facet, value, n)."""
        rows = self.rows(rows) if self.rows else rows
        value = F(self.value) if isinstance(self.value, str) else self.value
        return rows.order_by().values(facet=Value(name), value=Cast(value, CharField())).annotate(n=Count("pk"))


class ListFilterSet(FilterSet):
    """A FilterSet whose form class is built once per language (some labels are written out
    when a field is built), not on every request: see bench/README.md, "Speed-ups". Only
    for filters whose fields do not depend on the request (no callable querysets).

    `facets` names the filters whose choices show how many rows each would give
    (facet_counts)."""

    facets: ClassVar[dict[str, Facet]] = {}

    def get_form_class(self):
        form_classes = type(self).__dict__.get("_form_classes")
        if form_classes is None:
            form_classes = type(self)._form_classes = {}
        language = get_language()
        if language not in form_classes:
            form_classes[language] = super().get_form_class()
        return form_classes[language]

    def facet_rows(self) -> QuerySet:
        """The rows the facets count: the list's own (published) rows. A list whose
        queryset joins rows for its columns (a Count of related rows) says here which rows
        to count instead, as a join would multiply them."""
        return self.queryset

    def facet_counts(self) -> dict[str, dict[str, int]]:
        """For each facet, how many rows each of its choices would give with the other
        filters applied (a filter's own choice is left out when its choices are counted:
        choosing another one replaces or joins it). One query: a GROUP BY per facet,
        joined by UNION ALL. Nothing for filters the form did not understand."""
        if not self.facets or (self.is_bound and not self.is_valid()):
            return {}
        understood = self.form.cleaned_data if self.is_bound else {}
        grouped = []
        for name, facet in self.facets.items():
            rows = self.facet_rows()
            for other, value in understood.items():
                if other != name and not isinstance(self.filters[other], OrderingFilter):
                    rows = self.filters[other].filter(rows, value)
            grouped.append(facet.grouped(name, rows))
        counts = {name: {} for name in self.facets}
        for row in grouped[0].union(*grouped[1:], all=True):
            if row["value"] is None:
                continue
            facet_counts = counts[row["facet"]]
            for choice in self.facets[row["facet"]].choices(row["value"]):
                facet_counts[choice] = facet_counts.get(choice, 0) + row["n"]
        return counts


def kept_count(queryset: QuerySet, key: str | None = None) -> int:
    """How many rows `queryset` has, kept until the next edit under `key` or else the
    query's SQL (a long list's costliest query)."""
    try:
        named = key or repr(queryset.query.sql_with_params())
    except EmptyResultSet:  # a filter that can match nothing: no query to run
        return 0
    digest = hashlib.sha256(named.encode()).hexdigest()
    return page_cache.until_next_edit(f"count:{digest}", queryset.count, COUNT_SECONDS)


class ListPaginator(Paginator):
    """A paginator for long lists (figures: bench/README.md, "Speed-ups").

    The count, a long list's costliest query, is kept until the next edit, under `key`
    (PublicListView.count_key) or else the query's SQL. A deep page in `index_order` (an
    order an index serves whole) finds its ids in that index first, then reads only its own
    rows, instead of fetching every skipped row (a "late row lookup"); in another order the
    database sorts anyway, and the second step would only add work.
    """

    def __init__(self, *args, key: str | None = None, index_order: tuple = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.key = key
        self.index_order = index_order

    @cached_property
    def count(self):
        return kept_count(self.object_list, self.key)

    def _get_page(self, object_list, number, paginator):
        if (
            self.index_order
            and isinstance(object_list, QuerySet)
            and object_list.query.low_mark >= LATE_LOOKUP_FROM
            and tuple(dict.fromkeys(object_list.query.order_by)) == self.index_order  # repeats dropped
        ):
            object_list = self.object_list.filter(pk__in=object_list.values("pk"))
        return super()._get_page(object_list, number, paginator)


def understood_filters(filterset) -> list | None:
    """The filters a list's rows depend on, as the form understood them (not the sort),
    in a set order (`?region=a&region=b` as `?region=b&region=a`); None for filters it
    did not understand."""
    form = filterset.form
    if form.is_bound and not form.is_valid():
        return None
    understood = form.cleaned_data.items() if form.is_bound else []  # no query string: every row
    return sorted(
        (name, tuple(sorted(value)) if isinstance(value, list) else getattr(value, "pk", value))
        for name, value in understood
        if name != "sort" and value not in (None, "", [])
    )


@dataclass(frozen=True)
class FacetChoice:
    value: str
    label: str
    count: int | None  # None: not counted (filters not understood)
    selected: bool


class PanelField:
    """A field of the filter panel; for a facet, its choices with their counts."""

    def __init__(self, field, panel: "FilterPanel"):
        self.field = field
        self.panel = panel
        self.is_facet = field.name in panel.filterset.facets
        self.multiple = getattr(field.field.widget, "allow_multiple_selected", False)

    @cached_property
    def choices(self) -> list[FacetChoice]:
        counted = self.panel.counts
        counts = counted.get(self.field.name, {})
        chosen = self.field.value()
        chosen = {str(value) for value in chosen} if isinstance(chosen, list | tuple) else {str(chosen or "")}
        return [
            FacetChoice(str(value), str(label), counts.get(str(value), 0) if counted else None, str(value) in chosen)
            for value, label in self.field.field.choices
            if value != ""  # a single choice's "All …" (empty_label)
        ]

    @cached_property
    def selected_count(self) -> int:
        return sum(choice.selected for choice in self.choices)

    @cached_property
    def empty_label(self) -> str:
        own = getattr(self.panel.filterset.filters[self.field.name], "empty_label", "")
        return next((str(label) for value, label in self.field.field.choices if value == ""), str(own or ""))


class FilterPanel:
    """The filter form's fields in order. The facets are counted when the panel is first
    read, not before: a panel the template kept (filter_panel.html) counts nothing."""

    def __init__(self, filterset, key: str | None):
        self.filterset = filterset
        self.key = key

    @cached_property
    def counts(self) -> dict[str, dict[str, int]]:
        if self.key is None:  # filters not understood: no counts to show
            return {}
        return page_cache.until_next_edit(self.key, self.filterset.facet_counts, COUNT_SECONDS)

    def __iter__(self):
        return (PanelField(field, self) for field in self.filterset.form)


class PublicListView(FilterView):
    """A filtered, sorted, paginated public list. Subclasses set filterset_class, queryset,
    template_name and `columns`, which the page's table and the exports show; a template
    extending list_page.html also reads `caption` and `export_view` (the CSV's URL name)."""

    paginate_by = PAGE_SIZE
    paginator_class = ListPaginator
    columns: Columns = Columns()
    caption = ""
    export_view = ""
    export_filename = "export"
    default_sort = ""  # the `sort` key the list is in when none is asked for
    # The fields the page's rows show (related ones as `site__name`): the page reads only
    # those, not the long texts and internal notes it never shows. The CSV reads all.
    row_fields: tuple = ()
    # An order that an index serves whole, as order_by() names it: deep pages in that order
    # are read in two steps (see ListPaginator).
    index_order: tuple = ()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["current_sort"] = self.request.GET.get("sort") or self.default_sort
        context["columns"] = self.screen_columns()
        context["caption"] = self.caption
        context["filter_panel"] = self.filter_panel()
        if self.export_view:
            context["export_url"] = links.page_url(self.export_view)
        return context

    def screen_columns(self) -> Columns:
        """The columns the page's table shows (those a visitor may use, where that depends on who asks)."""
        return self.columns

    def get_paginator(self, queryset, per_page, **kwargs):
        return super().get_paginator(queryset, per_page, key=self.count_key(), index_order=self.index_order, **kwargs)

    def count_key(self) -> str | None:
        """What the number of rows depends on: the list, the filters it understood (not the
        sort), the day (mandate statuses move with it) and the language. Cheaper than
        compiling the query to name it; None, for filters it did not understand, lets the
        paginator name the query by its SQL."""
        filters = understood_filters(self.filterset)
        if filters is None:
            return None
        return repr((type(self).__module__, type(self).__qualname__, filters, timezone.localdate(), get_language()))

    def filter_panel(self) -> "FilterPanel":
        """The filter form's fields, the facets' choices counted (FilterPanel), their counts
        kept until the next edit under the list's filters."""
        count_key = self.count_key()
        key = f"facets:{hashlib.sha256(count_key.encode()).hexdigest()}" if count_key else None
        return FilterPanel(self.filterset, key)

    def paginate_queryset(self, queryset, page_size):
        # Any page number a visitor types leads to the nearest page: `x`, `0` or `-1`
        # to the first, `999999` to the last; never to an error page.
        if self.row_fields:
            queryset = queryset.only(*self.row_fields)
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True)
        try:
            number = int(self.request.GET.get(self.page_kwarg, 1))
        except (TypeError, ValueError):
            number = 1
        page = paginator.page(min(max(number, 1), paginator.num_pages))
        return paginator, page, page.object_list, page.has_other_pages()

    def export_rows(self):
        """Every row the list shows, all pages, as an iterator whose query has already run
        (so that a database error is an error page, not a download cut short)."""
        filterset = self.get_filterset(self.get_filterset_class())
        # Like the list: no filters means everything; filters it cannot read mean nothing.
        rows = filterset.qs if not filterset.is_bound or filterset.is_valid() else filterset.queryset.none()
        rows = rows.iterator(chunk_size=2000)
        first = list(islice(rows, 1))
        return chain(first, rows)

    def export(self):
        """The CSV of exactly what the list shows, streamed."""
        return csv_response(self.export_filename, self.columns.export, self.export_rows())

    def run_export(self, handler):
        """A public export: limited per client address, kept until the next edit
        (public_exports). Subclasses put here the access checks that dispatch() would have
        made, and a list that shows more than the public sees never calls this one."""
        refused = public_exports.refusal(self.request)
        if refused:
            return refused
        return public_exports.cached(self.export_key(handler), handler)

    def export_key(self, handler) -> str | None:
        """What the export depends on: what the list's rows do (count_key), its order and
        its format; None for filters the list did not understand (nothing to keep)."""
        self.filterset = self.get_filterset(self.get_filterset_class())
        count_key = self.count_key()
        if count_key is None:
            return None
        form = self.filterset.form
        sort = form.cleaned_data.get("sort") if form.is_bound else None
        named = repr((count_key, sort, handler.__name__))
        return hashlib.sha256(named.encode()).hexdigest()

    @classmethod
    def as_export_view(cls, handler: str = "export"):
        """A view answering with the method `handler` of the list (export, export_xlsx…)."""

        @require_safe
        def view(request, *args, **kwargs):
            self = cls()
            self.setup(request, *args, **kwargs)
            return self.run_export(getattr(self, handler))

        return view
