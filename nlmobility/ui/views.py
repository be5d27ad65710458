"""Page sections composed from queries and widgets (keeps the page scripts thin)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import altair as alt
import pandas as pd
import pydeck as pdk
import streamlit as st

from nlmobility import geo, indicators, textsafe
from nlmobility.filters import Filters
from nlmobility.ui import data, maps, widgets
from nlmobility.ui.i18n import label, lang, t


def status_labels() -> dict[str, str]:
    return {s: label("status", s) for s in maps.STATUS_COLORS}


def legend() -> None:
    chips = " ".join(
        f":{'green' if s == 'finished' else 'orange' if s == 'in_works' else 'blue'}-background[{label('status', s)}]" for s in maps.STATUS_COLORS
    )
    st.markdown(f"**{t('legend')}:** {chips}")


@dataclasses.dataclass(frozen=True)
class MapClick:
    """What a tap on the map picked: a corridor, or (with the pick grid on) the H3 cell under it."""

    corridor_id: str | None = None
    cell: str | None = None


def corridor_map(f: Filters, *, layers: set[str], key: str, height: int = 520, selected: str | None = None,
                 pick_points: bool = False, point: tuple[float, float] | None = None) -> MapClick:
    """Draw the corridor map; return what the user clicked.

    ``pick_points`` lays an invisible H3 grid under the map so that a tap anywhere returns a
    cell (see ``maps.pick_grid_layer``); ``point`` marks the point chosen for "corridor near me".
    """
    cors = data.q("corridors", cvegeo=f.cvegeo)
    munis = data.q("municipalities")
    deck_layers = []
    if pick_points:
        everywhere = data.q("corridors")
        deck_layers.append(maps.pick_grid_layer(geo.pick_cells(everywhere["lon"].to_numpy(), everywhere["lat"].to_numpy()), t("tap_here")))
    if "limits" in layers:
        deck_layers += [maps.municipality_layer(munis)]
    if "arterials" in layers:
        deck_layers.append(maps.arterial_layer())
    if "crashes" in layers:
        deck_layers.append(maps.crash_density_layer(data.q("crash_grid", f, cell_m=400.0, max_cells=20_000)))
    if "transit" in layers:
        deck_layers += maps.transit_layers(data.q("transit_lines"), data.q("transit_stations"))
    deck_layers.append(maps.corridor_casing_layer(cors))
    deck_layers.append(maps.corridor_layer(cors, status_labels(), selected=selected or f.corridor_id))
    if "events" in layers:
        deck_layers.append(maps.event_layer(data.q("participation_events", f), t("participants")))
    if "limits" in layers:
        deck_layers.append(maps.municipality_labels(munis))
    if "labels" in layers:
        deck_layers.append(maps.corridor_labels(cors))
    if point is not None:
        deck_layers.append(maps.point_layer(*point))
    focus = cors[cors["corridor_id"] == (selected or f.corridor_id)] if (selected or f.corridor_id) else cors
    event = st.pydeck_chart(maps.deck(deck_layers, maps.view_for(focus), maps.TOOLTIP), height=height, on_select="rerun",
                            selection_mode="single-object", key=key)
    try:
        objects = event.selection["objects"]
        corridor, cell = objects.get("corridors") or [], objects.get("pick-grid") or []
    except (AttributeError, KeyError, TypeError):
        corridor, cell = [], []
    return MapClick(corridor_id=corridor[0]["corridor_id"] if corridor else None, cell=cell[0]["h"] if cell else None)


#: Where "corridor near me" by point starts: downtown Monterrey (Macroplaza).
DEFAULT_POINT = (round(geo.DOWNTOWN[0], 4), round(geo.DOWNTOWN[1], 4))


def cell_point(cell: str) -> tuple[float, float]:
    """The point a tap on the pick grid stands for: the cell centre, rounded like the inputs (4 decimals, ~10 m)."""
    lon, lat = geo.cell_center(cell)
    return round(lon, 4), round(lat, 4)


def hotspot_map(hot: pd.DataFrame, f: Filters, *, key: str, height: int = 420) -> None:
    """The hotspot cells over municipal limits, avenues and corridors, framed on the hotspots."""
    cors = data.q("corridors", cvegeo=f.cvegeo)
    layers = [maps.municipality_layer(data.q("municipalities")), maps.arterial_layer(), maps.corridor_casing_layer(cors),
              maps.corridor_layer(cors, status_labels()), maps.hotspot_layer(hot, t("crashes")), maps.hotspot_labels(hot)]
    view = pdk.data_utils.compute_view(hot[["lon", "lat"]].to_numpy().tolist()) if len(hot) > 1 else maps.view_for(hot, zoom=14.0)
    st.pydeck_chart(maps.deck(layers, view, maps.TOOLTIP), height=height, key=key)


def corridor_card(corridor_id: str, f: Filters) -> None:
    df = data.q("corridors", corridor_id=corridor_id)
    if df.empty:
        widgets.empty_state()
        return
    r = df.iloc[0]
    st.header(f"{t('card_title')}: {textsafe.markdown_literal(r['name'])}")
    c1, c2, c3 = st.columns(3)
    c1.metric(t("length"), f"{r['length_m'] / 1000:.2f} km")
    c2.metric(t("status"), label("status", r["status"]))
    c3.metric(t("budget"), f"${r['budget_mxn'] / 1e6:,.1f} M MXN" if pd.notna(r["budget_mxn"]) else "—")
    works = f"{_d(r['works_start'])} → {_d(r['works_end'])}"
    st.markdown(f"**{t('municipality')}:** {textsafe.markdown_literal(r['municipality'])} · **{t('works')}:** {works} · **{t('opening')}:** {_d(r['opening_date'])}")
    st.write(r["description"])
    if r["approximate"]:
        st.caption(t("approx_line"))
    contracts = data.q("corridor_contracts", corridor_id)
    docs = data.q("corridor_documents", corridor_id)
    crashes = data.q("corridor_crashes_by_year", corridor_id, float(f.buffer_m))
    tabs = st.tabs([t("contracts"), t("documents"), t("nearby_crashes"), t("milestones"), t("participation")])
    with tabs[0]:
        widgets.table(contracts,
                     column_config={"url": st.column_config.LinkColumn(display_text=t("open_link")), "amount_mxn": st.column_config.NumberColumn(format="dollar")}) if not contracts.empty else widgets.empty_state()
    with tabs[1]:
        widgets.table(docs, column_config={"url": st.column_config.LinkColumn(display_text=t("open_link"))}) if not docs.empty else widgets.empty_state()
    with tabs[2]:
        if crashes.empty:
            widgets.empty_state()
        else:
            st.caption(t("kpi_victims", buffer=f.buffer_m, year="").rstrip(", "))
            widgets.table(crashes.rename(columns={"year": t("period"), "crashes": t("crashes"), "with_victims": t("with_victims"), "fatal": label("sev", "fatal")}))
    with tabs[3]:
        ms = data.q("corridor_milestones")
        ms = ms.assign(status=ms["status"].map(lambda s: label("ms", s)), title=ms["title_es" if lang() == "es" else "title_en"])
        widgets.table(ms[["seq", "title", "status", "planned_end"]])
    with tabs[4]:
        ev = data.q("participation_events", Filters(corridor_id=corridor_id, year_from=2000, year_to=2100))
        if ev.empty:
            widgets.empty_state()
        else:
            st.metric(t("participants"), f"{int(ev['participants_total'].sum()):,}", help=widgets.indicator_help("participants"))
            widgets.table(ev[["event_date", "kind", "title", "participants_total"]])


def present(v: object) -> bool:
    """A real value: not None, NaN or NaT, and not blank text (pandas gives NaN for SQL NULL)."""
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return False
    return not (isinstance(v, str) and not v.strip())


def iso(v: object) -> str:
    return _d(v)


def _d(v: object) -> str:
    if not present(v):
        return t("not_yet")
    try:
        return pd.Timestamp(v).date().isoformat()
    except (ValueError, TypeError):
        return t("not_yet")


def bar(df: pd.DataFrame, x: str, y: str, *, x_title: str, y_title: str, color: str = "#0B7A4B", horizontal: bool = False) -> None:
    enc_x = alt.X(f"{x}:N", title=x_title, sort=None) if not horizontal else alt.X(f"{y}:Q", title=y_title)
    enc_y = alt.Y(f"{y}:Q", title=y_title) if not horizontal else alt.Y(f"{x}:N", title=x_title, sort="-x")
    st.altair_chart(alt.Chart(df).mark_bar(color=color).encode(x=enc_x, y=enc_y, tooltip=[x, y]), width="stretch")


def months_between(a: dt.date, b: dt.date) -> int:
    return (b.year - a.year) * 12 + b.month - a.month


def signed_pct(fraction: object) -> str:
    """A change as a signed percentage ("-42 %"), or "—" when it cannot be computed."""
    if not present(fraction):
        return widgets.MISSING
    return f"{100 * float(fraction):+.0f} %"


def pct_range(low: object, high: object) -> str:
    """A 95 % interval of a change ("-77 % a +48 %"), or "—"."""
    if not (present(low) and present(high)):
        return widgets.MISSING
    return t("ba_ci_range", low=signed_pct(low), high=signed_pct(high))


def pct(a: float, b: float) -> float:
    return 100.0 * a / b if b else 0.0


__all__ = ["indicators"]


def inside_metro(lon: float, lat: float) -> bool:
    from nlmobility import geo

    return geo.in_bbox(lon, lat, geo.METRO_BBOX)
