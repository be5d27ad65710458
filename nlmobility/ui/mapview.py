"""Map composition for the pages: which layers (from ``maps``) each map draws and what a tap picked."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html

import pandas as pd
import pydeck as pdk
import streamlit as st

from nlmobility import db, geo, staticmap, textsafe
from nlmobility.filters import Filters
from nlmobility.ui import data, fmt, maps, page
from nlmobility.ui.i18n import label, lang, t

#: Layers a page may ask :func:`corridor_map` for.
LAYERS = ("labels", "limits", "arterials", "transit", "crashes", "events")
#: Where "corridor near me" by point starts: downtown Monterrey (Macroplaza).
DEFAULT_POINT = (round(geo.DOWNTOWN[0], 4), round(geo.DOWNTOWN[1], 4))


#: Session key of the corridor whose card is open on the map page (a tap, the list or "near me").
SELECTED_KEY = "map_selected"
#: Anchor of the corridor card's heading (fixed text: the scroll target after a tap).
CARD_ANCHOR = "ficha-corredor"


def share_params() -> dict[str, str | None]:
    """The map page's share-link parameters: the corridor whose card is open, when one is.

    Called by the frame before the sidebar, so the address carries ``cor`` as soon as a card is
    open (a tap, the list or "near me") and a shared link reopens the same card. A selection that
    no longer exists is dropped.
    """
    chosen = st.session_state.get(SELECTED_KEY)
    if chosen and chosen not in data.corridor_names():
        st.session_state.pop(SELECTED_KEY, None)
        chosen = None
    return {"cor": str(chosen)} if chosen else {}


def select(corridor_id: str) -> None:
    """Open a corridor's card (callbacks and taps); the next run puts it in the address and scrolls to it."""
    st.session_state[SELECTED_KEY] = corridor_id


def corridor_buttons(rows: pd.DataFrame, *, key: str, distance: bool = False) -> None:
    """One button per listed corridor (name · status · length, or distance): each opens its card.

    ``rows`` holds ``corridor_id``, ``name``, ``status`` and ``length_m`` (or ``distance_m`` with
    ``distance``). Names are imported text: shown through :func:`textsafe.label`.
    """
    statuses = status_labels()
    for r in rows.itertuples(index=False):
        extra = fmt.distance(r.distance_m) if distance else fmt.km(r.length_m)
        st.button(
            f"{textsafe.label(r.name)} · {statuses.get(str(r.status), str(r.status))} · {extra}",
            key=f"{key}_{r.corridor_id}",
            on_click=select,
            args=(str(r.corridor_id),),
            width="stretch",
        )


def scroll_to_card_once(corridor_id: str) -> None:
    """Scroll to the card the first time it opens for this corridor on this page load (not on every rerun).

    The same whether it was opened here (a tap, the list, "near me") or by a shared link (``cor=``):
    a link to a corridor lands on its card. Sent on every run; the browser scrolls once per corridor.
    """
    page.scroll_to(CARD_ANCHOR, once=f"card:{corridor_id}")


def severity_labels() -> dict[str, str]:
    """Crash severity code -> label in the user's language."""
    return {s: label("sev", s) for s in maps.SEVERITY_COLORS}


def corridor_crashes(f: Filters, corridor_id: str) -> pd.DataFrame:
    """The crashes near one corridor over the filter's whole years (the map's close-up crash points)."""
    start = dt.date(f.year_from or 1900, 1, 1)
    end = dt.date((f.year_to or dt.date.today().year) + 1, 1, 1)
    return data.corridor_crash_points(f, corridor_id, date_from=start, date_to=end)


def crash_legend(close_up: bool) -> None:
    """What the crash layer shows: severity colours of the points (one corridor) or the density ramp (the area)."""
    if close_up:
        items = "".join(
            f'<span style="display:inline-block;width:0.8em;height:0.8em;border-radius:50%;border:1px solid #3c3c3c;'
            f'background:rgb({r},{g},{b});vertical-align:middle;margin:0 0.3em 0 0.9em"></span>{html.escape(label("sev", s))}'
            for s, (r, g, b) in maps.SEVERITY_COLORS.items()
        )
        head = t("legend_crash_points")
    else:
        stops = ",".join(f"rgb({r},{g},{b})" for r, g, b in maps.DENSITY_RAMP)
        items = (
            f'<span style="margin-left:0.9em">{html.escape(t("legend_fewer"))}</span>'
            f'<span style="display:inline-block;width:7em;height:0.7em;background:linear-gradient(to right,{stops});'
            f'vertical-align:middle;margin:0 0.4em"></span>{html.escape(t("legend_more"))}'
        )
        head = t("legend_crash_density")
    st.html(f'<div style="font-size:0.95rem;line-height:2"><b>{html.escape(head)}:</b>{items}</div>')


def status_labels() -> dict[str, str]:
    """Corridor status code -> label in the user's language."""
    return {s: label("status", s) for s in maps.STATUS_COLORS}


def legend() -> None:
    """The corridor-status legend above a map: each status drawn as on the map (colour and pattern), plus the river."""

    def swatch(rgb: list[int], dash: list[float]) -> str:
        style = "solid" if dash == [0, 0] else ("dashed" if dash[0] > 1 else "dotted")
        r, g, b = rgb
        return (
            f'<span style="display:inline-block;width:2.2em;height:0;border-top:0.4em {style} rgb({r},{g},{b});'
            f'vertical-align:middle;margin:0 0.35em 0 0.9em"></span>'
        )

    items = "".join(
        f"{swatch(maps.STATUS_COLORS[s], maps.STATUS_DASH[s])}{html.escape(label('status', s))}"
        for s in maps.STATUS_COLORS
    )
    items += f"{swatch(maps.RIVER_COLOR, [0, 0])}{html.escape(t('legend_river'))}"
    st.html(f'<div style="font-size:0.95rem;line-height:2"><b>{html.escape(t("legend"))}:</b>{items}</div>')


@dataclasses.dataclass(frozen=True)
class MapClick:
    """What a tap on the map picked: a corridor, or (with the pick grid on) the H3 cell under it."""

    corridor_id: str | None = None
    cell: str | None = None


def layers_for(
    f: Filters,
    layers: set[str],
    *,
    selected: str | None = None,
    pick_points: bool = False,
    point: tuple[float, float] | None = None,
) -> tuple[list[pdk.Layer], pd.DataFrame]:
    """The deck.gl layers of the corridor map, bottom to top, and the corridors it frames."""
    cors = data.corridors(cvegeo=f.cvegeo)
    munis = data.municipalities()
    deck_layers: list[pdk.Layer] = []
    if pick_points:
        everywhere = data.corridors()
        cells = geo.pick_cells(everywhere["lon"].to_numpy(), everywhere["lat"].to_numpy())
        deck_layers.append(maps.pick_grid_layer(cells, t("tap_here")))
    if "limits" in layers:
        deck_layers.append(maps.municipality_layer(munis))
    deck_layers.append(maps.river_layer())
    if "arterials" in layers:
        deck_layers.append(maps.arterial_layer())
    focus_id = selected or f.corridor_id
    if "crashes" in layers and focus_id:  # one corridor, close up: each crash, by severity
        deck_layers.append(maps.crash_points_layer(corridor_crashes(f, focus_id), severity_labels()))
    elif "crashes" in layers:  # the whole area: density aggregated on the server
        grid, _cell = data.crash_density(f)  # adaptive cells: the payload stays under 1 MB at any size
        deck_layers.append(maps.crash_density_layer(grid))
    if "transit" in layers:
        deck_layers += maps.transit_layers(data.transit_lines(), data.transit_stations())
    deck_layers.append(maps.corridor_casing_layer(cors))
    deck_layers.append(
        maps.corridor_layer(
            cors,
            status_labels(),
            selected=selected or f.corridor_id,
            works_words=(t("works_planned_end"), t("works_progress")),
        )
    )
    if "events" in layers:
        deck_layers.append(maps.event_layer(data.participation_events(f), t("participants")))
    if "labels" in layers:  # the corridors' names first: they win where labels would overlap
        deck_layers.append(maps.corridor_labels(cors))
    if "limits" in layers:
        deck_layers.append(maps.municipality_labels(munis))
    deck_layers.append(maps.place_labels())
    if "arterials" in layers:
        deck_layers.append(maps.arterial_labels())
    if point is not None:
        deck_layers.append(maps.point_layer(*point))
    focus = cors[cors["corridor_id"] == focus_id] if focus_id else cors
    return deck_layers, focus


#: The map page, where the home page's still map leads.
MAPA = "app_pages/mapa.py"


def overview(f: Filters) -> None:
    """The home page's map: the area's corridors drawn as a small picture (~20 KB, no map library to
    download: a phone's first visit skips deck.gl's 830 KB), with a link to the interactive map. Without
    corridors there is nothing to picture: the page's empty state already says which import brings them."""
    n = len(data.corridors(cvegeo=f.cvegeo))
    if n == 0:
        if not data.corridors().empty:  # corridors elsewhere: this area has none (the filters' empty state)
            page.empty_state()
        return
    png = _overview_png(
        str(db.default_path()),
        data.version(),
        f.cvegeo,
        sample=data.is_sample(),
        language=lang(),
        phone=page.on_phone(),
    )
    st.image(png, caption=t("overview_caption"), alt=t("overview_alt", n=n), width="stretch")
    st.page_link(MAPA, label=t("overview_explore"), icon=":material/map:")


@st.cache_resource(max_entries=16, show_spinner=False, ttl=3600)
def _overview_png(
    path: str,  # noqa: ARG001 - a cache key only: another database file is another picture
    ver: str,  # noqa: ARG001 - a cache key only: a new dataset version is a new picture
    cvegeo: str | None,
    *,
    sample: bool,
    language: str,  # noqa: ARG001 - a cache key only: the caveat is in the page's language
    phone: bool,
) -> bytes:
    # a phone shows the picture ~340 px wide: fewer pixels, larger names (about 12 px on its screen)
    cors = data.corridors(cvegeo=cvegeo)
    transit = data.transit_lines()
    return staticmap.overview_png(
        zip(cors["geojson"].astype(str), cors["status"].astype(str), cors["name"].astype(str), strict=True),
        municipalities=[str(g) for g in data.municipalities()["geojson"]],
        transit=list(zip(transit["geojson"].astype(str), transit["color"].astype(str), strict=True)),
        caveat=t("overview_sample") if sample else "",
        size=(560, 460) if phone else (1000, 560),
        label_px=18 if phone else 15,
    )


def corridor_map(
    f: Filters,
    *,
    layers: set[str],
    key: str,
    height: int = 520,
    selected: str | None = None,
    pick_points: bool = False,
    point: tuple[float, float] | None = None,
) -> MapClick:
    """Draw the corridor map; return what the user clicked.

    ``pick_points`` lays an invisible H3 grid under the map so that a tap anywhere returns a
    cell (see ``maps.pick_grid_layer``); ``point`` marks the point chosen for "corridor near me".
    """
    deck_layers, focus = layers_for(f, layers, selected=selected, pick_points=pick_points, point=point)
    event = st.pydeck_chart(
        maps.deck(
            deck_layers, maps.view_for(focus, fit_width=maps.PHONE_MAP_WIDTH if page.on_phone() else None), maps.TOOLTIP
        ),
        height=height,
        on_select="rerun",
        selection_mode="single-object",
        key=key,
    )
    return clicked(event)


def clicked(event: object) -> MapClick:
    """The corridor or pick-grid cell in a pydeck selection event (nothing when it has none)."""
    try:
        objects = event.selection["objects"]  # type: ignore[attr-defined]
        corridor, cell = objects.get("corridors") or [], objects.get("pick-grid") or []
    except (AttributeError, KeyError, TypeError):
        corridor, cell = [], []
    return MapClick(corridor_id=corridor[0]["corridor_id"] if corridor else None, cell=cell[0]["h"] if cell else None)


def cell_point(cell: str) -> tuple[float, float]:
    """The point a tap on the pick grid stands for: the cell centre, rounded like the inputs (4 decimals, ~10 m)."""
    lon, lat = geo.cell_center(cell)
    return round(lon, 4), round(lat, 4)


def inside_metro(lon: float, lat: float) -> bool:
    """Whether a typed point is inside the metropolitan area's box ("corridor near me")."""
    return geo.in_bbox(lon, lat, geo.METRO_BBOX)


def hotspot_map(hot: pd.DataFrame, f: Filters, *, key: str, height: int = 420) -> None:
    """The hotspot cells over municipal limits, avenues and corridors, framed on the hotspots."""
    cors = data.corridors(cvegeo=f.cvegeo)
    layers = [
        maps.municipality_layer(data.municipalities()),
        maps.river_layer(),
        maps.arterial_layer(),
        maps.corridor_casing_layer(cors),
        maps.corridor_layer(cors, status_labels()),
        maps.hotspot_layer(hot, t("crashes")),
        maps.hotspot_labels(hot),
        maps.place_labels(),
        maps.arterial_labels(),
    ]
    view = (
        pdk.data_utils.compute_view(hot[["lon", "lat"]].to_numpy().tolist())
        if len(hot) > 1
        else maps.view_for(hot, zoom=14.0)
    )
    st.pydeck_chart(maps.deck(layers, view, maps.TOOLTIP), height=height, key=key)
