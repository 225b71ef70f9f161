"""Build france-map.json, the outlines of the map of sites (units.maps), from IGN's Admin
Express region outlines as the france-geojson data set publishes them (Licence Ouverte,
see france-map.LICENSE.md). Run once, when the outlines or the layout change:

    .venv/bin/python home/data/build_map.py /path/to/regions-avec-outre-mer.geojson

(the team's copy: /work/shared/data/france-geo/regions-avec-outre-mer.geojson; it is
also published at https://github.com/gregoiredavid/france-geojson). The portal reads
only the JSON it writes, never the GeoJSON.

What it does:
1. projects each region with units.projection: mainland France (and Corsica) in a
   Lambert-93-like conic projection fitted to the MAINLAND box; each overseas region in
   an equirectangular projection of its own, fitted to its inset box (INSETS);
2. simplifies each ring with Douglas–Peucker (TOLERANCE SVG units) and drops islets
   smaller than MIN_RING_AREA square units;
3. writes, per region (keyed by units.models.Region's values), its SVG path (relative
   coordinates, one decimal), its bounding box and the area it is drawn in; per area
   (mainland and each inset), its box and projection parameters, so that sites are placed
   with the very projection of the outlines; and the whole map's viewBox.
"""

import itertools
import json
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from units.projection import project  # after the path is set

OUTPUT = Path(__file__).with_name("france-map.json")
WIDTH, HEIGHT = 700, 572
MAINLAND = (118, 8, 576, 556)  # x, y, width, height of mainland France's box
# The overseas insets, a column left of mainland France: x, y, width, height.
INSET_SIZE, INSET_GAP, INSET_TOP = 104, 10, 8
INSETS = ["guadeloupe", "martinique", "guyane", "la-reunion", "mayotte"]
LABEL_HEIGHT = 14  # room at the top of an inset for its name
TOLERANCE = 0.3
MIN_RING_AREA = 1.0

# INSEE region codes (COG 2018) to units.models.Region's values.
REGIONS = {
    "01": "guadeloupe",
    "02": "martinique",
    "03": "guyane",
    "04": "la-reunion",
    "06": "mayotte",
    "11": "ile-de-france",
    "24": "centre-val-de-loire",
    "27": "bourgogne-franche-comte",
    "28": "normandie",
    "32": "hauts-de-france",
    "44": "grand-est",
    "52": "pays-de-la-loire",
    "53": "bretagne",
    "75": "nouvelle-aquitaine",
    "76": "occitanie",
    "84": "auvergne-rhone-alpes",
    "93": "provence-alpes-cote-dazur",
    "94": "corse",
}


def polygons(geometry: dict) -> list[list[list[tuple[float, float]]]]:
    coordinates = geometry["coordinates"]
    return coordinates if geometry["type"] == "MultiPolygon" else [coordinates]


def rings(geometry: dict):
    for polygon in polygons(geometry):
        yield from polygon


def fit(points: list[tuple[float, float]], projection: dict, box: tuple[float, float, float, float]) -> dict:
    """The projection's scale and origin such that `points` fill `box`, centred."""
    trial = {**projection, "scale": 1.0, "x": 0.0, "y": 0.0}
    xs, ys = zip(*(project(lon, lat, trial) for lon, lat in points), strict=True)
    x, y, width, height = box
    scale = min(width / (max(xs) - min(xs)), height / (max(ys) - min(ys)))
    return {
        **trial,
        "scale": scale,
        "x": x + (width - scale * (max(xs) - min(xs))) / 2 - scale * min(xs),
        "y": y + (height - scale * (max(ys) - min(ys))) / 2 - scale * min(ys),
    }


def douglas_peucker(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """The points of the line that stray more than `tolerance` from its simplification."""
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy)
        farthest, distance = None, tolerance
        for i in range(first + 1, last):
            px, py = points[i]
            d = abs(dy * px - dx * py + x2 * y1 - y2 * x1) / length if length else math.hypot(px - x1, py - y1)
            if d > distance:
                farthest, distance = i, d
        if farthest is not None:
            keep[farthest] = True
            stack += [(first, farthest), (farthest, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def area(points: list[tuple[float, float]]) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in itertools.pairwise([*points, points[0]]))) / 2


def number(value: int) -> str:
    """Tenths of a unit as the shortest decimal: 15 -> "1.5", -5 -> "-.5", 20 -> "2"."""
    text = f"{value / 10:.1f}".removesuffix(".0")
    return text.replace("0.", ".", 1) if text.startswith(("0.", "-0.")) else text


def path(projected_rings: list[list[tuple[float, float]]]) -> str:
    """An SVG path: each ring from an absolute point, then relative steps in tenths."""
    parts = []
    for ring in projected_rings:
        tenths = [(round(x * 10), round(y * 10)) for x, y in ring]
        steps = [(x2 - x1, y2 - y1) for (x1, y1), (x2, y2) in itertools.pairwise(tenths)]
        steps = [step for step in steps if step != (0, 0)]
        text = f"M{number(tenths[0][0])} {number(tenths[0][1])}l"
        for dx, dy in steps:
            y = number(dy)
            text += number(dx) + ("" if y.startswith("-") else " ") + y + " "
        parts.append(text.rstrip() + "z")
    return "".join(parts).replace(" -", "-")


def build(geojson: dict) -> dict:
    features = {REGIONS[f["properties"]["code"]]: f for f in geojson["features"]}
    mainland_points = [
        point
        for region, f in features.items()
        if region not in INSETS
        for ring in rings(f["geometry"])
        for point in ring
    ]
    areas = {
        "mainland": {
            "box": list(MAINLAND),
            "projection": fit(
                mainland_points, {"kind": "lambert", "lat0": 46.5, "lon0": 3.0, "lat1": 44.0, "lat2": 49.0}, MAINLAND
            ),
        }
    }
    for index, region in enumerate(INSETS):
        top = INSET_TOP + index * (INSET_SIZE + INSET_GAP)
        box = (4, top, INSET_SIZE, INSET_SIZE)
        inner = (box[0] + 4, top + LABEL_HEIGHT, INSET_SIZE - 8, INSET_SIZE - LABEL_HEIGHT - 4)
        points = [point for ring in rings(features[region]["geometry"]) for point in ring]
        lon = [p[0] for p in points]
        lat = [p[1] for p in points]
        middle = {"lon0": (min(lon) + max(lon)) / 2, "lat0": (min(lat) + max(lat)) / 2}
        areas[region] = {"box": list(box), "projection": fit(points, {"kind": "equirectangular", **middle}, inner)}
    regions = {}
    for region, feature in sorted(features.items()):
        projection = areas[region if region in INSETS else "mainland"]["projection"]
        kept = []
        for ring in rings(feature["geometry"]):
            projected = [project(lon, lat, projection) for lon, lat in ring]
            simplified = douglas_peucker(projected, TOLERANCE)
            if len(simplified) >= 4 and area(simplified) >= MIN_RING_AREA:
                kept.append(simplified)
        xs = [x for ring in kept for x, _y in ring]
        ys = [y for ring in kept for _x, y in ring]
        regions[region] = {
            "area": region if region in INSETS else "mainland",
            "bbox": [round(min(xs), 1), round(min(ys), 1), round(max(xs), 1), round(max(ys), 1)],
            "path": path(kept),
        }
    for value in areas.values():
        value["projection"] = {
            key: round(number, 6) if isinstance(number, float) else number
            for key, number in value["projection"].items()
        }
    return {
        "source": "IGN – Admin Express (COG 2018), via france-geojson by Grégoire David; Licence Ouverte / Open "
        "Licence (Etalab). Projected and simplified by home/data/build_map.py; see france-map.LICENSE.md.",
        "viewBox": [0, 0, WIDTH, HEIGHT],
        "areas": areas,
        "regions": regions,
    }


def main(source: str) -> None:
    data = build(json.loads(Path(source).read_text(encoding="utf-8")))
    OUTPUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{OUTPUT}: {OUTPUT.stat().st_size:,} bytes, {len(data['regions'])} regions")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
