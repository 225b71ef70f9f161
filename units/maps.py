"""The map of sites, drawn by the server as SVG (templates/includes/map.html): the regions'
outlines, shaded by their units in force, overseas regions in insets, and a point per site
with coordinates, its area in proportion to its units in force.

The outlines are the portal's own static data (home/data/france-map.json, built once from
IGN's Admin Express outlines under the Licence Ouverte by home/data/build_map.py, which
also says how they are projected); sites are placed with the same projections
(units.projection). A map is language-neutral, so that it can be cached: its links and
accessible names are worked out when the page reads them.

One grouped query feeds a map: `places()`, the sites with their units in force."""

import datetime as dt
import json
import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext

from core.links import detail_url, page_url

from .models import Region, Site
from .projection import project

MAP_DATA = Path(settings.BASE_DIR) / "home" / "data" / "france-map.json"
OVERSEAS = (Region.GUADELOUPE, Region.MARTINIQUE, Region.GUYANE, Region.LA_REUNION, Region.MAYOTTE)
SHADES = 4  # colours for regions with units, lightest to darkest (0 = no unit)
# Point radii in SVG units on the whole map (700 wide): the largest count gets MAX_RADIUS,
# the others an area in proportion, never less than MIN_RADIUS.
MAX_RADIUS, MIN_RADIUS = 9.0, 2.2
NAMES_IN_A_LABEL = 5  # a point standing for several sites names this many, then "and N more"
SITES_WINDOW = 40  # width, in SVG units, of the map around a mainland site
CREDIT_URL = "https://github.com/gregoiredavid/france-geojson"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence"


@cache
def outlines() -> dict:
    return json.loads(MAP_DATA.read_text(encoding="utf-8"))


def shade(count: int, largest: int) -> int:
    """0 for a region without units, else 1 to SHADES in proportion to the largest count."""
    if count <= 0 or largest <= 0:
        return 0
    return min(SHADES, 1 + SHADES * count // (largest + 1))


def unit_list(**filters) -> str:
    """The public unit list of units in force, with these filters too."""
    from .filters import IN_FORCE  # noqa: PLC0415 - the filters import the whole search

    return page_url("units:list") + "?" + urlencode({"status": IN_FORCE, **filters})


@dataclass(frozen=True)
class Place:
    """A site, with its units in force: one row of places()."""

    slug: str
    name: str
    city: str
    region: str
    latitude: float | None
    longitude: float | None
    units: int

    @property
    def url(self) -> str:
        return detail_url("units:site_detail", self.slug)

    @property
    def units_url(self) -> str:
        return unit_list(site=self.slug)


def places(on: dt.date | None = None, **filters) -> list[Place]:
    """Every site (those matching `filters`), with its published units in force on `on`:
    one grouped query."""
    on = on or timezone.localdate()
    in_force = Q(units__is_published=True, units__term_start__lte=on, units__term_end__gte=on)
    rows = (
        Site.objects.filter(**filters)
        .order_by()
        .values_list("slug", "name", "city", "region", "latitude", "longitude")
        .annotate(units=Count("units", filter=in_force))
    )
    return [
        Place(
            slug,
            name,
            city,
            region,
            None if latitude is None else float(latitude),
            None if longitude is None else float(longitude),
            units,
        )
        for slug, name, city, region, latitude, longitude, units in rows
    ]


def per_region(found: list[Place]) -> dict[str, int]:
    counts = {}
    for place in found:
        counts[place.region] = counts.get(place.region, 0) + place.units
    return counts


@dataclass(frozen=True)
class MapRegion:
    region: str
    count: int
    shade: int
    path: str
    linked: bool  # a link to the unit list of its units in force (else drawn for context)
    current: bool = False

    @property
    def label(self) -> str:
        return Region(self.region).label

    @property
    def url(self) -> str:
        return unit_list(region=self.region)

    @property
    def accessible_name(self) -> str:
        return units_in_force(self.label, self.count)


def units_in_force(name: str, count: int) -> str:
    if not count:
        return gettext("%(name)s – no unit with a term in force") % {"name": name}
    return ngettext(
        "%(name)s – %(count)s unit with a term in force",
        "%(name)s – %(count)s units with a term in force",
        count,
    ) % {"name": name, "count": number_format(count, force_grouping=True)}


@dataclass(frozen=True)
class MapPoint:
    """A site, or the sites drawn at the very same place (which only copies of the same
    place share): a circle with a link to the list of their units in force."""

    x: float
    y: float
    r: float
    sites: tuple[Place, ...]
    current: bool = False

    @property
    def units(self) -> int:
        return sum(place.units for place in self.sites)

    @property
    def url(self) -> str:
        first = self.sites[0]
        if len(self.sites) == 1:
            return first.units_url
        # No list holds exactly these sites: the units in force of the sites of their city.
        return unit_list(region=first.region, site=first.city)

    @property
    def accessible_name(self) -> str:
        if len(self.sites) == 1:
            return units_in_force(self.sites[0].name, self.units)
        names = ", ".join(place.name for place in self.sites[:NAMES_IN_A_LABEL])
        more = len(self.sites) - NAMES_IN_A_LABEL
        if more > 0:
            names = ngettext("%(names)s and %(more)s other", "%(names)s and %(more)s others", more) % {
                "names": names,
                "more": more,
            }
        where = ngettext(
            "%(count)s site at this place in %(city)s: %(names)s",
            "%(count)s sites at this place in %(city)s: %(names)s",
            len(self.sites),
        ) % {"count": len(self.sites), "city": self.sites[0].city, "names": names}
        return units_in_force(where, self.units)


@dataclass(frozen=True)
class Inset:
    region: str
    x: float
    y: float
    width: float
    height: float

    @property
    def label(self) -> str:
        return Region(self.region).label


@dataclass(frozen=True)
class SiteMap:
    view_box: str
    zoom: float  # how much larger than on the whole map: strokes and labels keep their size
    regions: list[MapRegion]
    points: list[MapPoint]
    insets: list[Inset] = field(default_factory=list)

    @property
    def point_count(self) -> int:
        return len(self.points)

    @property
    def credit_url(self) -> str:
        return CREDIT_URL

    @property
    def licence_url(self) -> str:
        return LICENCE_URL


def position(place: Place) -> tuple[float, float]:
    data = outlines()
    area = place.region if place.region in data["areas"] else "mainland"
    return project(place.longitude, place.latitude, data["areas"][area]["projection"])


def box_of(x0: float, y0: float, x1: float, y1: float, margin: float) -> tuple[float, float, float, float]:
    """A box around (x0, y0)-(x1, y1), `margin` of its size wider on each side, at least 3:4
    and at most 16:10, so that a long region's map is neither a strip nor a tower."""
    width, height = (x1 - x0) * (1 + 2 * margin), (y1 - y0) * (1 + 2 * margin)
    width, height = max(width, height * 0.75), max(height, width / 1.6)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return cx - width / 2, cy - height / 2, width, height


def intersects(bbox: list[float], box: tuple[float, float, float, float]) -> bool:
    x, y, width, height = box
    return bbox[0] <= x + width and bbox[2] >= x and bbox[1] <= y + height and bbox[3] >= y


def site_map(found: list[Place], *, region: str | None = None, site: str | None = None) -> SiteMap:
    """The map of `found` (places()): the whole of France, or zoomed on a region (its sites
    are among `found`) or on a site (by slug), which is then drawn highlighted."""
    data = outlines()
    counts = per_region(found)
    most = max(counts.values(), default=0)
    focus = next((place for place in found if place.slug == site), None) if site else None
    if focus is not None:
        region = focus.region
    if region is None:
        box = tuple(data["viewBox"])
    elif region in OVERSEAS:
        box = tuple(data["areas"][region]["box"])
    elif focus is not None and focus.latitude is not None:
        x, y = position(focus)
        box = (x - SITES_WINDOW / 2, y - SITES_WINDOW * 0.35, SITES_WINDOW, SITES_WINDOW * 0.7)
    else:
        box = box_of(*data["regions"][region]["bbox"], margin=0.06)
    zoom = data["viewBox"][2] / box[2]
    regions = [
        MapRegion(
            value,
            counts.get(value, 0),
            shade(counts.get(value, 0), most),
            outline["path"],
            linked=region is None or value == region,
            current=value == region,
        )
        for value, outline in data["regions"].items()
        if region is None or (intersects(outline["bbox"], box) and (value in OVERSEAS) == (region in OVERSEAS))
    ]
    at = {}
    for place in found:
        if place.latitude is None or place.longitude is None or (region and place.region != region):
            continue
        x, y = position(place)
        at.setdefault((round(x, 1), round(y, 1)), []).append(place)
    largest = max((sum(place.units for place in group) for group in at.values()), default=0) or 1
    # The radius shrinks with the zoom, less than the map grows: points spread apart.
    scale = 1 / zoom**0.75
    points = [
        MapPoint(
            x,
            y,
            round(max(MIN_RADIUS, MAX_RADIUS * math.sqrt(sum(p.units for p in group) / largest)) * scale, 2),
            tuple(sorted(group, key=lambda p: (-p.units, p.name))),
            current=focus is not None and focus in group,
        )
        for (x, y), group in at.items()
    ]
    # Large points first, so that the small ones on top of them can be reached too.
    points.sort(key=lambda point: (point.current, -point.r, point.x, point.y))
    insets = [Inset(value, *data["areas"][value]["box"]) for value in OVERSEAS] if region is None else []
    return SiteMap(" ".join(f"{round(n, 1):g}" for n in box), round(zoom, 3), regions, points, insets)
