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
    return bbox[0] <= lon <= bbox[2] and bbox[1] <= lat <= bbox[3]
