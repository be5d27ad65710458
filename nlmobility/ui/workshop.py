"""Modo taller: a presentation of one corridor in five scenes, for workshops on a projector.

Large type, no sidebar, the scenes in a fixed order (corridor → crashes before → after →
milestones → participation), a QR code that opens the same scene on a phone. Everything is drawn
from the same queries as the other pages and works with no internet (local map style, QR code
made on the server).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import threading

import pandas as pd
import pydeck as pdk
import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx

from nlmobility import indicators, stats, textsafe, timeline
from nlmobility.filters import Filters
from nlmobility.ui import data, filterbar, fmt, maps, mapview, page, safety
from nlmobility.ui.i18n import label, t

_log = logging.getLogger(__name__)

SCENES = ("corridor", "before", "after", "milestones", "participation")
SCENE_KEY = "taller_scene"
CORRIDOR_KEY = "taller_cor"
MONTHS = indicators.BEFORE_AFTER_MONTHS
#: Map height in the presenting layout: with the top bar and provenance line it fits 720 px.
MAP_HEIGHT = 520
#: Rows of a scene's table that fit under the top bar at 1280x720 in the room's type (the rest is counted).
ROOM_ROWS = 8

# Presentation style: no sidebar or toolbar, larger type on wide screens (projectors), strong
# contrast. Only fixed CSS: nothing from users or data goes in here.
_STYLE = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stHeader"], .st-key-taller_clicker { display: none !important; }
/* one arrow per button: the icon says the direction; the keyboard hint (the same arrow) is hidden, the key still works */
.st-key-taller_prev kbd, .st-key-taller_next kbd { display: none; }
[data-testid="stMain"] { color: #111; }
[data-testid="stMainBlockContainer"] { padding-top: 0.5rem; padding-bottom: 1rem; max-width: 1800px; }
[data-testid="stMain"] h1 { font-size: 1rem; padding: 0; margin: 0; color: #5c5b59; }
@media (min-width: 900px) {
  /* a room reads from metres away: 24 px text and 48 px figures at 1280 px wide, 32 px and 64 px at 1920 */
  html { font-size: clamp(17px, calc(1.25vw + 8px), 34px); }
  [data-testid="stMainBlockContainer"] { padding-left: 1.5rem; padding-right: 1.5rem; }
  [data-testid="stMetricValue"] { font-size: 2rem; line-height: 1.15; }
  [data-testid="stMetricLabel"] p, [data-testid="stMetricLabel"] div { font-size: 1rem; }
  [data-testid="stMain"] h2 { font-size: 1.25rem; padding-top: 0; padding-bottom: 0.1rem; }
  [data-testid="stMain"] h1 { font-size: 0.8rem; line-height: 1.4; }
  .st-key-taller_qr img { width: 7.5rem; height: 7.5rem; }  /* 180 px at 1280 wide, 240 px at 1920 */
  .st-key-taller_qr_text span { white-space: normal !important; overflow: visible !important; text-overflow: clip !important; }
  .st-key-taller_scene [data-testid="stMarkdown"] p, .st-key-taller_scene [data-testid="stMarkdown"] li,
  .st-key-taller_view td, .st-key-taller_view th { font-size: 1rem; line-height: 1.3; }
  .st-key-taller_view td, .st-key-taller_view th { padding: 0.1rem 0.45rem; }
  [data-testid="stMain"] [data-testid="stCaptionContainer"] p { font-size: 0.7rem; }
  .st-key-taller_scene [data-testid="stCaptionContainer"] p, .st-key-taller_view [data-testid="stCaptionContainer"] p,
  .st-key-taller_qr_text [data-testid="stCaptionContainer"] p {
    font-size: 0.8rem; line-height: 1.3; }
  [data-testid="stMain"] button p { font-size: 0.8rem; }
  [data-testid="stMain"] [data-testid="stVerticalBlock"] { gap: 0.4rem; }
}
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


def _corridor_deck(cor: pd.DataFrame, extra: list[pdk.Layer], height: int = MAP_HEIGHT) -> None:
    """The corridor on the local-style map, zoomed on it, with limits, transit and our extra layers."""
    layers = [
        maps.municipality_layer(data.municipalities()),
        maps.river_layer(),
        maps.arterial_layer(),
        *maps.transit_layers(data.transit_lines(), data.transit_stations()),
        maps.corridor_casing_layer(cor),
        maps.corridor_layer(cor, mapview.status_labels()),
        *extra,
        maps.corridor_labels(cor, size=20),  # readable from the back of the room
        maps.place_labels(),
        maps.arterial_labels(),
    ]
    view = maps.view_for(cor)
    view.zoom = min(16.0, view.zoom + 1)  # closer than on the map page: one corridor fills the projector
    st.pydeck_chart(maps.deck(layers, view, maps.TOOLTIP), height=height, key="taller_map")


def window(row: pd.Series, scene: str) -> tuple[dt.date, dt.date] | None:
    """The [from, to) dates of the before or after window of a corridor (None: no opening date)."""
    if pd.isna(row["opening_date"]):
        return None
    opening = pd.Timestamp(row["opening_date"]).date()
    start = pd.Timestamp(row["works_start"]).date() if pd.notna(row["works_start"]) else opening
    if scene == "before":
        return (start - pd.DateOffset(months=MONTHS)).date(), start
    return opening, (opening + pd.DateOffset(months=MONTHS)).date()


def scene_corridor(cor: pd.DataFrame, view: DeltaGenerator) -> None:
    """Scene 1: the corridor, its length, status, works and opening."""
    r = cor.iloc[0]
    c1, c2 = st.columns([1, 1.3])  # a status word at 48 px is wider than a length
    c1.metric(t("length"), fmt.km(r["length_m"]))
    c2.metric(t("status"), label("status", r["status"]))
    st.markdown(
        f"**{t('municipality')}:** {textsafe.markdown_literal(r['municipality'])}  \n**{t('works')}:** "
        f"{fmt.date_text(r['works_start'])} → {fmt.date_text(r['works_end'])}  \n"
        f"**{t('opening')}:** {fmt.date_text(r['opening_date'])}"
    )
    with view:
        _corridor_deck(cor, [])


def scene_crashes(cor: pd.DataFrame, f: Filters, scene: str, view: DeltaGenerator) -> None:
    """Scenes 2 and 3: crashes near the corridor before the works or after opening."""
    r = cor.iloc[0]
    span = window(r, scene)
    if span is None:
        st.info(t("taller_not_opened"), icon=":material/info:")
        with view:
            _corridor_deck(cor, [])
        return
    ba = safety.evaluated(dataclasses.replace(f, corridor_id=r["corridor_id"], cvegeo=None), MONTHS).table
    b = ba.iloc[0]
    if scene == "after" and not bool(b["after_complete"]):
        st.info(t("ba_incomplete", months=MONTHS), icon=":material/hourglass_top:")
        with view:
            _corridor_deck(cor, [])
        return
    points = data.corridor_crash_points(f, str(r["corridor_id"]), date_from=span[0], date_to=span[1])
    n = int(b["n_before"] if scene == "before" else b["n_after"])
    c1, c3 = st.columns(2)
    c1.metric(t("taller_crashes", buffer=f.buffer_m), fmt.count(n), help=page.indicator_help("before_after"))
    if scene == "after":
        few = stats.too_few(int(b["n_before"]), n)
        c3.metric(
            t("ba_change"),
            f"{fmt.count(b['n_before'])} → {fmt.count(n)}" if few else fmt.signed_pct(b["change"]),
            t("too_few") if few else f"{t('ba_before')}: {fmt.count(b['n_before'])}",
            delta_color="off",
            delta_arrow="off",
        )
    else:
        c3.metric(t("ba_rate_before"), fmt.decimal(b["rate_before"]))
    small = f" {t('ba_small', n=indicators.SMALL_COUNT)}" if n < indicators.SMALL_COUNT else ""
    st.caption(
        f"{t('taller_window')}: {fmt.date_text(span[0])} → {fmt.date_text(span[1] - dt.timedelta(days=1))}. "
        + t("taller_crash_caption", severity=label("sev", f.severity), mode=label("mode", f.mode))
        + small
    )
    with view:
        _corridor_deck(
            cor, [maps.crash_points_layer(points, mapview.severity_labels(), layer_id="taller-crashes", min_pixels=6)]
        )


def scene_milestones(cor: pd.DataFrame, view: DeltaGenerator) -> None:
    """Scene 4: the corridor's own steps (design workshops, contracts, works, opening) and works progress."""
    r = cor.iloc[0]
    cid = str(r["corridor_id"])
    steps = timeline.corridor_steps(
        {str(k): v for k, v in r.items()},
        events=data.participation_events(Filters.all_time(corridor_id=cid)),
        contracts=data.corridor_contracts(cid),
        today=data.today(),
    )
    # one under the other: a date and a status word at a room's 48 px need the column's whole width
    if r["status"] == "in_works":
        st.metric(t("works_planned_end"), fmt.date_text(r["works_end"]))
        st.metric(t("works_progress"), fmt.progress(r["progress_pct"]), help=t("works_progress_help"))
    else:
        st.metric(t("status"), label("status", r["status"]))
        st.metric(t("opening"), fmt.date_text(r["opening_date"]))
    if steps.empty:
        page.empty_state()
        with view:
            _corridor_deck(cor, [])
    else:
        shown = steps.head(ROOM_ROWS)
        with view:  # the table in the map's place: a room reads it across the screen (the map was scenes 1-3)
            page.static_table(
                shown.assign(
                    step=shown["step"].map(lambda s: label("step", s)),
                    state=shown["state"].map(lambda s: label("step_state", s)),
                    date=shown["date"].map(fmt.date_text),
                )[["date", "step", "state"]]
            )
            if len(steps) > ROOM_ROWS:
                st.caption(t("taller_more_steps", n=len(steps) - ROOM_ROWS))
    ms = data.corridor_milestones()
    done = int((ms["status"] == "finished").sum())
    st.caption(t("taller_commitment", done=done, total=len(ms), stuck=int((ms["status"] == "stuck").sum())))


def scene_participation(cor: pd.DataFrame, view: DeltaGenerator) -> None:
    """Scene 5: who took part in designing the corridor (small counts hidden)."""
    r = cor.iloc[0]
    everything = Filters.all_time(corridor_id=str(r["corridor_id"]))
    tot = data.participation_totals(everything)
    if tot["events"] == 0:
        page.empty_state("participation_events")
        with view:
            _corridor_deck(cor, [])
        return
    page.participation_metrics(tot, per_row=2)  # two by two: whole labels at a room's type size
    ages = pd.DataFrame(
        {
            "k": [t("children"), t("adolescents"), t("adults"), t("older_adults")],
            "n": [fmt.suppress(tot[k]) for k in ("children", "adolescents", "adults", "older_adults")],
        }
    )
    with view:
        page.static_table(ages.rename(columns={"k": t("by_age"), "n": t("participants")}))
        st.caption(t("suppressed", n=indicators.SUPPRESS_UNDER))
        events = data.participation_events(everything)
        _corridor_deck(cor, [maps.event_layer(events, t("participants"))], height=MAP_HEIGHT - 290)


def render(scene: int, corridor_id: str, f: Filters, *, figures: DeltaGenerator, view: DeltaGenerator) -> None:
    """Draw scene ``scene`` (1-5) of a corridor: its heading and figures in ``figures``, its map in ``view``."""
    cor = data.corridors(corridor_id=corridor_id)
    with figures, st.container(key="taller_scene"):
        if cor.empty:
            page.empty_state("participation_events")
            return
        name = SCENES[scene - 1]
        st.header(t(f"scene_{name}", name=textsafe.label(cor.iloc[0]["name"])))
        if name == "corridor":
            scene_corridor(cor, view)
        elif name in ("before", "after"):
            scene_crashes(cor, f, name, view)
        elif name == "milestones":
            scene_milestones(cor, view)
        else:
            scene_participation(cor, view)


def _prepare(name: str, corridor_id: str, f: Filters) -> None:
    """Read what scene ``name`` of a corridor reads, into the shared caches (the scene then draws from them)."""
    cor = data.corridors(corridor_id=corridor_id)
    if cor.empty:
        return
    r = cor.iloc[0]
    data.municipalities(), data.transit_lines(), data.transit_stations()  # every scene's map
    if name in ("before", "after"):
        span = window(r, name)
        if span is not None:
            safety.evaluated(dataclasses.replace(f, corridor_id=corridor_id, cvegeo=None), MONTHS)
            data.corridor_crash_points(f, corridor_id, date_from=span[0], date_to=span[1])
    elif name == "milestones":
        data.participation_events(Filters.all_time(corridor_id=corridor_id))
        data.corridor_contracts(corridor_id)
        data.corridor_milestones()
    elif name == "participation":
        everything = Filters.all_time(corridor_id=corridor_id)
        data.participation_totals(everything)
        data.participation_events(everything)


def prefetch(scene: int, corridor_id: str, f: Filters) -> threading.Thread | None:
    """Prepare the next scene while this one is shown, so that a clicker press draws from memory.

    Runs in a thread of its own (the page has been sent already); the figures land in the same
    per-process caches the scene reads. Returns the thread (tests join it); None on the last scene.
    """
    if scene >= len(SCENES):
        return None
    name = SCENES[scene]  # the next scene (scenes count from 1)

    def work() -> None:
        try:
            _prepare(name, corridor_id, f)
        except Exception:  # the scene itself will read again and show what is wrong, in words
            _log.exception("preparing scene %s of %s ahead", name, corridor_id)

    thread = threading.Thread(target=work, name=f"taller-next-{name}", daemon=True)
    add_script_run_ctx(thread, get_script_run_ctx())  # the caches key on this session's dataset version
    thread.start()
    return thread
