"""Avance's view of the whole action plan: the overview of the 8 commitments, one commitment's facts and its corridors."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from nlmobility import digest, plan, reference, textsafe
from nlmobility.ui import data, fmt, page
from nlmobility.ui.i18n import label, lang, t


def overview(coms: pd.DataFrame) -> None:
    """Every commitment in one table: milestones known, % finished (a bar), overdue, stuck; unknown shown as —."""
    st.header(t("plan_overview"))
    ov = plan.overview(coms, lang())
    listed = int(ov["milestones"].notna().sum())
    st.caption(t("plan_overview_caption", n=len(ov), listed=listed))
    shown = ov[
        ["commitment", "finished_pct", "milestones", "overdue", "stuck", "level", "inception", "eoc_url"]
    ].rename(
        columns={
            "commitment": t("commitment"),
            "level": t("plan_level"),
            "milestones": t("milestones"),
            "finished_pct": t("pct_finished"),
            "overdue": t("overdue"),
            "stuck": t("stuck"),
            "inception": t("plan_inception"),
            "eoc_url": t("plan_eoc"),
        }
    )
    if page.on_phone():
        shown[t("pct_finished")] = ov["finished_pct"].map(lambda v: fmt.MISSING if pd.isna(v) else f"{v:.0f} %")
    page.table(
        shown,
        column_config={
            t("commitment"): st.column_config.TextColumn(width=420),
            t("pct_finished"): st.column_config.ProgressColumn(min_value=0, max_value=100, format="%.0f %%", width=130),
            t("milestones"): st.column_config.TextColumn(width=60),
            t("overdue"): st.column_config.TextColumn(width=75),
            t("stuck"): st.column_config.TextColumn(width=75),
            t("plan_eoc"): st.column_config.LinkColumn(display_text=t("open_link")),
        },
    )


def details(c: pd.Series) -> None:
    """One commitment's published facts; 'no publicado' where a fact was not found."""
    lg = lang()
    lines = [
        f"**{t('plan_level')}:** {textsafe.markdown_literal(plan.scope_text(c, lg))}",
        f"**{t('plan_institutions')}:** {textsafe.markdown_literal(plan.or_unknown(c['institutions'], lg))}",
        f"**{t('plan_period')}:** {fmt.date_text(c['starts_on'])} → {fmt.date_text(c['ends_on'])}",
        f"**{t('plan_promises')}:** {textsafe.markdown_literal(plan.or_unknown(c[f'summary_{lg}'], lg))}",
        f"**{t('plan_inception')}:** {textsafe.markdown_literal(plan.or_unknown(c[f'inception_{lg}'], lg))}",
    ]
    st.markdown("  \n".join(lines))
    cols = st.columns(2)
    if fmt.present(c["url"]):
        cols[0].link_button(t("plan_ogp_page"), str(c["url"]), icon=":material/open_in_new:")
    if fmt.present(c["eoc_url"]):
        cols[1].link_button(t("plan_eoc"), str(c["eoc_url"]), icon=":material/description:")
        st.caption(t("plan_eoc_note"))


def corridors(ms: pd.DataFrame) -> None:
    """The Green Corridors commitment's corridors with the evidence each gives its milestones, linked to their cards."""
    st.header(t("plan_corridors"))
    titles = {int(r["seq"]): str(r["title"]) for _, r in ms.iterrows()}
    ev = reference.CORRIDOR_EVIDENCE

    def head(kind: str) -> str:
        seq = ev[kind]
        return t("plan_evidence_col", what=t(f"plan_ev_{kind}"), seq=seq) if seq in titles else t(f"plan_ev_{kind}")

    st.caption(
        t(
            "plan_corridors_caption",
            milestones="; ".join(
                f"{seq}: {textsafe.markdown_literal(titles[seq])}" for seq in sorted(set(ev.values())) if seq in titles
            ),
        )
    )
    cc = data.commitment_corridors()
    if cc.empty:
        page.empty_state("corridors")
        return
    shown = pd.DataFrame(
        {
            t("corridor"): cc["name"],
            t("municipality"): cc["municipality"],
            t("status"): cc["status"].map(lambda s: label("status", s)),
            t("works_progress"): cc["progress_pct"].map(fmt.progress),
            head("documents"): cc["documents"],
            head("contracts"): cc["contracts"],
            head("events"): cc["events"],
            t("plan_replied"): [
                t("plan_replied_of", replied=int(r), total=int(n))
                for r, n in zip(cc["replied"], cc["comments"], strict=True)
            ],
            t("plan_card"): [page.public_link("mapa", f"cor={cid}") for cid in cc["corridor_id"]],
        }
    )
    page.table(shown, column_config={t("plan_card"): st.column_config.LinkColumn(display_text=t("open_link"))})


def pick_commitment(coms: pd.DataFrame) -> Any:
    """The commitment chosen in the selector (Green Corridors first)."""
    labels = {str(r["commitment_id"]): textsafe.display(plan.label(r, lang())) for _, r in coms.iterrows()}
    return st.selectbox(t("commitment"), list(labels), key="avance_commitment", format_func=labels.__getitem__)


def digest_panel(coms: pd.DataFrame, as_of: Any) -> None:
    """'Resumen para el foro': the last and next forum sessions (editable), the commitments, the format, a download."""
    last, nxt = digest.forum_dates(as_of)
    with st.expander(t("digest_title"), icon=":material/groups:"):
        st.caption(t("digest_caption"))
        c1, c2 = st.columns(2)
        since = c1.date_input(t("digest_since"), value=last, max_value=as_of, key="digest_since", format="YYYY-MM-DD")
        nxt_in = c2.date_input(t("digest_next"), value=nxt, min_value=as_of, key="digest_next", format="YYYY-MM-DD")
        listed = coms[coms["milestones"] > 0]
        labels = {str(r["commitment_id"]): textsafe.display(plan.label(r, lang())) for _, r in listed.iterrows()}
        chosen = st.multiselect(
            t("digest_commitments"),
            list(labels),
            default=list(labels),
            format_func=labels.__getitem__,
            key="digest_coms",
        )
        kind = st.radio(
            t("digest_format"),
            ["pdf", "md", "html"],
            format_func={"pdf": "PDF", "md": "Markdown", "html": "HTML"}.__getitem__,
            horizontal=True,
            key="digest_format",
        )
        if not chosen:
            st.info(t("digest_none_chosen"), icon=":material/info:")
            return
        body, name = data.forum_digest(
            as_of=as_of, since=since, next_meeting=nxt_in, commitments=tuple(chosen), lang=lang(), fmt=kind
        )
        mime = {"pdf": "application/pdf", "md": "text/markdown", "html": "text/html"}[kind]
        st.download_button(
            t("digest_download"), body, file_name=name, mime=mime, icon=":material/download:", key="digest_download"
        )
