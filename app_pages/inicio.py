"""Inicio: headline figures, a still map of the corridors (the interactive one is on Mapa), the data date and the
sample-data notice."""

import streamlit as st

from nlmobility import indicators, stats
from nlmobility.ui import data, filterbar, fmt, mapview, page, safety
from nlmobility.ui.i18n import t

f = filterbar.current()
page.header("app_title")
st.caption(t("app_subtitle"))
if data.corridors().empty:
    page.empty_state("corridors")
st.write(t("inicio_intro"))

end = data.data_date()
window = stats.year_to_date(data.crash_coverage(), f.cvegeo, end)
year = end.year if end else data.today().year
k = data.inicio_kpis(
    cvegeo=f.cvegeo,
    buffer_m=float(f.buffer_m),
    data_year=year,
    day_from=window[0] if window else None,
    day_to=window[1] if window else None,
)
c1, c2, c3 = st.columns(3)
c4, c5, _ = st.columns(3)
have = data.table_counts()
if have.get("corridor", 0):
    c1.metric(
        t("kpi_km"),
        f"{k['km_finished']:.1f} km",
        t("kpi_km_delta", goal=indicators.KM_GOAL, pct=stats.share_pct(k["km_finished"], indicators.KM_GOAL)),
        delta_color="off",
        delta_arrow="off",
        help=page.indicator_help("km_finished"),
    )
    c2.metric(
        t("kpi_status"),
        f"{k['n_finished'] + k['n_in_works'] + k['n_planned']}",
        t("kpi_status_detail", finished=k["n_finished"], works=k["n_in_works"], planned=k["n_planned"]),
        delta_color="off",
        delta_arrow="off",
        help=page.indicator_help("corridors_by_status"),
    )
else:
    c1.metric(**page.no_data_metric(t("kpi_km"), "corridors", "km_finished"))
    c2.metric(**page.no_data_metric(t("kpi_status"), "corridors", "corridors_by_status"))
c3.metric(**page.victims_near_metric(k, window, year=year, buffer_m=f.buffer_m))
if have.get("participation_event", 0):
    c4.metric(
        t("kpi_participants"),
        f"{k['participants']:,}",
        t("kpi_participants_detail", events=k["events"]),
        delta_color="off",
        delta_arrow="off",
        help=page.indicator_help("participants"),
    )
else:
    c4.metric(**page.no_data_metric(t("kpi_participants"), "participation_events", "participants"))
if k["milestones_total"]:
    c5.metric(
        t("kpi_milestones"),
        f"{k['milestones_finished']} / {k['milestones_total']}",
        fmt.percent(k["milestones_finished"], k["milestones_total"]),
        delta_color="off",
        delta_arrow="off",
        help=page.indicator_help("milestones_finished"),
    )
else:
    c5.metric(**page.no_data_metric(t("kpi_milestones"), "milestones", "milestones_finished"))

safety.answer_line(f)  # did the corridors work? one sentence with its interval (nlmobility.safety)
st.caption(t("coverage", spans=page.coverage_text(data.crash_coverage(), f.cvegeo)))

st.header(t("small_map"))
mapview.legend()
mapview.overview(f)
page.indicator_link("km_finished")
