"""From longitude and latitude to the map's SVG units (units.maps), and nothing else: no
Django here, so that home/data/build_map.py projects the outlines with these very
functions when it builds the map's data, and the map places its sites with them.

Mainland France (Corsica included) is drawn in a Lambert conformal conic projection with
Lambert-93's parameters (standard parallels 44°N and 49°N, origin 46.5°N 3°E), on a
sphere: the same shapes as IGN's maps to the eye. Each overseas region has an inset of
its own, in an equirectangular projection scaled by the cosine of its middle latitude
(conformal enough over a few tens of kilometres)."""

import math


def lambert(lon: float, lat: float, p: dict) -> tuple[float, float]:
    """Lambert conformal conic: `p` holds lat0, lon0, lat1, lat2 (degrees), and scale, x, y
    (SVG units per radius of the sphere; where the origin falls)."""
    phi0, phi1, phi2 = (math.radians(p[k]) for k in ("lat0", "lat1", "lat2"))

    def t(phi):
        return math.tan(math.pi / 4 + phi / 2)

    n = math.log(math.cos(phi1) / math.cos(phi2)) / math.log(t(phi2) / t(phi1))
    f = math.cos(phi1) * t(phi1) ** n / n
    rho, rho0 = f / t(math.radians(lat)) ** n, f / t(phi0) ** n
    theta = n * math.radians(lon - p["lon0"])
    return p["x"] + p["scale"] * rho * math.sin(theta), p["y"] - p["scale"] * (rho0 - rho * math.cos(theta))


def equirectangular(lon: float, lat: float, p: dict) -> tuple[float, float]:
    """Longitude scaled by the cosine of lat0: `p` holds lat0, lon0 (degrees), and scale,
    x, y (SVG units per degree of latitude; where lon0, lat0 falls)."""
    x = (lon - p["lon0"]) * math.cos(math.radians(p["lat0"]))
    return p["x"] + p["scale"] * x, p["y"] - p["scale"] * (lat - p["lat0"])


PROJECTIONS = {"lambert": lambert, "equirectangular": equirectangular}


def project(lon: float, lat: float, projection: dict) -> tuple[float, float]:
    """Where (lon, lat) falls on the map, in the projection described by `projection`
    (its "kind" names one of PROJECTIONS; the rest are its parameters)."""
    return PROJECTIONS[projection["kind"]](lon, lat, projection)
