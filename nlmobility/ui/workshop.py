"""Modo taller: a presentation of one corridor in five scenes, for workshops on a projector.

Large type, no sidebar, the scenes in a fixed order (corridor → crashes before → after →
milestones → participation), a QR code that opens the same scene on a phone. Everything is drawn
from the same queries as the other pages and works with no internet (local map style, QR code
made on the server).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
import pydeck as pdk
import streamlit as st

from nlmobility import indicators, textsafe
from nlmobility.filters import Filters
from nlmobility.ui import data, filterbar, fmt, maps, mapview, page
from nlmobility.ui.i18n import label, pick, t

SCENES = ("corridor", "before", "after", "milestones", "participation")
SCENE_KEY = "taller_scene"
CORRIDOR_KEY = "taller_cor"
MONTHS = indicators.BEFORE_AFTER_MONTHS
#: Crash points: ~ colour-blind-safe vermillion for crashes, as on the Seguridad vial charts.
CRASH_COLOR = [213, 94, 0]

# Presentation style: no sidebar or toolbar, larger type on wide screens (projectors), strong
# contrast. Only fixed CSS: nothing from users or data goes in here.
_STYLE = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stHeader"] { display: none !important; }
@media (min-width: 900px) {
  html { font-size: 21px; }
  [data-testid="stMetricValue"] { font-size: 3.4rem; }
  [data-testid="stMain"] h2 { font-size: 2.3rem; }
  [data-testid="stMainBlockContainer"] { padding-top: 1.2rem; max-width: 1500px; }
}
[data-testid="stMain"] { color: #111; }
</style>"""


def _corridor_ids() -> list[str]:
    return data.corridors()["corridor_id"].tolist()


def _default_corridor(ids: list[str]) -> str | None:
    """The corridor in the global filter, else the first opened one (the richest story), else any."""
    chosen = st.session_state.get("nlm_cor") or None
    if chosen in ids:
        return chosen
    cors = data.corridors()
    opened = cors[cors["opening_date"].notna()].sort_values("opening_date")
    return str(opened["corridor_id"].iloc[0]) if not opened.empty else (ids[0] if ids else None)


def share_params() -> dict[str, str | None]:
    """This page's own share-link parameters (``cor``, ``escena``), validated on the first visit.

    Called by the frame before the sidebar, so the address and the copyable link carry the scene.
    """
    ids = _corridor_ids()
    if SCENE_KEY not in st.session_state:
        raw = st.query_params.get("escena")
        scene = int(raw) if raw is not None and raw.isdigit() else 0
        ok = 1 <= scene <= len(SCENES)
        st.session_state[SCENE_KEY] = scene if ok else 1
        if raw is not None and not ok:
            filterbar.add_notice("invalid_params", names="escena")
    if st.session_state.get(CORRIDOR_KEY) not in ids:
        st.session_state[CORRIDOR_KEY] = _default_corridor(ids)
    return {"cor": st.session_state[CORRIDOR_KEY], "escena": str(st.session_state[SCENE_KEY])}


def presentation_style() -> None:
    """Hide the sidebar and enlarge type for a projector (fixed CSS only)."""
    st.html(_STYLE)


def step(delta: int) -> None:
    """Button callback: move to the previous or next scene (clamped)."""
    st.session_state[SCENE_KEY] = min(len(SCENES), max(1, int(st.session_state.get(SCENE_KEY, 1)) + delta))


def _corridor_deck(cor: pd.DataFrame, extra: list[pdk.Layer], height: int = 460) -> None:
    """The corridor on the local-style map, zoomed on it, with limits, transit and our extra layers."""
    layers = [
        maps.municipality_layer(data.municipalities()),
        maps.arterial_layer(),
        *maps.transit_layers(data.transit_lines(), data.transit_stations()),
        maps.corridor_casing_layer(cor),
        maps.corridor_layer(cor, mapview.status_labels()),
        *extra,
        maps.corridor_labels(cor),
    ]
    view = maps.view_for(cor)
    view.zoom = min(16.0, view.zoom + 1)  # closer than on the map page: one corridor fills the projector
    st.pydeck_chart(maps.deck(layers, view, maps.TOOLTIP), height=height, key=f"taller_map_{len(extra)}")


def _crash_layer(points: pd.DataFrame) -> pdk.Layer:
    rows = [
        {
            "position": [float(r.lon), float(r.lat)],
            "tip": f"{pd.Timestamp(r.occurred_at).date().isoformat()} · {label('sev', r.severity)}",
        }
        for r in maps.rows_of(points)
    ]
    return pdk.Layer(
        "ScatterplotLayer",
        id="taller-crashes",
        data=rows,
        get_position="position",
        get_fill_color=[*CRASH_COLOR, 210],
        get_line_color=[255, 255, 255],
        stroked=True,
        line_width_min_pixels=1,
        radius_min_pixels=6,
        get_radius=12,
        pickable=True,
    )


def window(row: pd.Series, scene: str) -> tuple[dt.date, dt.date] | None:
    """The [from, to) dates of the before or after window of a corridor (None: no opening date)."""
    if pd.isna(row["opening_date"]):
        return None
    opening = pd.Timestamp(row["opening_date"]).date()
    start = pd.Timestamp(row["works_start"]).date() if pd.notna(row["works_start"]) else opening
    if scene == "before":
        return (start - pd.DateOffset(months=MONTHS)).date(), start
    return opening, (opening + pd.DateOffset(months=MONTHS)).date()


def scene_corridor(cor: pd.DataFrame) -> None:
    """Scene 1: the corridor, its length, status, works and opening."""
    r = cor.iloc[0]
    c1, c2, c3 = st.columns(3)
    c1.metric(t("length"), fmt.km(r["length_m"]))
    c2.metric(t("status"), label("status", r["status"]))
    c3.metric(t("opening"), fmt.date_text(r["opening_date"]))
    st.markdown(
        f"**{t('municipality')}:** {textsafe.markdown_literal(r['municipality'])} · **{t('works')}:** "
        f"{fmt.date_text(r['works_start'])} → {fmt.date_text(r['works_end'])}"
    )
    _corridor_deck(cor, [])


def scene_crashes(cor: pd.DataFrame, f: Filters, scene: str) -> None:
    """Scenes 2 and 3: crashes near the corridor before the works or after opening."""
    r = cor.iloc[0]
    span = window(r, scene)
    if span is None:
        st.info(t("taller_not_opened"), icon=":material/info:")
        _corridor_deck(cor, [])
        return
    ba = data.before_after(
        dataclasses.replace(f, corridor_id=r["corridor_id"], cvegeo=None), months=MONTHS, data_end=data.data_date()
    )
    b = ba.iloc[0]
    if scene == "after" and not bool(b["after_complete"]):
        st.info(t("ba_incomplete", months=MONTHS), icon=":material/hourglass_top:")
        _corridor_deck(cor, [])
        return
    points = data.corridor_crash_points(f, str(r["corridor_id"]), date_from=span[0], date_to=span[1])
    n = int(b["n_before"] if scene == "before" else b["n_after"])
    st.markdown(f"**{t('taller_window')}:** {span[0].isoformat()} → {(span[1] - dt.timedelta(days=1)).isoformat()}")
    c1, c3 = st.columns(2)
    c1.metric(t("taller_crashes", buffer=f.buffer_m), f"{n:,}", help=page.indicator_help("before_after"))
    if scene == "after":
        c3.metric(
            t("ba_change"),
            fmt.signed_pct(b["change"]),
            f"{t('ba_before')}: {int(b['n_before'])}",
            delta_color="off",
            delta_arrow="off",
        )
    else:
        c3.metric(t("ba_rate_before"), f"{float(b['rate_before']):.1f}")
    st.caption(t("taller_crash_caption", severity=label("sev", f.severity), mode=label("mode", f.mode)))
    if n < indicators.SMALL_COUNT:
        st.warning(t("ba_small", n=indicators.SMALL_COUNT), icon=":material/warning:")
    _corridor_deck(cor, [_crash_layer(points)])


def scene_milestones() -> None:
    """Scene 4: the commitment's milestones."""
    ms = data.corridor_milestones()
    done = int((ms["status"] == "finished").sum())
    c1, c2 = st.columns(2)
    c1.metric(
        t("kpi_milestones"),
        f"{done} / {len(ms)}",
        fmt.percent(done, len(ms)),
        delta_color="off",
        delta_arrow="off",
        help=page.indicator_help("milestones_finished"),
    )
    c2.metric(t("stuck"), int((ms["status"] == "stuck").sum()))
    page.table(
        ms.assign(title=pick(ms, "title"), status=ms["status"].map(lambda s: label("ms", s)))[
            ["seq", "title", "status", "planned_end"]
        ],
        height=min(40 + 36 * len(ms), 520),
    )


def scene_participation(cor: pd.DataFrame) -> None:
    """Scene 5: who took part in designing the corridor (small counts hidden)."""
    r = cor.iloc[0]
    everything = Filters.all_time(corridor_id=str(r["corridor_id"]))
    tot = data.participation_totals(everything)
    if tot["events"] == 0:
        page.empty_state("participation_events")
        return
    page.participation_metrics(tot)
    ages = pd.DataFrame(
        {
            "k": [t("children"), t("adolescents"), t("adults"), t("older_adults")],
            "n": [fmt.suppress(tot[k]) for k in ("children", "adolescents", "adults", "older_adults")],
        }
    )
    page.table(ages.rename(columns={"k": t("by_age"), "n": t("participants")}))
    st.caption(t("suppressed", n=indicators.SUPPRESS_UNDER))


def render(scene: int, corridor_id: str, f: Filters) -> None:
    """Draw scene ``scene`` (1-5) of a corridor."""
    cor = data.corridors(corridor_id=corridor_id)
    if cor.empty:
        page.empty_state("participation_events")
        return
    name = SCENES[scene - 1]
    st.header(t(f"scene_{name}", name=textsafe.markdown_literal(cor.iloc[0]["name"])))
    if name == "corridor":
        scene_corridor(cor)
    elif name in ("before", "after"):
        scene_crashes(cor, f, name)
    elif name == "milestones":
        scene_milestones()
    else:
        scene_participation(cor)
