"""A list's columns, declared once in the app that owns the list (units/columns.py,
partners/columns.py, workspace/columns.py): the screen's table and its sort links, the sort
choices of the list's filter set, the CSV and XLSX exports and the admin's CSV action all
read that one declaration, so that none of them can drift from the others."""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter

from django.template.defaulttags import querystring
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext, override


@dataclass(frozen=True)
class Column:
    """One column of a list.

    `value` is the cell as exports write it: a function of the row, or an attribute path
    ("site.name"). The screen shows it as text (`display`) unless the column says how to
    write it there: `html`, a function of the row returning safe HTML (a link, a badge), or
    `page_html`, called once per page and returning that function, for cells that read a
    table once a page rather than once a row (the directory's category names).
    """

    key: str  # the column's name, and its `sort` value in the list's URLs
    header: str  # as exports write it
    value: Callable | str | None = None
    html: Callable | None = None
    page_html: Callable[[], Callable] | None = None
    title: str | None = None  # the screen's header and sort label, if not capfirst(header)
    sort: str = ""  # what the list is ordered by when sorted on this column; "" for none
    classes: str = ""  # on the header and the cells alike: responsive hiding, alignment
    nowrap: bool = False  # the cells (not the header) kept on one line
    empty: str = "—"  # the screen's text for a missing value (None)
    on_screen: bool = True
    in_export: bool = True
    title_hidden: bool = False  # a header read by screen readers only (an actions column)

    def __post_init__(self):
        if isinstance(self.value, str):
            object.__setattr__(self, "value", attrgetter(self.value))

    @property
    def heading(self) -> str:
        return self.title or capfirst(self.header)

    def cell_writer(self) -> Callable[[object], str]:
        """A function writing this column's screen cell for a row, made once per page."""
        if self.page_html:
            return self.page_html()
        if self.html:
            return self.html
        return lambda row: display(self.value(row), self.empty)


class Columns:
    """A list's columns in the order its exports write them. The screen shows those
    `on_screen`, in that order too unless `screen_order` names another (the keys, once).
    `row_data` gives each screen row data attributes: {"unit": "code"} writes
    data-unit="…" from the row's code."""

    def __init__(self, *columns: Column, screen_order: Iterable[str] = (), row_data: dict[str, str] | None = None):
        keys = [column.key for column in columns]
        if len(set(keys)) != len(keys):
            raise ValueError(f"Two columns have the same key: {keys}")
        self.columns = tuple(columns)
        self.screen_order = tuple(screen_order)
        self.row_data = dict(row_data or {})

    def __getitem__(self, key: str) -> Column:
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)

    def __iter__(self):
        return iter(self.columns)

    def __len__(self):
        return len(self.columns)

    def pick(self, *keys: str) -> list[Column]:
        """The columns named, in that order: for another list that shows them too."""
        return [self[key] for key in keys]

    def without(self, *keys: str) -> "Columns":
        return Columns(
            *(column for column in self.columns if column.key not in keys),
            screen_order=[key for key in self.screen_order if key not in keys],
            row_data=self.row_data,
        )

    @property
    def screen(self) -> list[Column]:
        if self.screen_order:
            return self.pick(*self.screen_order)
        return [column for column in self.columns if column.on_screen]

    @property
    def export(self) -> list[Column]:
        return [column for column in self.columns if column.in_export]

    @property
    def sortable(self) -> list[Column]:
        return [column for column in self.columns if column.sort]


def page_link(attribute: str) -> Callable[[object], str]:
    """A cell linking the row's `attribute` to the row's own page."""
    text_of = attrgetter(attribute)
    return lambda row: format_html('<a href="{}">{}</a>', row.get_absolute_url(), text_of(row))


def display(value, empty: str = "—") -> str:
    """A value as the screen shows it: yes/no, a short date, or its text."""
    if value is None:
        return empty
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, dt.date):
        return short_date(value, get_language())
    return value


@lru_cache(maxsize=4096)
def short_date(day, language: str | None) -> str:
    """A date as the `date:"SHORT_DATE_FORMAT"` filter writes it, written once per language:
    the terms of a list end on a few dozen days."""
    with override(language):
        return date_format(day, "SHORT_DATE_FORMAT")


def class_attribute(*classes: str) -> str:
    names = " ".join(name for name in classes if name)
    return format_html(' class="{}"', names) if names else ""


def label_attribute(column: Column) -> str:
    """The cell's column name, written before its value where rows become cards on phones
    (static/css/portal.css, "Phone cards"); none where the header is for screen readers only."""
    return "" if column.title_hidden else format_html(' data-label="{}"', column.heading)


def header_cells(columns: Iterable[Column], context) -> SafeString:
    """The header row's cells; a sortable column's header links to the list sorted by it,
    or reversed if it is the current sort, keeping the filters and going back to page 1."""
    return format_html_join("\n      ", "{}", ((header_cell(column, context),) for column in columns))


def header_cell(column: Column, context) -> str:
    title = column.heading
    if column.title_hidden:
        title = format_html('<span class="visually-hidden">{}</span>', title)
    if not column.sort:
        return format_html('<th scope="col"{}>{}</th>', class_attribute(column.classes), title)
    current = context.get("current_sort")
    if current == column.key:
        sort, arrow, state = f"-{column.key}", "▲", "ascending"
    elif current == f"-{column.key}":
        sort, arrow, state = column.key, "▼", "descending"
    else:
        sort, arrow, state = column.key, "", ""
    return format_html(
        '<th scope="col"{}{}><a href="{}">{}{}</a></th>',
        class_attribute(column.classes),
        format_html(' aria-sort="{}"', state) if state else "",
        querystring(context, sort=sort, page=None),
        title,
        format_html(' <span aria-hidden="true">{}</span>', arrow) if arrow else "",
    )


def body_rows(columns: Columns, rows: Iterable) -> SafeString:
    """The table's rows, written in Python as Django's admin writes its changelist rows,
    rather than each value looked up through the template engine (bench/README.md)."""
    cells = [
        (
            f"<td{class_attribute(column.classes, 'text-nowrap' if column.nowrap else '')}{label_attribute(column)}>",
            column.cell_writer(),
        )
        for column in columns.screen
    ]
    row_data = [(name, attrgetter(path)) for name, path in columns.row_data.items()]
    lines = []
    for row in rows:
        data = "".join(format_html(' data-{}="{}"', name, get(row)) for name, get in row_data)
        written = "".join(f"\n      {start}{conditional_escape(write(row))}</td>" for start, write in cells)
        lines.append(f"<tr{data}>{written}\n    </tr>")
    return mark_safe("\n    ".join(lines))  # noqa: S308 - each value is escaped (format_html, conditional_escape)
