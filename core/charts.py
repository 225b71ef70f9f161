"""Bar charts drawn by the server (templates/includes/bar_chart.html): one horizontal bar a
row (a year), split into segments by series (a kind of agreement, a mandate status), as an
SVG picture followed by the same figures as a table.

Each row's label sits above its bar, and positions along the bars are percentages of the
chart's width, so the SVG takes the width of its column at any screen size without
scaling its text: labels neither shrink nor overlap on a phone.

Series are told apart by colour, by pattern (plain, stripes, dots…: each colour of STYLES
has its own) and by order (the segments of a bar, the legend and the table's columns run
in the same order). A chart is built from counts a caller has grouped in SQL: nothing
here reads records.
"""

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

# The styles of series, by name: each a colour of the portal's palette (static/css/portal.css,
# "Charts") with a pattern of its own. Series take them in this order unless they name one.
STYLES = ("blue", "accent", "green", "amber", "grey", "teal")
PATTERNS = {
    "blue": "",  # plain
    "accent": "M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4",  # diagonal stripes
    "green": "dots",
    "amber": "M0,2 H8 M0,6 H8",  # horizontal lines
    "grey": "M0,0 L8,8 M8,0 L0,8",  # cross-hatching
    "teal": "M2,0 V8 M6,0 V8",  # vertical lines
}

LONGEST_BAR = 86  # the longest bar's share of the width (%): its total is written after it
MOST_TICKS = 5  # lines across the bars, zero aside
# Heights in pixels: the axis title, then a row per bar (its label above it), then the axis.
TOP = 22
ROW = 44
LABEL_BASELINE = 14  # within a row
BAR_TOP = 20
BAR_HEIGHT = 18
AXIS = 40  # the ticks' values and the axis title below the rows


@dataclass(frozen=True)
class Group:
    """A row (a year) or a series (a kind): its key in the counts, its label, and the list
    of exactly its records, if there is one. A series may name its style (STYLES)."""

    key: Hashable
    label: str
    url: str = ""
    style: str = ""


@dataclass(frozen=True)
class Series:
    group: Group
    style: str
    total: int
    url: str


@dataclass(frozen=True)
class Cell:
    """The count of one series in one row: a segment of the bar, a cell of the table."""

    series: Series
    count: int
    url: str  # the list of exactly these records, "" if there is none
    start: float  # where the segment starts along the bar, % of the width
    width: float  # %


@dataclass(frozen=True)
class Row:
    group: Group
    total: int
    cells: tuple[Cell, ...]  # one a series, zeros included (the table's)
    top: int  # px

    @property
    def segments(self) -> tuple[Cell, ...]:
        return tuple(cell for cell in self.cells if cell.count)

    @property
    def label_y(self) -> int:
        return self.top + LABEL_BASELINE

    @property
    def bar_y(self) -> int:
        return self.top + BAR_TOP

    @property
    def total_y(self) -> int:
        return self.top + BAR_TOP + BAR_HEIGHT - 4

    @property
    def total_x(self) -> float:
        return sum(cell.width for cell in self.cells)


@dataclass(frozen=True)
class Tick:
    value: int
    x: float  # % of the width


@dataclass(frozen=True)
class BarChart:
    """A chart ready to draw: `name` (its id in the page), `title` (its accessible name
    and the table's caption), `caption` (what it counts, shown under it), `row_heading`
    and `value_heading` (the two axes' titles, the table's first column and last)."""

    name: str
    title: str
    caption: str
    row_heading: str
    value_heading: str
    series: tuple[Series, ...]
    rows: tuple[Row, ...]
    ticks: tuple[Tick, ...]
    total: int

    BAR_HEIGHT = BAR_HEIGHT
    BAR_TOP = BAR_TOP

    @property
    def height(self) -> int:
        return TOP + ROW * len(self.rows) + AXIS

    @property
    def grid_top(self) -> int:
        return TOP

    @property
    def axis_y(self) -> int:
        return TOP + ROW * len(self.rows)

    @property
    def tick_label_y(self) -> int:
        return self.axis_y + 16

    @property
    def axis_title_y(self) -> int:
        return self.axis_y + 34

    @property
    def links(self) -> bool:
        """Whether any segment links to a list."""
        return any(cell.url for row in self.rows for cell in row.segments)

    @property
    def patterns(self) -> list[tuple[str, str]]:
        """(style, pattern) of the series drawn: "dots", a path, or "" for plain."""
        return [(series.style, PATTERNS[series.style]) for series in self.series]


def tick_step(largest: int) -> int:
    """The step between the lines across the bars: 1, 2 or 5 times a power of ten, at most
    MOST_TICKS lines up to `largest`."""
    magnitude = 1
    while True:
        for multiple in (1, 2, 5):
            step = multiple * magnitude
            if largest <= step * MOST_TICKS:
                return step
        magnitude *= 10


def stacked_bars(
    *,
    name: str,
    title: str,
    caption: str,
    row_heading: str,
    value_heading: str,
    rows: Sequence[Group],
    series: Sequence[Group],
    counts: Mapping[tuple[Hashable, Hashable], int],
    cell_url=None,
) -> BarChart | None:
    """A chart of `counts` ({(row key, series key): count}), a bar per row in the order
    given (rows without records included: a year without agreements is a bar of zero), a
    segment per series; None when there is nothing to count (no empty box on the page).
    `cell_url(row, series)` gives the list of exactly the records of a cell, if any. At most
    len(STYLES) series: fold the others first (fold_series)."""
    if len(series) > len(STYLES):
        raise ValueError(f"At most {len(STYLES)} series can be told apart; fold the others (fold_series).")
    total = sum(counts.get((row.key, group.key), 0) for row in rows for group in series)
    if not total:
        return None
    free = [style for style in STYLES if style not in {group.style for group in series}]
    styled = []
    for group in series:
        style = group.style or free.pop(0)
        styled.append(Series(group, style, sum(counts.get((row.key, group.key), 0) for row in rows), group.url))
    largest = max(sum(counts.get((row.key, group.key), 0) for group in series) for row in rows)
    step = tick_step(largest)
    scale_top = -(-largest // step) * step  # the last line at or after the longest bar

    def share(count: int) -> float:
        return round(LONGEST_BAR * count / scale_top, 3)

    drawn = []
    for index, row in enumerate(rows):
        cells, start = [], 0.0
        for one in styled:
            count = counts.get((row.key, one.group.key), 0)
            url = cell_url(row, one.group) if cell_url and count else ""
            cells.append(Cell(one, count, url, start, share(count)))
            start = round(start + share(count), 3)
        drawn.append(Row(row, sum(cell.count for cell in cells), tuple(cells), TOP + ROW * index))
    return BarChart(
        name=name,
        title=title,
        caption=caption,
        row_heading=row_heading,
        value_heading=value_heading,
        series=tuple(styled),
        rows=tuple(drawn),
        ticks=tuple(Tick(value, share(value)) for value in range(0, scale_top + 1, step)),
        total=total,
    )


def fold_series(
    series: Sequence[Group], counts: Mapping[tuple[Hashable, Hashable], int], other: Group
) -> tuple[list[Group], dict]:
    """At most len(STYLES) series: the largest ones (in their given order), the rest
    counted together as `other`, last."""
    if len(series) <= len(STYLES):
        return list(series), dict(counts)
    totals = {group.key: 0 for group in series}
    for (_row, key), count in counts.items():
        totals[key] = totals.get(key, 0) + count
    largest = sorted(series, key=lambda group: -totals[group.key])[: len(STYLES) - 1]
    kept = [group for group in series if group in largest]
    kept_keys = {group.key for group in kept}
    folded = {}
    for (row, key), count in counts.items():
        cell = (row, key if key in kept_keys else other.key)
        folded[cell] = folded.get(cell, 0) + count
    return [*kept, other], folded


def year_rows(first: int, last: int) -> list[Group]:
    """A row a year from `first` to `last`, both included (years without records too)."""
    return [Group(year, str(year)) for year in range(first, last + 1)]
