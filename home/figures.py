"""The key figures on the home page, computed from the data (public records only), as
they are on one day."""

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.charts import BarChart
from core.links import detail_url, page_url
from partners.models import Agreement, Category
from units import maps
from units.charts import term_end_counts, term_ends_chart
from units.filters import IN_FORCE
from units.models import Region, ResearchUnit, Site


@dataclass(frozen=True)
class RegionShade:
    region: str
    label: str
    count: int
    shade: int
    url: str  # the unit list showing exactly these units

    @property
    def page_url(self) -> str:
        """The region's page (worked out as the page is shown: the figures are cached)."""
        return detail_url("units:region", self.region)


@dataclass(frozen=True)
class CategoryBar:
    category: Category
    count: int
    percent_of_max: float  # the bar's length, 0–100
    url: str  # the directory showing exactly these partners


@dataclass(frozen=True)
class Figure:
    """A count, and the list that shows exactly the records it counts."""

    count: int
    url: str


@dataclass(frozen=True)
class KeyFigures:
    """What is true on the day `on`: units with a term in force, agreements in force by
    their dates, published partners. Each count links to the list of what it counts."""

    on: dt.date
    units: Figure
    units_in_hospital_perimeter: Figure
    units_with_puph_director: Figure
    hospital_staff: int  # the university-hospital staff of `units`
    agreements_in_force: Figure
    partners: Figure
    bars: list[CategoryBar]
    regions: list[RegionShade]
    map: maps.SiteMap  # the sites and regions, drawn
    term_ends: BarChart | None  # the renewal load: units in force by the year their term ends

    @property
    def hospital_perimeter_share(self) -> float:
        return self.units_in_hospital_perimeter.count / self.units.count if self.units.count else 0.0

    @property
    def puph_share(self) -> float:
        return self.units_with_puph_director.count / self.units.count if self.units.count else 0.0


def unit_list(**filters) -> str:
    """The public unit list of units in force, with these filters too."""
    return page_url("units:list") + "?" + urlencode({"status": IN_FORCE, **filters})


def key_figures(on: dt.date | None = None) -> KeyFigures:
    """Five queries: units in force (counts and staff), the same per site (the map; summed
    per region), partners per category, agreements in force, term ends (renewal_load)."""
    on = on or timezone.localdate()
    in_force = ResearchUnit.objects.published().in_force(on)
    units = in_force.aggregate(
        total=Count("pk"),
        perimeter=Count("pk", filter=Q(site__kind__in=Site.HOSPITAL_PERIMETER)),
        puph=Count("pk", filter=Q(director_is_puph=True)),
        staff=Coalesce(Sum("hospital_staff_count"), 0),
    )
    categories = list(
        Category.objects.annotate(count=Count("partners", filter=Q(partners__is_published=True))).order_by(
            "display_order", "slug"
        )
    )
    largest = max((category.count for category in categories), default=0) or 1
    places = maps.places(on)
    per_region = maps.per_region(places)
    most = max(per_region.values(), default=0)
    regions = [
        RegionShade(
            region=value,
            label=label,
            count=per_region.get(value, 0),
            shade=maps.shade(per_region.get(value, 0), most),
            url=unit_list(region=value),
        )
        for value, label in Region.choices
    ]
    return KeyFigures(
        on=on,
        units=Figure(units["total"], unit_list()),
        units_in_hospital_perimeter=Figure(units["perimeter"], unit_list(perimeter="yes")),
        units_with_puph_director=Figure(units["puph"], unit_list(puph="yes")),
        hospital_staff=units["staff"],
        agreements_in_force=Figure(
            Agreement.objects.public().in_force(on).count(),
            page_url("partners:agreement_list") + "?" + urlencode({"state": Agreement.State.IN_FORCE}),
        ),
        partners=Figure(sum(category.count for category in categories), page_url("partners:list")),
        bars=[
            CategoryBar(category, category.count, 100 * category.count / largest, category.get_absolute_url())
            for category in categories
        ],
        regions=regions,
        map=maps.site_map(places),
        term_ends=renewal_load(on),
    )


RENEWAL_YEARS = 6  # this year and the next five


def renewal_load(on: dt.date) -> BarChart | None:
    """The units in force on `on` whose term ends this year or in the next five, by that year
    and by mandate status (one grouped query). Each bar links to the unit list of the units
    in force whose term ends that year, each segment to those of its status."""
    last = on.year + RENEWAL_YEARS - 1
    units = ResearchUnit.objects.published().in_force(on).filter(term_end__year__lte=last)
    return term_ends_chart(
        term_end_counts(units, on),
        years=(on.year, last),
        filters={"status": IN_FORCE},
        status_links=False,  # the statuses' lists hold the terms ending later too
        name="renewal-chart",
        title=format_lazy(
            _("Units with a term in force, by the year it ends, {first} to {last}"), first=on.year, last=last
        ),
        caption=_(
            "The terms that end each year: the units to renew or to re-create. Each unit is "
            "counted in the year its last recorded term ends, with its mandate status today."
        ),
        row_heading=_("Year the term ends"),
        value_heading=_("Number of units"),
    )
