"""Map layers as pure functions returning ``pdk.Layer`` objects with stable ids, and the deck.

No remote basemap: ``map_style`` points at a local MapLibre style served by Streamlit's static
file serving (``static/nlmobility-style.json``); context is drawn as our own layers. Crash
density is aggregated on the server (``crash_grid.sql``), never sent as raw points.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Iterator
from typing import Any

import pandas as pd
import pydeck as pdk
import shapely

from nlmobility import basemap, geo, reference, staticmap, textsafe

try:  # pydeck's Jupyter widget (needs ipywidgets, not installed): every Deck() tries to import it
    import pydeck.widget  # only whether it imports
except ImportError:  # a failed import is not remembered, so each Deck() searched the disk again (~4 % of a
    sys.modules["pydeck.widget"] = None  # type: ignore[assignment]  # page run under load); None ends the search at once

#: The built-in offline style (``NLMOBILITY_BASEMAP`` may choose a tile pack or online tiles: ``nlmobility.basemap``).
MAP_STYLE = "app/static/" + basemap.BUILTIN_STYLE

#: Corridor status: hues no transit line uses (Metro yellow, green, orange, purple, magenta; Ecovía
#: blue), told apart by lightness and by pattern too (solid, dashed, dotted) for colour-blind readers.
STATUS_COLORS: dict[str, list[int]] = {k: list(v) for k, v in staticmap.STATUS_RGB.items()}  # teal, brown, grey
#: Dash pattern per status (dash, gap in line widths); [0, 0] is a solid line.
STATUS_DASH: dict[str, list[float]] = {"finished": [0, 0], "in_works": [3, 1.5], "planned": [1, 1.2]}
#: Label priority when labels collide (higher stays): corridors, then places, the river, avenues.
PRIORITY = {"corridor": 100, "municipality": 60, "landmark": 50, "river": 45, "avenue": 20}
RIVER_COLOR = list(staticmap.RIVER_RGB)


#: Label layers placed by :func:`declutter`: layer id -> (priority, pixel offset up). Higher priority keeps its place.
LABEL_LAYERS: dict[str, tuple[int, int]] = {
    "corridor-labels": (PRIORITY["corridor"], 14),
    "municipal-labels": (PRIORITY["municipality"], 0),
    "place-labels": (PRIORITY["landmark"], 0),
    "arterial-labels": (PRIORITY["avenue"], 0),
}
#: Average glyph width of DejaVu Sans in ems, and the free margin kept around each label (px).
_EM_WIDTH, _MARGIN = 0.62, 4.0


def _pixel(lon: float, lat: float, zoom: float) -> tuple[float, float]:
    """Web Mercator pixel coordinates of a point at ``zoom`` (deck.gl's 512-pixel world at zoom 0)."""
    world = 512.0 * 2.0**zoom
    y = math.log(math.tan(math.radians(lat)) + 1.0 / math.cos(math.radians(lat)))
    return (lon + 180.0) / 360.0 * world, (1.0 - y / math.pi) / 2.0 * world


def declutter(layers: list[pdk.Layer], zoom: float) -> list[pdk.Layer]:
    """Drop the labels that would overlap a label of higher priority at ``zoom`` (the map's first view).

    Placement is done here, on the server, because deck.gl's CollisionFilterExtension draws
    nothing different in headless Chromium's software WebGL. Corridor names come first, then
    municipalities, places and the river, then avenues; within a layer, the order of its rows.
    Each label's box is its text's estimated width by 1.2 × its size, plus a margin.
    """
    placed: list[tuple[float, float, float, float]] = []
    ranked = sorted(
        (layer for layer in layers if getattr(layer, "id", None) in LABEL_LAYERS and isinstance(layer.data, list)),
        key=lambda layer: -LABEL_LAYERS[layer.id][0],
    )
    for layer in ranked:
        size = float(getattr(layer, "get_size", 12))
        offset = LABEL_LAYERS[layer.id][1]
        kept = []
        for row in layer.data:
            x, y = _pixel(float(row["position"][0]), float(row["position"][1]), zoom)
            half_w = _EM_WIDTH * size * len(str(row["text"])) / 2 + _MARGIN
            half_h = 0.6 * size + _MARGIN
            box = (x - half_w, y - offset - half_h, x + half_w, y - offset + half_h)
            if all(box[2] <= b[0] or box[0] >= b[2] or box[3] <= b[1] or box[1] >= b[3] for b in placed):
                placed.append(box)
                kept.append(row)
        layer.data = kept
    return layers


#: Words of the works line of a tooltip: (planned end, physical progress); pages pass them translated.
WORKS_WORDS = ("Fin de obra previsto", "Avance físico")


def rows_of(df: pd.DataFrame) -> Iterator[Any]:
    """The rows of ``df`` as named tuples (cells typed ``Any``: they come from the database)."""
    return df.itertuples()


#: Drawn for a line whose stored colour is not ``#RRGGBB`` (imports validate colours; older rows may not be).
FALLBACK_RGB = [102, 102, 102]


def _hex(color: object) -> list[int]:
    c = str(color).strip().lstrip("#")
    if len(c) != 6 or any(ch not in "0123456789abcdefABCDEF" for ch in c):
        return list(FALLBACK_RGB)
    return [int(c[i : i + 2], 16) for i in (0, 2, 4)]


def _parts(geojson: str) -> list[list[list[float]]]:
    """Every line of a LineString or MultiLineString (all parts of a multi-part corridor are drawn)."""
    geom = json.loads(geojson)
    if geom["type"] == "LineString":
        return [geom["coordinates"]]
    if geom["type"] == "MultiLineString":
        return list(geom["coordinates"])
    return []


def _paths(df: pd.DataFrame) -> list[list[list[float]]]:
    """The first line of each row (one path per row, for layers whose rows are lines)."""
    return [(_parts(g) or [[]])[0] for g in df["geojson"]]


def corridor_layer(
    corridors: pd.DataFrame,
    status_labels: dict[str, str],
    selected: str | None = None,
    works_words: tuple[str, str] = WORKS_WORDS,
) -> pdk.Layer:
    """Corridor lines coloured by status (the selected one wider), pickable for the card."""
    rows = []
    for _, r in corridors.iterrows():
        color = STATUS_COLORS.get(r["status"], [120, 120, 120])
        status = status_labels.get(r["status"], r["status"])
        for path in _parts(r["geojson"]):
            rows.append(
                {
                    "corridor_id": r["corridor_id"],
                    "name": r["name"],
                    "status": status,
                    "tip": f"{r['name']}\n{status} · {float(r['length_m']) / 1000:.2f} km" + works_tip(r, works_words),
                    "length_km": round(float(r["length_m"]) / 1000, 2),
                    "path": path,
                    "color": color,
                    "dash": STATUS_DASH.get(r["status"], [0, 0]),
                    "width": 9 if r["corridor_id"] == selected else 6,
                }
            )
    return pdk.Layer(
        "PathLayer",
        id="corridors",
        data=rows,
        get_path="path",
        get_color="color",
        get_width="width",
        width_units="'pixels'",
        width_min_pixels=3,
        pickable=True,
        auto_highlight=True,
        cap_rounded=False,
        joint_rounded=True,
        extensions=[{"@@type": "PathStyleExtension", "dash": True}],
        get_dash_array="dash",
        dash_justified=True,
    )


def works_tip(r: Any, words: tuple[str, str] = WORKS_WORDS) -> str:
    """For works under way: planned end and physical progress as the tooltip's last line ("—" when not published)."""
    if r.get("status") != "in_works":
        return ""
    end, pct = r.get("works_end"), r.get("progress_pct")
    end_text = pd.Timestamp(end).date().isoformat() if end is not None and not pd.isna(end) else "—"
    pct_text = f"{float(pct):.0f} %" if pct is not None and not pd.isna(pct) else "—"
    return f"\n{words[0]}: {end_text} · {words[1]}: {pct_text}"


#: The outline under a corridor: dark under a finished (solid) line, white under dashes and dots, so that
#: their gaps read as gaps and works (dashed) and planned (dotted) look apart at the first zoom.
CASING_COLORS: dict[str, list[int]] = {
    "finished": [30, 30, 30, 230],
    "in_works": [255, 255, 255, 235],
    "planned": [255, 255, 255, 235],
}


def corridor_casing_layer(corridors: pd.DataFrame) -> pdk.Layer:
    """An outline under the corridors so they stand apart from transit lines of similar colour."""
    statuses = corridors["status"] if "status" in corridors else pd.Series(["finished"] * len(corridors))
    rows = [
        {"path": path, "color": CASING_COLORS.get(str(status), CASING_COLORS["finished"])}
        for g, status in zip(corridors["geojson"], statuses, strict=True)
        for path in _parts(g)
    ]
    return pdk.Layer(
        "PathLayer",
        id="corridors-casing",
        data=rows,
        get_path="path",
        get_color="color",
        get_width=9,
        width_units="'pixels'",
        cap_rounded=True,
        joint_rounded=True,
        pickable=False,
    )


def _runs_north_south(geojson: str) -> bool:
    """Whether a corridor's line spans more ground north-south than east-west (its label goes beside it)."""
    try:
        coords = [p for part in _parts(geojson) for p in part] if geojson else []
    except (ValueError, KeyError, TypeError):  # no line to judge by: above it, as for most corridors
        coords = []
    if not coords:
        return False
    lons, lats = [float(p[0]) for p in coords], [float(p[1]) for p in coords]
    east_west = (max(lons) - min(lons)) * math.cos(math.radians(sum(lats) / len(lats)))
    return max(lats) - min(lats) > east_west


def short_name(name: str) -> str:
    """Map label: the corridor name without the common "Corredor Verde" prefix."""
    return name.removeprefix("Corredor Verde ").removeprefix("Corredor ").strip() or name


def corridor_labels(corridors: pd.DataFrame, size: int = 13) -> pdk.Layer:
    """Corridor names on the map; a name that would overlap another label is hidden until zoomed in."""
    rows = []
    for _, r in corridors.iterrows():
        upright = _runs_north_south(str(r.get("geojson") or ""))
        rows.append(
            {
                "position": [r["lon"], r["lat"]],
                "text": short_name(r["name"]),
                # beside the line, never on it: right of a north-south corridor, above an east-west one
                "offset": [12, 0] if upright else [0, -(size + 4)],
                "anchor": "start" if upright else "middle",
            }
        )
    return pdk.Layer(
        "TextLayer",
        id="corridor-labels",
        data=rows,
        get_position="position",
        get_text="text",
        get_size=size,
        get_color=[20, 20, 20],
        get_pixel_offset="offset",
        get_text_anchor="anchor",
        font_family="'DejaVu Sans, Arial, sans-serif'",
        character_set="'auto'",
        outline_width=2,
        outline_color=[255, 255, 255],
        font_settings={"sdf": True},
        pickable=False,
    )


def municipality_layer(municipalities: pd.DataFrame) -> pdk.Layer:
    """Municipal limits as thin outlines."""
    features = [
        {"type": "Feature", "geometry": json.loads(r["geojson"]), "properties": {"name": r["name"]}}
        for _, r in municipalities.iterrows()
    ]
    return pdk.Layer(
        "GeoJsonLayer",
        id="municipal-limits",
        data={"type": "FeatureCollection", "features": features},
        stroked=True,
        filled=True,
        get_fill_color=[255, 255, 255, 90],
        get_line_color=[110, 110, 110, 200],
        line_width_min_pixels=1,
        pickable=False,
    )


def label_layer(
    rows: list[dict[str, Any]],
    layer_id: str,
    size: int = 13,
    color: tuple[int, int, int] = (60, 60, 60),
    *,
    italic: bool = False,
) -> pdk.Layer:
    """A text layer with fixed, offline font settings (labels of :data:`LABEL_LAYERS` are decluttered by :func:`deck`)."""
    return pdk.Layer(
        "TextLayer",
        id=layer_id,
        data=rows,
        get_position="position",
        get_text="text",
        get_size=size,
        get_color=list(color),
        get_alignment_baseline="'center'",
        font_family="'DejaVu Sans, Arial, sans-serif'",
        font_style="'italic'" if italic else "'normal'",
        character_set="'auto'",
        outline_width=2,
        outline_color=[255, 255, 255],
        font_settings={"sdf": True},
        pickable=False,
        billboard=True,
    )


def municipality_labels(municipalities: pd.DataFrame) -> pdk.Layer:
    """Municipality names at their centres."""
    return label_layer(
        [{"position": [r["lon"], r["lat"]], "text": r["name"]} for _, r in municipalities.iterrows()],
        "municipal-labels",
        12,
        (90, 90, 90),
    )


def _midpoint(coords: tuple[tuple[float, float], ...]) -> list[float]:
    """A point halfway along a polyline (where its name goes)."""
    p = shapely.LineString(coords).interpolate(0.5, normalized=True)
    return [float(p.x), float(p.y)]


def arterial_labels() -> pdk.Layer:
    """Avenue names at the middle of each avenue (they give way to corridor and place names)."""
    rows = [{"position": _midpoint(coords), "text": name} for name, coords in reference.ARTERIALS]
    return label_layer(rows, "arterial-labels", 11, (110, 104, 92))


def river_layer() -> pdk.Layer:
    """The Santa Catarina river as a wide soft-blue line."""
    name, coords = reference.RIVER
    return pdk.Layer(
        "PathLayer",
        id="river",
        data=[{"name": name, "path": [list(p) for p in coords]}],
        get_path="path",
        get_color=RIVER_COLOR,
        get_width=7,
        width_units="'pixels'",
        joint_rounded=True,
        pickable=False,
    )


def place_labels() -> pdk.Layer:
    """The river's name and landmarks people orient by (Cerro de la Silla, Macroplaza…)."""
    name, coords = reference.RIVER
    rows = [{"position": _midpoint(coords[:5]), "text": name}]
    rows += [{"position": [lon, lat], "text": n} for n, lon, lat in reference.LANDMARKS]
    return label_layer(rows, "place-labels", 12, (40, 90, 130), italic=True)


def arterial_layer() -> pdk.Layer:
    """Main avenues (reference facts) as context lines."""
    rows = [{"name": name, "path": [list(p) for p in coords]} for name, coords in reference.ARTERIALS]
    return pdk.Layer(
        "PathLayer",
        id="arterials",
        data=rows,
        get_path="path",
        get_color=[200, 196, 186],
        get_width=3,
        width_units="'pixels'",
        pickable=False,
    )


def transit_layers(lines: pd.DataFrame, stations: pd.DataFrame) -> list[pdk.Layer]:
    """Metro and Ecovía lines in their own colours, and their stations."""
    rows = []
    for (_, r), path in zip(lines.iterrows(), _paths(lines), strict=True):
        rows.append(
            {
                "name": r["name"],
                "tip": r["name"],
                "path": path,
                "color": _hex(r["color"]) + ([170] if r["status"] == "operating" else [90]),
            }
        )
    st_rows = [
        {"name": r["name"], "tip": r["name"], "position": [r["lon"], r["lat"]], "color": _hex(r["color"])}
        for _, r in stations.iterrows()
    ]
    return [
        pdk.Layer(
            "PathLayer",
            id="transit-lines",
            data=rows,
            get_path="path",
            get_color="color",
            get_width=2,
            width_units="'pixels'",
            pickable=True,
        ),
        pdk.Layer(
            "ScatterplotLayer",
            id="transit-stations",
            data=st_rows,
            get_position="position",
            get_fill_color=[255, 255, 255],
            get_line_color="color",
            stroked=True,
            line_width_min_pixels=2,
            radius_min_pixels=3,
            get_radius=40,
            pickable=True,
        ),
    ]


def hotspot_layer(hot: pd.DataFrame, crashes_label: str) -> pdk.Layer:
    """Hotspot cells as numbered circles sized by their crash count (the table lists the same ranks)."""
    top = max(int(hot["crashes"].max()), 1) if not hot.empty else 1
    rows = [
        {
            "position": [float(r.lon), float(r.lat)],
            "radius": 60 + 140 * int(r.crashes) / top,
            "rank": str(int(r.rank)),
            "tip": f"#{int(r.rank)} · {int(r.crashes)} {crashes_label.lower()}",
        }
        for r in rows_of(hot)
    ]
    return pdk.Layer(
        "ScatterplotLayer",
        id="hotspots",
        data=rows,
        get_position="position",
        get_radius="radius",
        get_fill_color=[213, 94, 0, 170],
        get_line_color=[90, 30, 0],
        stroked=True,
        line_width_min_pixels=1,
        radius_min_pixels=9,
        pickable=True,
    )


def hotspot_labels(hot: pd.DataFrame) -> pdk.Layer:
    """The rank number of each hotspot cell."""
    return label_layer(
        [{"position": [float(r.lon), float(r.lat)], "text": str(int(r.rank))} for r in rows_of(hot)],
        "hotspot-ranks",
        12,
        (20, 20, 20),
    )


#: Crash points by severity (darker = worse; "unknown" hollow, never drawn as "damage only").
SEVERITY_COLORS: dict[str, list[int]] = {
    "fatal": [90, 0, 30],
    "injury": [213, 94, 0],
    "damage": [150, 150, 150],
    "unknown": [255, 255, 255],
}
#: Density colours (deck.gl's HeatmapLayer default ramp, light to dark), for the legend.
DENSITY_RAMP: list[list[int]] = [
    [255, 255, 178],
    [254, 217, 118],
    [254, 178, 76],
    [253, 141, 60],
    [240, 59, 32],
    [189, 0, 38],
]


def crash_points_layer(
    points: pd.DataFrame, severity_labels: dict[str, str], *, layer_id: str = "crash-points", min_pixels: int = 4
) -> pdk.Layer:
    """Individual crashes coloured by severity (a corridor's view: at most a few thousand points)."""
    rows = [
        {
            "position": [float(r.lon), float(r.lat)],
            "color": SEVERITY_COLORS.get(str(r.severity), SEVERITY_COLORS["unknown"]),
            "tip": f"{pd.Timestamp(r.occurred_at).date().isoformat()} · {severity_labels.get(str(r.severity), str(r.severity))}",
        }
        for r in rows_of(points)
    ]
    return pdk.Layer(
        "ScatterplotLayer",
        id=layer_id,
        data=rows,
        get_position="position",
        get_fill_color="color",
        get_line_color=[60, 60, 60],
        stroked=True,
        line_width_min_pixels=1,
        radius_min_pixels=min_pixels,
        get_radius=2 * min_pixels,
        pickable=True,
    )


def crash_density_layer(grid: pd.DataFrame) -> pdk.Layer:
    """Crash density cells aggregated on the server (never raw points)."""
    rows = [{"position": [float(r.lon), float(r.lat)], "n": int(r.n)} for r in rows_of(grid)]
    return pdk.Layer(
        "HeatmapLayer",
        id="crash-density",
        data=rows,
        get_position="position",
        get_weight="n",
        radius_pixels=25,
        intensity=1,
        threshold=0.03,
        opacity=0.55,
        aggregation="'SUM'",
        color_range=DENSITY_RAMP,
    )


def event_layer(events: pd.DataFrame, participants_label: str) -> pdk.Layer:
    """Participation events sized by participants."""
    rows = [
        {
            "name": r["title"],
            "tip": f"{r['title']}\n{pd.Timestamp(r['event_date']).date().isoformat()} · {int(r['participants_total'])} {participants_label.lower()}",
            "position": [r["lon"], r["lat"]],
            "participants": int(r["participants_total"]),
            "date": str(r["event_date"]),
        }
        for _, r in events.iterrows()
        if pd.notna(r["lon"])
    ]
    return pdk.Layer(
        "ScatterplotLayer",
        id="participation-events",
        data=rows,
        get_position="position",
        get_fill_color=[204, 121, 167, 200],
        get_line_color=[90, 30, 70],
        stroked=True,
        line_width_min_pixels=1,
        get_radius="participants",
        radius_scale=4,
        radius_min_pixels=4,
        radius_max_pixels=18,
        pickable=True,
    )


#: Every pickable layer's rows carry a ready-made ``tip``: one tooltip template serves them all
#: (deck.gl prints a ``{field}`` an object lacks literally).
#: Tooltips as plain text, at most 240 px wide and centred above the pointer, so one near the map's
#: right edge is not cut off (deck.gl places them right of the pointer by default).
TOOLTIP = {
    "text": "{tip}",
    "style": {
        "maxWidth": "240px",
        "whiteSpace": "pre-wrap",
        "marginLeft": "-120px",
        "marginTop": "-16px",
        "transformOrigin": "bottom",
        "translate": "0 -100%",
        "fontSize": "14px",
    },
}


def pick_grid_layer(cells: list[str], tip: str) -> pdk.Layer:
    """Invisible, pickable H3 cells under everything else: a tap on the map returns the cell.

    Streamlit's pydeck selection reports picked objects, never the coordinates of a tap, so this
    grid is how "the corridor nearest to a point I tap" learns the point (the cell's centre).
    The fill alpha is 1/255, not 0: deck.gl does not pick fully transparent fragments.
    """
    return pdk.Layer(
        "H3HexagonLayer",
        id="pick-grid",
        data=[{"h": c, "tip": tip} for c in cells],
        get_hexagon="h",
        get_fill_color=[0, 0, 0, 1],
        stroked=False,
        extruded=False,
        filled=True,
        pickable=True,
        auto_highlight=True,
        highlight_color=[0, 114, 178, 60],
    )


def point_layer(lon: float, lat: float) -> pdk.Layer:
    """The point the user chose for "corridor near me"."""
    return pdk.Layer(
        "ScatterplotLayer",
        id="chosen-point",
        data=[{"position": [lon, lat]}],
        get_position="position",
        get_fill_color=[204, 0, 102],
        get_line_color=[255, 255, 255],
        stroked=True,
        line_width_min_pixels=2,
        radius_min_pixels=7,
        get_radius=60,
        pickable=False,
    )


#: Map width assumed on a phone (375 px screen less the page's margins), for :func:`view_for`.
PHONE_MAP_WIDTH = 330.0


def view_for(corridors: pd.DataFrame, *, zoom: float | None = None, fit_width: float | None = None) -> pdk.ViewState:
    """A view framing ``corridors`` (the metro area when empty).

    ``fit_width`` (pixels, a phone's map) zooms out until every corridor's centre fits that width
    with a margin, so the first view on a phone cuts no corridor at the edges.
    """
    view = _view_for(corridors, zoom=zoom)
    if fit_width is None or len(corridors) < 2 or zoom is not None:
        return view
    west, east = float(corridors["lon"].min()), float(corridors["lon"].max())
    (x0, _), (x1, _) = _pixel(west, float(view.latitude), 0.0), _pixel(east, float(view.latitude), 0.0)
    span0 = max(abs(x1 - x0), 1e-9)  # pixels at zoom 0
    fit = math.log2(0.8 * fit_width / span0)
    view.zoom = round(min(float(view.zoom), fit), 2)
    view.longitude = (west + east) / 2
    return view


def _view_for(corridors: pd.DataFrame, *, zoom: float | None = None) -> pdk.ViewState:
    if corridors.empty:
        return pdk.ViewState(longitude=geo.DOWNTOWN[0], latitude=geo.DOWNTOWN[1], zoom=zoom or 10.5)
    lon, lat = float(corridors["lon"].mean()), float(corridors["lat"].mean())
    if zoom is None:
        spread = max(
            float(corridors["lon"].max() - corridors["lon"].min()),
            float(corridors["lat"].max() - corridors["lat"].min()),
        )
        zoom = 14.0 if spread < 0.01 else 12.5 if spread < 0.05 else 11.2
    return pdk.ViewState(longitude=lon, latitude=lat, zoom=zoom)


def deck(layers: list[pdk.Layer], view: pdk.ViewState, tooltip: dict[str, Any] | None = None) -> pdk.Deck:
    """The pydeck Deck over the local offline map style, its labels decluttered for the first view.

    Every string in every layer's data (names in labels and tooltips) goes through
    :func:`textsafe.deck_layer_data` here, the one door to the map: deck.gl's JSON converter would read a
    corridor named ``@@=name`` as an expression and replace the map with an error.
    """
    for layer in layers:
        layer.data = textsafe.deck_layer_data(layer.data)
    return pdk.Deck(
        layers=declutter(layers, float(view.zoom)),
        initial_view_state=view,
        map_style=basemap.current().style_url,
        tooltip=tooltip,
    )
