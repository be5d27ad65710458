"""CRS constants and conversions.

Display geometry is EPSG:4326 in (lon, lat) order; every length, buffer and distance is computed
in UTM zone 14N (EPSG:32614), which covers the whole Monterrey Metropolitan Area.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
from pyproj import Transformer

WGS84 = "EPSG:4326"
UTM14N = "EPSG:32614"

#: Rough envelope of the Monterrey Metropolitan Area (13 municipalities), lon/lat.
METRO_BBOX = (-100.80, 25.20, -99.80, 26.15)
#: Rough envelope of the State of Nuevo León, lon/lat (for rejecting far-away points).
NUEVO_LEON_BBOX = (-101.25, 23.10, -98.40, 27.85)
#: Downtown Monterrey (Macroplaza area), lon/lat.
DOWNTOWN = (-100.316, 25.686)


@lru_cache(maxsize=4)
def _transformer(src: str, dst: str) -> Transformer:
    return Transformer.from_crs(src, dst, always_xy=True)


def to_utm(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Project lon/lat arrays to UTM 14N metres."""
    x, y = _transformer(WGS84, UTM14N).transform(lon, lat)
    return np.asarray(x), np.asarray(y)


def to_lonlat(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Project UTM 14N metres back to lon/lat."""
    lon, lat = _transformer(UTM14N, WGS84).transform(x, y)
    return np.asarray(lon), np.asarray(lat)


def in_bbox(lon: float, lat: float, bbox: tuple[float, float, float, float]) -> bool:
    """Whether (lon, lat) lies inside ``bbox`` = (min lon, min lat, max lon, max lat), edges included."""
    return bbox[0] <= lon <= bbox[2] and bbox[1] <= lat <= bbox[3]


#: H3 resolution of the invisible grid that turns a tap on the map into a point: cells have
#: ~530 m edges (~0.74 km²), fine enough for "which corridor is near here": about 750 cells (~20 kB
#: of JSON) over the sample corridors' area plus 6 km, where resolution 9 would need ~5,000.
PICK_RESOLUTION = 8


def pick_cells(lon: np.ndarray, lat: np.ndarray, *, margin_m: float = 6_000.0, res: int = PICK_RESOLUTION) -> list[str]:
    """H3 cells covering the envelope of the given points, widened by ``margin_m`` (in UTM)."""
    import h3

    if len(lon) == 0:
        lon, lat = np.array([DOWNTOWN[0]]), np.array([DOWNTOWN[1]])
    x, y = to_utm(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    xs = np.array([x.min() - margin_m, x.max() + margin_m])
    ys = np.array([y.min() - margin_m, y.max() + margin_m])
    (w, e), (s, n) = to_lonlat(xs, ys)
    ring = [(s, w), (s, e), (n, e), (n, w)]  # h3 takes (lat, lng)
    return sorted(h3.polygon_to_cells(h3.LatLngPoly(ring), res))


def cell_center(cell: str) -> tuple[float, float]:
    """(lon, lat) of an H3 cell's centre."""
    import h3

    lat, lng = h3.cell_to_latlng(cell)
    return float(lng), float(lat)


def without_empty_parts(geometry: dict[str, Any] | None) -> dict[str, Any] | None:
    """A GeoJSON geometry without empty parts (RFC 7946 has no empty line: ``[]`` in a MultiLineString is invalid).

    Multi-part geometries lose their empty parts (``[]``, a line of fewer than two positions, a polygon whose
    outer ring is empty); a geometry with nothing left, or one empty as a whole, becomes ``None`` (GeoJSON's
    "no geometry"). Geometry collections are cleaned member by member.
    """
    if not geometry:
        return None
    kind, coords = geometry.get("type"), geometry.get("coordinates")
    if kind == "GeometryCollection":
        members = [g for g in (without_empty_parts(m) for m in geometry.get("geometries") or []) if g]
        return {"type": kind, "geometries": members} if members else None
    if not coords or (kind == "LineString" and len(coords) < 2) or (kind == "Polygon" and not coords[0]):
        return None
    parts = {
        "MultiPoint": bool,
        "MultiLineString": lambda line: len(line) >= 2,
        "MultiPolygon": lambda poly: bool(poly and poly[0]),
    }.get(str(kind))
    if parts is None:
        return geometry
    kept = [p for p in coords if parts(p)]
    return {**geometry, "coordinates": kept} if kept else None


def drop_empty_parts(geoms: np.ndarray) -> tuple[np.ndarray, list[int]]:
    """Shapely geometries with the empty parts of multi-part ones removed (``MULTILINESTRING((…), EMPTY)`` keeps
    its line); the positions changed. A geometry empty as a whole is left as it is (it is "no geometry")."""
    import shapely

    out = np.array(geoms, dtype=object, copy=True)
    changed: list[int] = []
    multi = shapely.get_type_id(out) >= 4  # MultiPoint, MultiLineString, MultiPolygon, GeometryCollection
    for i in np.flatnonzero(multi):
        g = out[i]
        if g is None or g.is_empty:
            continue
        parts = list(g.geoms)
        kept = [p for p in parts if not p.is_empty]
        if len(kept) < len(parts):
            out[i] = type(g)(kept)
            changed.append(int(i))
    return out, changed
