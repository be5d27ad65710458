"""The printable corridor fact sheet: its content in the user's language, made into a PDF.

Composed from the same queries as the corridor card and the Seguridad vial, Participación and
Avance pages, so the sheet and the screen never disagree.
"""

from __future__ import annotations

import dataclasses

import pandas as pd
import streamlit as st

from nlmobility import factsheet, indicators, qr, staticmap, stats
from nlmobility.filters import Filters
from nlmobility.ui import data, filterbar, fmt, page
from nlmobility.ui import safety as road_safety
from nlmobility.ui.i18n import label, lang, t

MONTHS = indicators.BEFORE_AFTER_MONTHS


def sheet(corridor_id: str, f: Filters, link: str | None, *, draw_map: bool = True) -> factsheet.Sheet | None:
    """The fact sheet of one corridor in the user's language, or None when the corridor does not exist.

    ``draw_map=False`` leaves the map out (:func:`download_button` draws it when the button is pressed).
    """
    cor = data.corridors(corridor_id=corridor_id)
    if cor.empty:
        return None
    r = cor.iloc[0]
    contracts = data.corridor_contracts(corridor_id)
    docs = data.corridor_documents(corridor_id)
    about = factsheet.Section(
        t("card_title"),
        [
            (t("municipality"), str(r["municipality"]) if fmt.present(r["municipality"]) else fmt.MISSING),
            (t("status"), label("status", r["status"])),
            (t("length"), fmt.km(r["length_m"])),
            (t("works"), f"{fmt.date_text(r['works_start'])} → {fmt.date_text(r['works_end'])}"),
            (t("opening"), fmt.date_text(r["opening_date"])),
            *([(t("works_progress"), fmt.progress(r["progress_pct"]))] if r["status"] == "in_works" else []),
            (t("budget"), fmt.money_millions(r["budget_mxn"])),
            (t("contracts"), ", ".join(str(x) for x in contracts.iloc[:, 0].tolist()[:4]) or fmt.MISSING),
            (t("documents"), str(len(docs))),
        ],
        note=str(r["description"]) if fmt.present(r["description"]) else None,
    )

    evaluated = road_safety.evaluated(dataclasses.replace(f, corridor_id=corridor_id, cvegeo=None), MONTHS)
    ba = evaluated.table  # one home for safety figures: nlmobility.safety
    if ba.empty:
        safety = factsheet.Section(t("page_seguridad"), note=t("taller_not_opened"))
    else:
        b = ba.iloc[0]
        nb, na, done = int(b["n_before"]), int(b["n_after"]), bool(b["after_complete"])
        rows = [(t("ba_before"), f"{nb} ({float(b['rate_before']):.1f} {t('per_km_year')})")]
        if done:
            few = stats.too_few(nb, na)
            rows += [
                (t("ba_after"), f"{na} ({float(b['rate_after']):.1f} {t('per_km_year')})"),
                (
                    t("ba_change"),
                    t("too_few")
                    if few
                    else f"{fmt.signed_pct(b['change'])} ({t('ba_ci')}: {fmt.pct_range(b['change_low'], b['change_high'])})",
                ),
                (t("ba_adjusted_short"), t("too_few") if few else fmt.signed_pct(b["change_adjusted"])),
                (t("ba_eb_ci_col"), road_safety.estimate_text(evaluated.corridors[0].estimates["eb"])),
            ]
        note = (
            t("ba_intro", buffer=f.buffer_m, months=MONTHS)
            + f" {t('severity')}: {label('sev', f.severity)}; {t('mode')}: {label('mode', f.mode)}."
        )
        if not done:
            note += " " + t("ba_incomplete", months=MONTHS)
        elif min(nb, na) < indicators.SMALL_COUNT:
            note += " " + t("ba_small", n=indicators.SMALL_COUNT)
        safety = factsheet.Section(t("page_seguridad"), rows, note=note)

    tot = data.participation_totals(Filters.all_time(corridor_id=corridor_id))
    people = factsheet.Section(
        t("page_participacion"),
        [
            (t("events"), f"{tot['events']:,}"),
            (t("participants"), fmt.suppress(tot["total"])),
            (t("women"), fmt.percent(tot["women"], tot["total"])),
            (t("with_disability"), fmt.suppress(tot["with_disability"])),
        ],
        note=t("suppressed", n=indicators.SUPPRESS_UNDER),
    )

    ms = data.corridor_milestones()
    done_ms = int((ms["status"] == "finished").sum())
    progress = factsheet.Section(
        t("page_avance"),
        [
            (t("kpi_milestones"), f"{done_ms} / {len(ms)} ({fmt.percent(done_ms, len(ms))})"),
            (t("stuck"), str(int((ms["status"] == "stuck").sum()))),
        ],
    )
    notice: str | None
    transit = data.transit_lines()
    if data.is_mixed():
        real = data.data_sources()
        notice = t("sheet_mixed", sources=", ".join(real.loc[~real["is_sample"], "title"].drop_duplicates()))
    else:
        notice = t("sheet_sample") if data.is_sample() else None
    footer = t("sheet_footer", version=data.version(), date=page.data_end_text(), today=data.today().isoformat())
    return factsheet.Sheet(
        title=str(r["name"]),
        subtitle=t("sheet_subtitle"),
        notice=notice,
        sections=[about, safety, people, progress],
        footer=footer,
        link=link,
        link_caption=t("sheet_link"),
        map_png=_map_png(_map_inputs(r, transit)) if draw_map else None,
        map_caption=t("sheet_map_caption"),
        language=lang(),
    )


def _map_inputs(r: pd.Series, transit: pd.DataFrame) -> tuple[str, str, tuple[str, ...], tuple[tuple[str, str], ...]]:
    """What the sheet's map is drawn from: the corridor's line and status, municipalities, transit lines."""
    return (
        str(r["geojson"]),
        str(r["status"]),
        tuple(data.municipalities()["geojson"].tolist()),
        tuple(zip(transit["geojson"], transit["color"], strict=True)),
    )


def _map_png(inputs: tuple[str, str, tuple[str, ...], tuple[tuple[str, str], ...]]) -> bytes:
    line, status, municipalities, transit = inputs
    return staticmap.corridor_png(line, status, municipalities=list(municipalities), transit=list(transit))


def map_link(corridor_id: str, f: Filters) -> str:
    """Address of the corridor on the map page (same server as this page), for the sheet's QR code."""
    return page.public_link("mapa", filterbar.share_query(f, {"cor": corridor_id}))


def download_button(corridor_id: str, f: Filters, *, link: str | None = None, key: str) -> None:
    """A button that downloads the corridor's one-page PDF fact sheet (its QR code opens ``link``, default the map)."""
    link = link or map_link(corridor_id, f)
    s = sheet(corridor_id, f, link, draw_map=False)  # the text now (cached queries, in the user's language)
    if s is None:
        return
    r = data.corridors(corridor_id=corridor_id).iloc[0]
    inputs = _map_inputs(r, data.transit_lines())

    def pdf() -> bytes:
        """Drawn when the button is pressed, in Streamlit's worker thread (no Streamlit calls here):
        the map, the QR code and the PDF cost ~0.3 s that every page showing a corridor paid on
        every rerun while nobody printed."""
        return factsheet.render(dataclasses.replace(s, map_png=_map_png(inputs)), qr_png=qr.png(link))

    slug = "".join(ch if ch.isalnum() else "-" for ch in str(r["name"]).lower()).strip("-")[:60] or corridor_id
    st.download_button(
        t("sheet_download"),
        pdf,
        file_name=f"ficha-{slug}.pdf",
        mime="application/pdf",
        key=key,
        icon=":material/print:",
        on_click="ignore",  # a download needs no rerun of the page
    )
