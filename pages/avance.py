"""Avance del compromiso: milestones per commitment, Gantt, % finished, overdue/stuck, history."""

import altair as alt
import pandas as pd
import streamlit as st

from nlmobility import textsafe
from nlmobility.ui import data, views, widgets
from nlmobility.ui.i18n import label, lang, t

widgets.current()
widgets.page_header("page_avance")
as_of = data.today()
st.caption(t("as_of", date=as_of.isoformat()))

coms = data.q("commitments", as_of)
if coms.empty:
    widgets.empty_state()
    st.stop()
title_col = "title_es" if lang() == "es" else "title_en"
cid = st.selectbox(t("commitment"), coms["commitment_id"].tolist(), key="avance_commitment",
                   format_func=dict(zip(coms["commitment_id"], coms["commitment_id"] + " · " + coms[title_col], strict=True)).get)
c = coms[coms["commitment_id"] == cid].iloc[0]
st.caption(f"{c['institutions']} · {views.iso(c['starts_on'])} → {views.iso(c['ends_on'])}")
ms = data.q("milestones", cid, as_of)
if ms.empty:
    widgets.empty_state()
    st.stop()
if ms["sample_status"].any():
    st.warning(t("sample_status"), icon=":material/info:")

k1, k2, k3 = st.columns(3)
k1.metric(t("pct_finished"), f"{views.pct(c['finished'], c['milestones']):.0f} %", f"{c['finished']} / {c['milestones']}", delta_color="off", delta_arrow="off",
          help=widgets.indicator_help("milestones_finished"))
k2.metric(t("overdue"), int(c["overdue"]), help=widgets.indicator_help("milestones_overdue"))
k3.metric(t("stuck"), int(c["stuck"]))

ms = ms.assign(title=ms[title_col], estado=ms["status"].map(lambda s: label("ms", s)))
st.header(t("gantt"))
planned = ms[["seq", "title", "estado", "planned_start", "planned_end"]].rename(columns={"planned_start": "start", "planned_end": "end"}).assign(kind=t("planned"))
actual = ms[["seq", "title", "estado", "actual_start", "actual_end"]].rename(columns={"actual_start": "start", "actual_end": "end"})
# Open bars: still running (in progress, stuck) end today; incomplete ones end when they were closed.
open_end = ms["status_since"].where(ms["status"] == "incomplete", pd.Timestamp(as_of))
actual = actual.assign(end=actual["end"].fillna(open_end), kind=t("actual")).dropna(subset=["start"])
gantt_df = pd.concat([planned, actual], ignore_index=True)
gantt_df["label"] = gantt_df["seq"].astype(str) + ". " + gantt_df["title"].str.slice(0, 48)
status_scale = alt.Scale(domain=[label("ms", s) for s in ("not_started", "in_progress", "stuck", "finished", "incomplete")],
                         range=["#999999", "#56B4E9", "#D55E00", "#009E73", "#E69F00"])
chart = alt.Chart(gantt_df).mark_bar(height=7).encode(
    x=alt.X("start:T", title=None, axis=alt.Axis(format="%Y-%m")), x2="end:T", y=alt.Y("label:N", sort=alt.SortField("seq"), title=None),
    yOffset=alt.YOffset("kind:N"), color=alt.Color("estado:N", scale=status_scale, title=t("status")),
    opacity=alt.Opacity("kind:N", scale=alt.Scale(domain=[t("planned"), t("actual")], range=[0.35, 1.0]), title=None),
    tooltip=["label", "kind", "estado", "start:T", "end:T"]).properties(height=max(220, 26 * len(ms)))
st.altair_chart(chart, width="stretch")

st.header(t("overdue_stuck"))
late = ms[ms["overdue"] | (ms["status"] == "stuck")]
if late.empty:
    widgets.empty_state()
else:
    widgets.table(late[["seq", "title", "estado", "planned_end", "days_in_status", "stuck_reason", "responsible"]].rename(columns={
        "title": t("title"), "estado": t("status"), "planned_end": t("planned"), "days_in_status": t("days_in_status"),
        "stuck_reason": t("stuck_reason"), "responsible": t("responsible")}))
widgets.indicator_link("days_in_status")

st.header(t("milestones"))
widgets.table(ms[["seq", "title", "estado", "planned_start", "planned_end", "actual_start", "actual_end", "days_in_status", "responsible", "evidence_url"]].rename(
    columns={"title": t("title"), "estado": t("status"), "days_in_status": t("days_in_status"), "responsible": t("responsible"), "evidence_url": t("evidence")}),
    column_config={t("evidence"): st.column_config.LinkColumn(display_text=t("open_link"))})

with st.expander(t("history")):
    h = data.q("milestone_history", cid)
    h = h.assign(title=h[title_col], status=h["status"].map(lambda s: label("ms", s)), note=h["note"].map(textsafe.markdown_literal))
    widgets.table(h[["changed_on", "seq", "title", "status", "note"]])
