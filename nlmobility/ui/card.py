"""The corridor card: what a corridor is, its works, money, documents, crashes, milestones and participation."""

from __future__ import annotations

import dataclasses
from typing import Any

import streamlit as st

from nlmobility import chain, indicators, qr, reference, stats, textsafe
from nlmobility.filters import Filters
from nlmobility.ui import data, embed, filterbar, fmt, mapview, page, safety
from nlmobility.ui.i18n import label, pick, t


def _share(link: str, name: str) -> None:
    """The card's link, its QR code and the code that embeds the map and card in another site."""
    st.caption(t("share_card_help"))
    filterbar.link_text(link)
    page.copy_button(link, label=t("copy_link"), done=t("copied"))
    page.qr_image(qr.png(link), alt=t("share_qr_alt"), caption=t("share_qr"), width=260)  # scannable from a screen
    page.local_link_warning(link)
    st.caption(t("embed_code_help"))
    filterbar.link_text(embed.iframe_code(link, name))  # plain text to copy, as the link above


def corridor_card(corridor_id: str, f: Filters, *, share_link: str | None = None) -> None:
    """The card of one corridor under the map (imported text is always shown as text).

    ``share_link`` (the corridor's address on the map) adds a "Compartir" box under the title: the
    link with a copy button, its QR code and the code that embeds the map.
    """
    df = data.corridors(corridor_id=corridor_id)
    if df.empty:
        page.empty_state()
        return
    r = df.iloc[0]
    st.header(f"{t('card_title')}: {textsafe.label(r['name'])}", anchor=mapview.CARD_ANCHOR)
    if share_link is not None:  # in the page's flow: never cut at a phone's bottom edge as a popover was
        with st.expander(t("share"), icon=":material/share:"):
            _share(share_link, str(r["name"]))
    c1, c2, c3 = st.columns(3)
    c1.metric(t("length"), fmt.km(r["length_m"]))
    c2.metric(t("status"), label("status", r["status"]))
    c3.metric(t("budget"), fmt.money_millions(r["budget_mxn"]))
    if r["status"] == "in_works":
        _works_under_way(r)
    works = f"{fmt.date_text(r['works_start'])} → {fmt.date_text(r['works_end'])}"
    st.markdown(
        f"**{t('municipality')}:** {textsafe.markdown_literal(r['municipality'])} · **{t('works')}:** {works} · "
        f"**{t('opening')}:** {fmt.date_text(r['opening_date'])}"
    )
    if fmt.present(r["description"]):
        st.markdown(textsafe.markdown_literal(r["description"]))  # imported text: shown as text, never Markdown
    if r["approximate"]:
        st.caption(t("approx_line"))
    said_did(r, f)
    exposure = _exposure(corridor_id, f)
    tabs = st.tabs([t("contracts"), t("documents"), t("nearby_crashes"), t("milestones"), t("participation")])
    link = st.column_config.LinkColumn(display_text=t("open_link"))
    with tabs[0]:
        page.table_or_empty(
            data.corridor_contracts(corridor_id),
            column_config={"url": link},
        )
    with tabs[1]:
        page.table_or_empty(data.corridor_documents(corridor_id), column_config={"url": link})
    with tabs[2]:
        crashes = data.corridor_crashes_by_year(corridor_id, float(f.buffer_m))
        if not crashes.empty:
            st.caption(t("kpi_victims", buffer=f.buffer_m, year="").rstrip(", "))
        page.table_or_empty(
            crashes.rename(
                columns={
                    "year": t("period"),
                    "crashes": t("crashes"),
                    "with_victims": t("with_victims"),
                    "fatal": label("sev", "fatal"),
                }
            )
        )
        if exposure is not None:
            st.metric(
                t("exp_ped_rate"),
                fmt.decimal(exposure["pedestrians_rate"]),
                f"{t('ba_ci')}: {fmt.decimal(exposure['pedestrians_rate_low'])}–{fmt.decimal(exposure['pedestrians_rate_high'])}",
                delta_color="off",
                delta_arrow="off",
                help=page.indicator_help("exposure_rate"),
            )
            st.caption(page.exposure_limits(exposure))
        network, windows = data.high_injury_network(cvegeo=None, mode=f.mode)
        if windows:
            window = f"{windows[-1][0]}–{windows[-1][1]}"
            on = stats.corridors_on_network(network, data.corridors(corridor_id=corridor_id), buffer_m=f.buffer_m)
            places = int(on["places"].iloc[0]) if not on.empty else 0
            st.caption(
                t("card_hin_on", n=places, rank=int(on["best_rank"].iloc[0]), window=window)
                if places
                else t("card_hin_off", window=window)
            )
    with tabs[3]:
        ms = data.corridor_milestones()
        ms = ms.assign(status=ms["status"].map(lambda s: label("ms", s)), title=pick(ms, "title"))
        page.table(ms[["seq", "title", "status", "planned_end"]])
    with tabs[4]:
        ev = data.participation_events(Filters.all_time(corridor_id=corridor_id))
        if ev.empty:
            page.empty_state("participation_events")
        else:
            st.metric(
                t("participants"), fmt.count(ev["participants_total"].sum()), help=page.indicator_help("participants")
            )
            page.table(ev[["event_date", "kind", "title", "participants_total"]])
            if exposure is not None and fmt.present(exposure["women_share"]):
                st.caption(
                    t(
                        "card_women_beside",
                        part=fmt.percent(ev["women"].sum(), ev["participants_total"].sum()),
                        walk=fmt.percent(exposure["women"], exposure["pedestrians"]),
                    )
                )


def said_did(r: Any, f: Filters) -> None:
    """'Ustedes dijeron → respondimos → hicimos → qué pasó': the corridor's chain in four boxes, then topic by topic."""
    cid = str(r["corridor_id"])
    said = data.corridor_said(cid)
    ba = (
        safety.evaluated(dataclasses.replace(f, corridor_id=cid, cvegeo=None)).table  # one home: nlmobility.safety
        if fmt.present(r["opening_date"])
        else None
    )
    ch = chain.build(
        r,
        said=said,
        events=data.participation_events(Filters.all_time(corridor_id=cid)),
        contracts=data.corridor_contracts(cid),
        before_after=ba,
    )
    st.subheader(t("chain_title"))
    boxes = st.columns(4)
    with boxes[0].container(border=True):
        st.markdown(f"**{t('chain_said')}**")
        top = ", ".join(
            f"{textsafe.markdown_literal(tp)} ({n})"
            for tp, n in zip(said["topic"].head(3), said["comments"].head(3), strict=True)
        )
        lines = [
            f"{t('chain_comments')}: {fmt.count(ch.said.comments)}",
            f"{t('chain_workshops')}: {fmt.count(ch.said.workshops)} ({t('chain_people', n=fmt.count(ch.said.participants))})",
        ]
        if top:
            lines.append(f"{t('chain_top_topics')}: {top}")
        if ch.said.first:
            lines.append(f"{fmt.date_text(ch.said.first)} → {fmt.date_text(ch.said.last)}")
        st.markdown("  \n".join(lines))
    with boxes[1].container(border=True):
        st.markdown(f"**{t('chain_answered')}**")
        lines = [
            f"{t('chain_replied')}: {fmt.count(ch.answered.replied)} / {fmt.count(ch.answered.comments)}"
            + (f" ({fmt.percent(ch.answered.replied, ch.answered.comments)})" if ch.answered.comments else ""),
            f"{t('chain_reply_days')}: {fmt.decimal(ch.answered.median_days, 0)}",
        ]
        st.markdown("  \n".join(lines))
    with boxes[2].container(border=True):
        st.markdown(f"**{t('chain_did')}**")
        amount = f" ({fmt.money_millions(ch.did.contracted_mxn)})" if ch.did.contracted_mxn is not None else ""
        lines = [
            f"{t('contracts')}: {fmt.count(ch.did.contracts)}{amount}",
            f"{t('chain_works_start')}: {fmt.date_text(ch.did.works_start)}",
            f"{t('opening')}: {fmt.date_text(ch.did.opening)}"
            if ch.did.status != "in_works"
            else f"{t('works_progress')}: {fmt.progress(ch.did.progress_pct)}",
        ]
        ms = data.corridor_milestones()
        kinds = {seq: kind for kind, seq in reference.CORRIDOR_EVIDENCE.items()}
        ev = ms[ms["seq"].isin(list(kinds))]
        for seq, status in zip(ev["seq"].astype(int).tolist(), ev["status"].astype(str).tolist(), strict=True):
            lines.append(
                f"{t('chain_milestone', seq=seq, what=t('plan_ev_' + kinds[seq]).lower())}: {label('ms', status)}"
            )
        st.markdown("  \n".join(lines))
    with boxes[3].container(border=True):
        st.markdown(f"**{t('chain_happened')}**")
        st.markdown(_happened(ch.happened, f))
    st.caption(t("chain_note", before=fmt.count(ch.said.before_works)))
    if not said.empty:
        with st.expander(t("chain_topics")):
            page.table(
                said[
                    [
                        "topic",
                        "comments",
                        "before_works",
                        "replied",
                        "median_reply_days",
                        "latest_reply",
                        "latest_reply_by",
                    ]
                ].rename(
                    columns={
                        "topic": t("topic"),
                        "comments": t("chain_comments"),
                        "before_works": t("chain_before_works"),
                        "replied": t("chain_replied"),
                        "median_reply_days": t("chain_reply_days"),
                        "latest_reply": t("chain_latest_reply"),
                        "latest_reply_by": t("chain_latest_reply_by"),
                    }
                )
            )


def _happened(h: chain.Happened, f: Filters) -> str:
    """The before/after lines of the chain, or why there are none yet."""
    if h.state == "not_open":
        return t("chain_not_open", months=indicators.BEFORE_AFTER_MONTHS)
    if h.state == "waiting":
        return t("chain_waiting", months=indicators.BEFORE_AFTER_MONTHS, before=fmt.count(h.n_before))
    what = t("chain_crashes", severity=label("sev", f.severity).lower(), buffer=f.buffer_m)
    lines = [
        what,
        f"{t('chain_before', months=indicators.BEFORE_AFTER_MONTHS)}: {fmt.count(h.n_before)}",
        f"{t('chain_after', months=indicators.BEFORE_AFTER_MONTHS)}: {fmt.count(h.n_after)}",
    ]
    if stats.too_few(int(h.n_before or 0), int(h.n_after or 0)):
        lines.append(t("too_few"))
    else:
        lines.append(
            f"{t('ba_change')}: {fmt.signed_pct(h.change)} ({t('ba_ci')}: {fmt.pct_range(h.change_low, h.change_high)})"
        )
    return "  \n".join(lines)


def _works_under_way(r: Any) -> None:
    """Works under way: when they should end and how far they are ("—" where not published)."""
    w1, w2, _ = st.columns(3)
    w1.metric(t("works_planned_end"), fmt.date_text(r["works_end"]))
    w2.metric(t("works_progress"), fmt.progress(r["progress_pct"]), help=t("works_progress_help"))


def _exposure(corridor_id: str, f: Filters) -> dict[str, Any] | None:
    """The corridor's counts of people and crash rates per passage over the whole years of the period, if counted."""
    years = stats.whole_years(data.crash_coverage(), f.cvegeo, f.year_from, f.year_to)
    df = data.corridor_exposure(buffer_m=f.buffer_m, years=years, corridor_id=corridor_id)
    return None if df.empty else {str(k): v for k, v in df.iloc[0].to_dict().items()}
