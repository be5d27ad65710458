"""CRS constants and conversions.

Display geometry is EPSG:4326 in (lon, lat) order; every length, buffer and distance is computed
in UTM zone 14N (EPSG:32614), which covers the whole Monterrey Metropolitan Area.
"""

from __future__ import annotations

from functools import lru_cache

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
