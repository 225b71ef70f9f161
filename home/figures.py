"""The key figures on the home page, computed from the data (public records only)."""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.db.models import Count, Q

from partners.models import Agreement, Category
from units.models import Region, ResearchUnit, Site

SHADES = 4  # map colours for regions with units, lightest to darkest (0 = no unit)


@cache
def region_outlines() -> dict:
    """Outlines of mainland France's 13 regions (overseas regions have none: listed beside
    the map). From the npm package @svg-maps/france.regions, CC BY-NC 4.0: see data/."""
    return json.loads((Path(__file__).parent / "data" / "france-regions.json").read_text())


def shade(count: int, largest: int) -> int:
    """0 for a region without units, else 1 to SHADES in proportion to the largest count."""
    if count <= 0 or largest <= 0:
        return 0
    return min(SHADES, 1 + SHADES * count // (largest + 1))


@dataclass(frozen=True)
class RegionShade:
    region: str
    label: str
    count: int
    shade: int
    outline: str  # SVG path, "" overseas


@dataclass(frozen=True)
class CategoryBar:
    category: Category
    count: int
    percent_of_max: float  # the bar's length, 0–100


@dataclass(frozen=True)
class KeyFigures:
    units: int
    units_in_hospital_perimeter: int
    units_with_puph_director: int
    active_agreements: int
    partners: int
    bars: list[CategoryBar]
    regions: list[RegionShade]
    map_view_box: str

    @property
    def hospital_perimeter_share(self) -> float:
        return self.units_in_hospital_perimeter / self.units if self.units else 0.0

    @property
    def puph_share(self) -> float:
        return self.units_with_puph_director / self.units if self.units else 0.0


def key_figures() -> KeyFigures:
    """Four queries: unit counts, units per region, partners per category, active public agreements."""
    units = ResearchUnit.objects.published().aggregate(
        total=Count("pk"),
        perimeter=Count("pk", filter=Q(site__kind__in=Site.HOSPITAL_PERIMETER)),
        puph=Count("pk", filter=Q(director_is_puph=True)),
    )
    categories = list(
        Category.objects.annotate(count=Count("partners", filter=Q(partners__is_published=True))).order_by(
            "display_order", "slug"
        )
    )
    largest = max((category.count for category in categories), default=0) or 1
    per_region = dict(
        ResearchUnit.objects.published()
        .order_by()
        .values_list("site__region")
        .annotate(count=Count("pk"))
        .values_list("site__region", "count")
    )
    most = max(per_region.values(), default=0)
    outlines = region_outlines()
    regions = [
        RegionShade(
            region=value,
            label=label,
            count=per_region.get(value, 0),
            shade=shade(per_region.get(value, 0), most),
            outline=outlines["regions"].get(value, ""),
        )
        for value, label in Region.choices
    ]
    return KeyFigures(
        units=units["total"],
        units_in_hospital_perimeter=units["perimeter"],
        units_with_puph_director=units["puph"],
        active_agreements=Agreement.objects.public().in_force().count(),
        partners=sum(category.count for category in categories),
        bars=[CategoryBar(category, category.count, 100 * category.count / largest) for category in categories],
        regions=regions,
        map_view_box=outlines["viewBox"],
    )
