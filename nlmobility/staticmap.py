"""A static map of one corridor drawn locally (PIL), for the printed fact sheet (no Streamlit, no tiles).

Web Mercator, framed on the corridor with at least ``MIN_SPAN_M`` around it: municipal limits,
the Santa Catarina river, main avenues with their names, Metro and Ecovía lines, the corridor in
its status colour over a dark casing, a scale bar and the context's caveat. Names use DejaVu Sans
when the system has it (Debian's fonts-dejavu-core), else PIL's built-in font.
"""

from __future__ import annotations

import io
import json
import math
import pathlib
from collections.abc import Iterable, Sequence

from PIL import Image, ImageDraw, ImageFont

from nlmobility import geo, reference

#: Where Debian's fonts-dejavu-core puts its fonts (used for the PDF too).
DEJAVU = pathlib.Path("/usr/share/fonts/truetype/dejavu")
MIN_SPAN_M = 2_500.0
BACKGROUND = (244, 241, 234)
#: Corridor status colours, shared with the interactive maps: hues no Metro or Ecovía line uses
#: (teal finished, brown in works, grey planned).
STATUS_RGB = {"finished": (0, 128, 128), "in_works": (140, 81, 10), "planned": (90, 90, 90)}
RIVER_RGB = (120, 170, 205)
Coords = Sequence[Sequence[float]]


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """DejaVu Sans at ``size`` px when installed, else PIL's default font (still offline)."""
    path = DEJAVU / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    if path.exists():
        return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size)


def _mercator(lon: float, lat: float) -> tuple[float, float]:
    """Web Mercator metres."""
    r = 6_378_137.0
    return math.radians(lon) * r, math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) * r


def _lines(geojson: str) -> list[Coords]:
    """The lines (and rings) of a GeoJSON geometry, each with at least two positions: an empty part, an empty
    geometry or ``null`` gives nothing to draw rather than an error."""
    geom = json.loads(geojson) if geojson else None
    if not isinstance(geom, dict):
        return []
    coords = geom.get("coordinates") or []
    kind = geom.get("type")
    if kind == "LineString":
        lines = [coords]
    elif kind in ("MultiLineString", "Polygon"):
        lines = list(coords)
    elif kind == "MultiPolygon":
        lines = [ring for poly in coords for ring in poly]
    elif kind == "GeometryCollection":
        return [line for g in geom.get("geometries") or [] for line in _lines(json.dumps(g))]
    else:
        return []
    # (lon, lat) of each position (a third coordinate, the height, is not drawn); parts of fewer than two are not lines
    return [[(float(p[0]), float(p[1])) for p in line] for line in lines if len(line) >= 2]


def corridor_png(
    corridor_geojson: str,
    status: str,
    *,
    municipalities: Iterable[str] = (),
    transit: Iterable[tuple[str, str]] = (),
    size: tuple[int, int] = (1400, 620),
    caveat: str = "",
) -> bytes:
    """The corridor on its context as a PNG (``transit``: pairs of GeoJSON line and ``#RRGGBB`` colour)."""
    w, h = size
    parts = _lines(corridor_geojson)
    # no line at all (an empty geometry stored by an earlier version): the context around downtown, still a map
    pts = [_mercator(x, y) for line in parts for x, y in line] or [_mercator(*geo.DOWNTOWN)]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    # Mercator metres are stretched by 1/cos(lat): the minimum span is in ground metres.
    stretch = 1 / math.cos(math.atan(math.sinh(cy / 6_378_137.0)))
    span_x = max(max(xs) - min(xs), MIN_SPAN_M * stretch) * 1.5
    span_y = max(max(ys) - min(ys), MIN_SPAN_M * stretch) * 1.5
    scale = min(w / span_x, h / span_y)  # pixels per Mercator metre

    def px(lon: float, lat: float) -> tuple[float, float]:
        mx, my = _mercator(lon, lat)
        return w / 2 + (mx - cx) * scale, h / 2 - (my - cy) * scale

    img = Image.new("RGB", size, BACKGROUND)
    d = ImageDraw.Draw(img)
    for g in municipalities:
        for ring in _lines(g):
            d.line([px(x, y) for x, y in ring], fill=(150, 150, 150), width=2)
    river = [px(x, y) for x, y in reference.RIVER[1]]
    d.line(river, fill=RIVER_RGB, width=12, joint="curve")
    for _, coords in reference.ARTERIALS:
        d.line([px(x, y) for x, y in coords], fill=(205, 200, 190), width=6)
    for g, color in transit:
        c = color.lstrip("#")
        rgb = tuple(int(c[i : i + 2], 16) for i in (0, 2, 4)) if len(c) == 6 else (110, 110, 110)
        for line in _lines(g):
            d.line([px(x, y) for x, y in line], fill=rgb, width=4)
    colour = STATUS_RGB.get(status, (90, 90, 90))
    for line in parts:
        xy = [px(float(x), float(y)) for x, y in line]
        d.line(xy, fill=(30, 30, 30), width=22, joint="curve")
        d.line(xy, fill=colour, width=14, joint="curve")
    labels = font(22)
    placed: list[tuple[float, float, float, float]] = []
    named = [(n, _middle(c)) for n, c in reference.ARTERIALS] + [(reference.RIVER[0], _middle(reference.RIVER[1]))]
    for name, (lon, lat) in named:
        x, y = px(lon, lat)
        box = d.textbbox((x, y), name, font=labels, anchor="mm")
        inside = box[0] > 4 and box[1] > 4 and box[2] < w - 4 and box[3] < h - 40
        if inside and all(box[2] < b[0] or box[0] > b[2] or box[3] < b[1] or box[1] > b[3] for b in placed):
            d.text((x, y), name, font=labels, fill=(70, 70, 70), anchor="mm", stroke_width=3, stroke_fill=BACKGROUND)
            placed.append(box)
    _scale_bar(d, scale / stretch, h)
    if caveat:
        d.text((w - 12, h - 12), caveat, font=font(18), fill=(90, 90, 90), anchor="rd")
    out = io.BytesIO()
    img.save(out, "PNG", optimize=True)
    return out.getvalue()


def _middle(coords: Sequence[tuple[float, float]]) -> tuple[float, float]:
    mid = len(coords) // 2
    (x0, y0), (x1, y1) = coords[mid - 1 if mid else 0], coords[mid]
    return (x0 + x1) / 2, (y0 + y1) / 2


def _scale_bar(d: ImageDraw.ImageDraw, px_per_m: float, h: int) -> None:
    """A 500 m / 1 km / 2 km bar at the bottom left, whichever is 80–300 px long."""
    metres = next((m for m in (250, 500, 1000, 2000, 5000) if 80 <= m * px_per_m <= 300), 1000)
    length = metres * px_per_m
    x0, y0 = 16, h - 24
    d.rectangle([x0, y0 - 6, x0 + length, y0], fill=(40, 40, 40))
    text = f"{metres // 1000} km" if metres >= 1000 else f"{metres} m"
    d.text((x0 + length + 8, y0 - 3), text, font=font(18), fill=(40, 40, 40), anchor="lm")
