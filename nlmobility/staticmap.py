"""A static map of one corridor drawn locally (PIL), for the printed fact sheet (no Streamlit, no tiles).

Web Mercator, framed on the corridor with at least ``MIN_SPAN_M`` around it: municipal limits,
the Santa Catarina river, main avenues with their names, Metro and Ecovía lines, the corridor in
its status colour over a dark casing, a scale bar and the context's caveat. Names use DejaVu Sans
when the system has it (Debian's fonts-dejavu-core), else PIL's built-in font.
"""

from __future__ import annotations

import io
import itertools
import json
import math
import pathlib
from collections.abc import Callable, Iterable, Sequence

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


def _frame(
    pts: Sequence[tuple[float, float]], size: tuple[int, int], margin: float = 1.5
) -> tuple[Callable[[float, float], tuple[float, float]], float, float]:
    """Pixel position of (lon, lat) framing Mercator points ``pts``, pixels per Mercator metre, and the stretch."""
    w, h = size
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    # Mercator metres are stretched by 1/cos(lat): the minimum span is in ground metres.
    stretch = 1 / math.cos(math.atan(math.sinh(cy / 6_378_137.0)))
    span_x = max(max(xs) - min(xs), MIN_SPAN_M * stretch) * margin
    span_y = max(max(ys) - min(ys), MIN_SPAN_M * stretch) * margin
    scale = min(w / span_x, h / span_y)

    def px(lon: float, lat: float) -> tuple[float, float]:
        mx, my = _mercator(lon, lat)
        return w / 2 + (mx - cx) * scale, h / 2 - (my - cy) * scale

    return px, scale, stretch


def _context(
    d: ImageDraw.ImageDraw,
    px: Callable[[float, float], tuple[float, float]],
    municipalities: Iterable[str],
    transit: Iterable[tuple[str, str]],
    thin: float = 1.0,
) -> None:
    """Municipal limits, the river, the main avenues and the transit lines (``thin`` scales their widths)."""
    for g in municipalities:
        for ring in _lines(g):
            d.line([px(x, y) for x, y in ring], fill=(150, 150, 150), width=max(1, round(2 * thin)))
    river = [px(x, y) for x, y in reference.RIVER[1]]
    d.line(river, fill=RIVER_RGB, width=max(2, round(12 * thin)), joint="curve")
    for _, coords in reference.ARTERIALS:
        d.line([px(x, y) for x, y in coords], fill=(205, 200, 190), width=max(2, round(6 * thin)))
    for g, color in transit:
        c = color.lstrip("#")
        rgb = tuple(int(c[i : i + 2], 16) for i in (0, 2, 4)) if len(c) == 6 else (110, 110, 110)
        for line in _lines(g):
            d.line([px(x, y) for x, y in line], fill=rgb, width=max(2, round(4 * thin)))


def _label(
    d: ImageDraw.ImageDraw,
    placed: list[tuple[float, float, float, float]],
    text: str,
    xy: tuple[float, float],
    size: tuple[int, int],
    *,
    face: ImageFont.FreeTypeFont | ImageFont.ImageFont,
    fill: tuple[int, int, int],
    taken: Sequence[tuple[float, float, float, float]] = (),
    anchor: str = "mm",
) -> bool:
    """Write ``text`` at ``xy`` (``anchor`` as PIL's) when it fits inside the frame and overlaps no placed
    label nor a ``taken`` box (the lines labels must not cross)."""
    w, h = size
    box = d.textbbox(xy, text, font=face, anchor=anchor)
    inside = box[0] > 4 and box[1] > 4 and box[2] < w - 4 and box[3] < h - 40
    clear = all(box[2] < b[0] or box[0] > b[2] or box[3] < b[1] or box[1] > b[3] for b in (*placed, *taken))
    if not (inside and clear):
        return False
    d.text(xy, text, font=face, fill=fill, anchor=anchor, stroke_width=3, stroke_fill=BACKGROUND)
    placed.append(box)
    return True


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
    px, scale, stretch = _frame(pts, size)
    img = Image.new("RGB", size, BACKGROUND)
    d = ImageDraw.Draw(img)
    _context(d, px, municipalities, transit)
    colour = STATUS_RGB.get(status, (90, 90, 90))
    for line in parts:
        xy = [px(float(x), float(y)) for x, y in line]
        d.line(xy, fill=(30, 30, 30), width=22, joint="curve")
        d.line(xy, fill=colour, width=14, joint="curve")
    labels = font(22)
    placed: list[tuple[float, float, float, float]] = []
    named = [(n, _middle(c)) for n, c in reference.ARTERIALS] + [(reference.RIVER[0], _middle(reference.RIVER[1]))]
    for name, (lon, lat) in named:
        _label(d, placed, name, px(lon, lat), size, face=labels, fill=(70, 70, 70))
    _scale_bar(d, scale / stretch, h)
    if caveat:
        d.text((w - 12, h - 12), caveat, font=font(18), fill=(90, 90, 90), anchor="rd")
    out = io.BytesIO()
    img.save(out, "PNG", optimize=True)
    return out.getvalue()


#: Dash and gap lengths (pixels) of each status on the overview, as the interactive map draws them.
OVERVIEW_DASH = {"finished": (0.0, 0.0), "in_works": (18.0, 9.0), "planned": (5.0, 7.0)}


def overview_png(
    corridors: Iterable[tuple[str, str, str]],
    *,
    municipalities: Iterable[str] = (),
    transit: Iterable[tuple[str, str]] = (),
    size: tuple[int, int] = (1000, 560),
    label_px: int = 15,
    caveat: str = "",
) -> bytes:
    """Every corridor on the metro context, as a small PNG for the home page (no deck.gl to download).

    ``corridors``: (GeoJSON line, status, name) each; finished lines solid, works dashed, planned
    dotted, in the interactive map's colours over a dark casing; names placed where they overlap
    nothing already written (corridors first) and stay inside the frame. A palette PNG: ~50 KB.
    """
    w, h = size
    rows = [(_lines(g), status, name) for g, status, name in corridors]
    pts = [_mercator(x, y) for parts, _, _ in rows for line in parts for x, y in line] or [_mercator(*geo.DOWNTOWN)]
    px, scale, stretch = _frame(pts, size, margin=1.15)
    img = Image.new("RGB", size, BACKGROUND)
    d = ImageDraw.Draw(img)
    _context(d, px, municipalities, transit, thin=0.6)
    for parts, status, _ in rows:
        colour = STATUS_RGB.get(status, (90, 90, 90))
        dash, gap = OVERVIEW_DASH.get(status, (0.0, 0.0))
        for line in parts:
            xy = [px(float(x), float(y)) for x, y in line]
            # solid lines on a dark casing; dashes and dots on white, so that their gaps read as gaps
            d.line(xy, fill=(30, 30, 30) if dash <= 0 else (255, 255, 255), width=13, joint="curve")
            for piece in _dashes(xy, dash, gap):
                d.line(piece, fill=colour, width=9, joint="curve")
    # labels never cross a corridor: the boxes of every corridor line (with its casing) are taken
    taken = []
    for parts, _, _ in rows:
        for line in parts:
            xy = [px(float(x), float(y)) for x, y in line]
            taken.append(
                (
                    min(p[0] for p in xy) - 7,
                    min(p[1] for p in xy) - 7,
                    max(p[0] for p in xy) + 7,
                    max(p[1] for p in xy) + 7,
                )
            )
    placed: list[tuple[float, float, float, float]] = []
    face = font(label_px, bold=True)
    for parts, _, name in rows:
        longest = max(parts, key=len, default=None)
        if not longest:
            continue
        xy = [px(float(x), float(y)) for x, y in longest]
        x0, y0, x1, y1 = min(p[0] for p in xy), min(p[1] for p in xy), max(p[0] for p in xy), max(p[1] for p in xy)
        mx, my = (x0 + x1) / 2, (y0 + y1) / 2
        short = _short(name)
        # beside the line rather than on it: right, left, above, below
        spots = [((x1 + 10, my), "lm"), ((x0 - 10, my), "rm"), ((mx, y0 - 10), "md"), ((mx, y1 + 10), "ma")]
        dys = (-1.2 * label_px, 1.2 * label_px)
        spots += [((x1 + 10, my + dy), "lm") for dy in dys] + [((x0 - 10, my + dy), "rm") for dy in dys]
        for spot, anchor in spots:
            if _label(d, placed, short, spot, size, face=face, fill=(25, 25, 25), taken=taken, anchor=anchor):
                break
    river_at = px(*_middle(reference.RIVER[1]))
    _label(
        d,
        placed,
        reference.RIVER[0],
        (river_at[0], river_at[1] + 14),
        size,
        face=font(14),
        fill=(40, 90, 130),
        taken=taken,
    )
    _scale_bar(d, scale / stretch, h)
    if caveat:
        d.text((w - 12, h - 12), caveat, font=font(15), fill=(90, 90, 90), anchor="rd")
    out = io.BytesIO()
    img.quantize(colors=48, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(out, "PNG", optimize=True)
    return out.getvalue()


#: The words every corridor name starts with, left out of the overview's labels (its title says "corridors").
_PREFIXES = ("Corredor Verde ", "Green Corridor ")


def _short(name: str) -> str:
    """A corridor's name without the common "Corredor Verde" prefix (the overview has no room for it)."""
    for prefix in _PREFIXES:
        if name.startswith(prefix) and len(name) > len(prefix):
            return name[len(prefix) :]
    return name


def _dashes(xy: Sequence[tuple[float, float]], dash: float, gap: float) -> list[list[tuple[float, float]]]:
    """The pieces of polyline ``xy`` drawn with ``dash`` pixels on and ``gap`` off (one piece when dash is 0)."""
    if dash <= 0:
        return [list(xy)]
    pieces: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = [xy[0]]
    on, left = True, dash
    for (x0, y0), (x1, y1) in itertools.pairwise(xy):
        seg = math.hypot(x1 - x0, y1 - y0)
        at = 0.0
        while seg - at > left:
            at += left
            p = (x0 + (x1 - x0) * at / seg, y0 + (y1 - y0) * at / seg)
            if on:
                current.append(p)
                pieces.append(current)
            else:
                current = [p]
            on, left = not on, (gap if on else dash)
        left -= seg - at
        if on:
            current.append((x1, y1))
    if on and len(current) > 1:
        pieces.append(current)
    return pieces


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
