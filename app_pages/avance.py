"""Avance del compromiso: milestones per commitment, Gantt, % finished, overdue/stuck, history."""

import streamlit as st

from nlmobility import stats, textsafe
from nlmobility.ui import charts, data, fmt, page, plan_views
from nlmobility.ui.i18n import label, pick, t

page.header("page_avance")
as_of = data.today()
st.caption(t("as_of", date=as_of.isoformat()))

coms = data.commitments(as_of)
if coms.empty:
    page.empty_state("milestones")
    st.stop()
plan_views.overview(coms)
plan_views.digest_panel(coms, as_of)

st.header(t("plan_detail"))
cid = plan_views.pick_commitment(coms)
c = coms[coms["commitment_id"] == cid].iloc[0]
plan_views.details(c)
ms = data.milestones(cid, as_of)
if ms.empty:
    st.info(t("plan_no_milestones"), icon=":material/help:")
    st.stop()
if ms["sample_status"].any():
    st.warning(t("sample_status"), icon=":material/info:")

k1, k2, k3 = st.columns(3)
known = int(c["milestones"]) - int(c["unknown"])  # a milestone of unknown status is neither done nor late
k1.metric(
    t("pct_finished"),
    fmt.percent(c["finished"], known),
    f"{c['finished']} / {known}" if known else None,
    delta_color="off",
    delta_arrow="off",
    help=page.indicator_help("milestones_finished"),
)
if known:
    k2.metric(t("overdue"), int(c["overdue"]), help=page.indicator_help("milestones_overdue"))
    k3.metric(t("stuck"), int(c["stuck"]))
else:  # no recorded status: no data, never 0 overdue
    k2.metric(**page.no_data_metric(t("overdue"), "milestones", "milestones_overdue"))
    k3.metric(**page.no_data_metric(t("stuck"), "milestones", "days_in_status"))
if int(c["unknown"]):
    st.info(t("ms_unknown_note", n=int(c["unknown"]), total=int(c["milestones"])), icon=":material/help:")

ms = ms.assign(title=pick(ms, "title").map(textsafe.display), estado=ms["status"].map(lambda s: label("ms", s)))
st.header(t("gantt"))
gantt_df = stats.gantt_rows(ms, as_of=as_of, planned=t("planned"), actual=t("actual"))
status_scale = {
    "domain": [label("ms", s) for s in ("not_started", "in_progress", "stuck", "finished", "incomplete", "unknown")],
    "range": ["#999999", "#56B4E9", "#D55E00", "#009E73", "#E69F00", "#DDDDDD"],
}
charts.show(
    gantt_df,
    {"type": "bar", "height": 7},
    {
        "x": charts.field("start", "T", None, axis={"format": "%Y-%m"}),
        "x2": {"field": "end"},
        "y": charts.field("label", "N", None, sort={"field": "seq"}),
        "yOffset": {"field": "kind", "type": "nominal"},
        "color": charts.field("estado", "N", t("status"), scale=status_scale),
        "opacity": charts.field("kind", "N", None, scale={"domain": [t("planned"), t("actual")], "range": [0.35, 1.0]}),
        "tooltip": [
            charts.tip("label", "N"),
            charts.tip("kind", "N"),
            charts.tip("estado", "N"),
            charts.tip("start", "T"),
            charts.tip("end", "T"),
        ],
    },
    height=max(220, 26 * len(ms)),
)

st.header(t("overdue_stuck"))
late = ms[ms["overdue"] | (ms["status"] == "stuck")]
if not known:
    st.info(t("ms_no_status"), icon=":material/upload_file:")
elif late.empty:
    page.empty_state()
else:
    page.table(
        late[["seq", "title", "estado", "planned_end", "days_in_status", "stuck_reason", "responsible"]].rename(
            columns={
                "title": t("title"),
                "estado": t("status"),
                "planned_end": t("planned"),
                "days_in_status": t("days_in_status"),
                "stuck_reason": t("stuck_reason"),
                "responsible": t("responsible"),
            }
        )
    )
page.indicator_link("days_in_status")

st.header(t("milestones"))
page.table(
    ms[
        [
            "seq",
            "title",
            "estado",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "days_in_status",
            "responsible",
            "evidence_url",
        ]
    ].rename(
        columns={
            "title": t("title"),
            "estado": t("status"),
            "days_in_status": t("days_in_status"),
            "responsible": t("responsible"),
            "evidence_url": t("evidence"),
        }
    ),
    column_config={t("evidence"): st.column_config.LinkColumn(display_text=t("open_link"))},
)

if cid == "MXMTY0005":  # the commitment this dashboard serves: its corridors, linked to their cards
    plan_views.corridors(ms)

with st.expander(t("history")):
    h = data.milestone_history(cid)
    h = h.assign(
        title=pick(h, "title"),
        status=h["status"].map(lambda s: label("ms", s)),
        note=h["note"],  # a table cell is plain text already: no Markdown escaping
    )
    page.table(h[["changed_on", "seq", "title", "status", "note"]])
