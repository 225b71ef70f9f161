"""Charts of units' terms (core.charts): how many units' terms end each year, by mandate
status, each segment linking to the unit list filtered to exactly those units. A site's
page and the home page (the renewal load of the coming years) draw it."""

import datetime as dt
from urllib.parse import urlencode

from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils.functional import lazy

from core import charts
from core.links import page_url

from .models import MandateStatus

# The statuses in the order the site page lists them, each with the colour of its badge in
# the lists (units/templatetags/units.py) and a pattern of its own (core.charts.STYLES).
STATUS_STYLES = {
    MandateStatus.RENEWABLE: "green",
    MandateStatus.FINAL: "blue",
    MandateStatus.EXPIRING: "amber",
    MandateStatus.ENDED: "grey",
    MandateStatus.UPCOMING: "teal",
}


def unit_list_url(filters: dict) -> str:
    """The public unit list filtered by `filters`, in the active language."""
    return page_url("units:list") + "?" + urlencode(filters)


# Written when the page is, in its language: the home page keeps its figures for every language.
lazy_unit_list_url = lazy(unit_list_url, str)


def term_end_counts(units, on: dt.date) -> dict[tuple[int, str], int]:
    """{(year its last recorded term ends, mandate status on `on`): how many} of `units`,
    in one grouped query; units without a term are left out."""
    rows = (
        units.with_mandate_status(on)
        .filter(term_end__isnull=False)
        .annotate(year=ExtractYear("term_end"))
        .order_by()
        .values_list("year", "mandate_status")
        .annotate(count=Count("pk"))
    )
    return {(year, status): count for year, status, count in rows}


def term_ends_chart(
    counts: dict[tuple[int, str], int],
    *,
    years: tuple[int, int] | None = None,
    filters: dict,
    status_links: bool,
    **texts,
) -> charts.BarChart | None:
    """A bar a year (`years`, first and last, or else those of `counts`), a segment a
    mandate status. Each bar links to the unit list with `filters` and the year, each
    segment with the status too, and (`status_links`, when the years shown hold every unit
    `filters` finds) each status's total with the status alone. `texts`: core.charts.stacked_bars's."""
    if not counts:
        return None
    first, last = years or (min(year for year, _status in counts), max(year for year, _status in counts))
    rows = [
        charts.Group(year, str(year), lazy_unit_list_url({**filters, "term_end_year": year}))
        for year in range(first, last + 1)
    ]
    present = {status for _year, status in counts}
    series = [
        charts.Group(
            status,
            MandateStatus(status).label,
            lazy_unit_list_url({**filters, "status": status}) if status_links else "",
            style,
        )
        for status, style in STATUS_STYLES.items()
        if status in present
    ]
    return charts.stacked_bars(
        rows=rows,
        series=series,
        counts=counts,
        cell_url=lambda row, status: lazy_unit_list_url({**filters, "status": status.key, "term_end_year": row.key}),
        **texts,
    )
