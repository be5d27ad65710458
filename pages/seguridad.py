"""Seguridad vial: before/after per corridor, trends, hour x weekday, severity/mode, municipalities."""

import altair as alt
import pandas as pd
import streamlit as st

from nlmobility import indicators, queries
from nlmobility.ui import data, views, widgets
from nlmobility.ui.i18n import label, t

f = widgets.current()
widgets.page_header("page_seguridad")

st.header(t("ba_title"))
months = st.select_slider(t("ba_months"), options=[6, 12, 18, 24], value=indicators.BEFORE_AFTER_MONTHS, key="ba_months")
st.caption(t("ba_intro", buffer=f.buffer_m, months=months) + f" · {t('severity')}: {label('sev', f.severity)} · {t('mode')}: {label('mode', f.mode)}")
ba = data.q("before_after", f, months=int(months), data_end=data.data_date())
if ba.empty:
    widgets.empty_state()
else:
    complete = ba[ba["after_complete"]]
    if not complete.empty:
        nb, na = int(complete["n_before"].sum()), int(complete["n_after"].sum())
        low, high, adjusted = (float(x.iloc[0]) for x in queries.change_uncertainty(
            [nb], [na], [int(complete["metro_before"].sum())], [int(complete["metro_after"].sum())]))
        st.markdown(f"**{t('ba_total')}**")
        c1, c2, c3, c4 = st.columns(4)
        c1.metric(t("ba_before"), f"{nb:,}", help=widgets.indicator_help("before_after"))
        c2.metric(t("ba_after"), f"{na:,}", help=widgets.indicator_help("before_after"))
        c3.metric(t("ba_change"), views.signed_pct((na - nb) / nb if nb else None), f"{t('ba_ci')}: {views.pct_range(low, high)}",
                  delta_color="off", delta_arrow="off", help=widgets.indicator_help("before_after"))
        c4.metric(t("ba_adjusted_short"), views.signed_pct(adjusted), help=t("ba_adjusted_help"))
        monthly_all = data.q("crash_monthly", f.__class__(year_from=f.year_from, year_to=f.year_to, severity="all"))
        yearly = monthly_all.assign(y=pd.to_datetime(monthly_all["month"]).dt.year).groupby("y")["crashes"].sum()
        if len(yearly) >= 2 and yearly.iloc[0] > 0:
            growth = (yearly.iloc[-1] / yearly.iloc[0]) ** (1 / (len(yearly) - 1)) - 1
            st.caption(t("ba_metro", pct=100 * growth))
    small = ba[(ba["n_before"] < indicators.SMALL_COUNT) | (ba["after_complete"] & (ba["n_after"] < indicators.SMALL_COUNT))]
    table = pd.DataFrame({
        t("corridor"): ba["name"],
        t("opening"): ba["opening_date"].astype(str),
        t("ba_before"): ba["n_before"],
        t("ba_after"): ba["n_after"].where(ba["after_complete"]),
        t("ba_rate_before"): ba["rate_before"].round(1),
        t("ba_rate_after"): ba["rate_after"].round(1),
        t("ba_change"): ba["change"].map(views.signed_pct),
        t("ba_ci"): [views.pct_range(lo, hi) for lo, hi in zip(ba["change_low"], ba["change_high"], strict=True)],
        t("ba_adjusted_short"): ba["change_adjusted"].map(views.signed_pct),
    })
    widgets.table(table)
    st.caption(t("ba_ci_note"))
    if not small.empty:
        st.warning(t("ba_small", n=indicators.SMALL_COUNT) + " · " + ", ".join(small["name"]), icon=":material/warning:")
    if (~ba["after_complete"]).any():
        st.caption(t("ba_incomplete", months=months) + " · " + ", ".join(ba.loc[~ba["after_complete"], "name"]))
widgets.indicator_link("before_after")

st.header(t("trend_title"))
monthly = data.q("crash_monthly", f)
if monthly.empty:
    widgets.empty_state()
else:
    # With the severity filter on, both series are the same crashes: show one line, named by the filter.
    series = ["crashes", "with_victims"] if f.severity == "all" else ["crashes"]
    long = monthly.melt("month", series, var_name="serie", value_name="n")
    long["serie"] = long["serie"].map({"crashes": t("crashes") if f.severity == "all" else f"{t('crashes')} · {label('sev', f.severity)}",
                                       "with_victims": t("with_victims")})
    chart = alt.Chart(long).mark_line().encode(
        x=alt.X("month:T", title=t("month"), axis=alt.Axis(format="%Y-%m")), y=alt.Y("n:Q", title=t("crashes")),
        color=alt.Color("serie:N", scale=alt.Scale(range=["#0072B2", "#D55E00"]), title=None), tooltip=["month:T", "serie:N", "n:Q"])
    st.altair_chart(chart, width="stretch")
widgets.indicator_link("crash_trend")

col1, col2 = st.columns(2)
with col1:
    st.header(t("hw_title"))
    hw = data.q("crash_hour_weekday", f)
    if hw.empty:
        widgets.empty_state()
    else:
        days = t("weekdays").split(",")
        hw = hw.assign(day=hw["weekday"].map(lambda d: days[int(d) - 1]))
        heat = alt.Chart(hw).mark_rect().encode(
            x=alt.X("hour:O", title=t("hour")), y=alt.Y("day:N", sort=days, title=t("weekday")),
            color=alt.Color("crashes:Q", scale=alt.Scale(scheme="viridis"), title=t("crashes")), tooltip=["day", "hour", "crashes"])
        st.altair_chart(heat, width="stretch")
    widgets.indicator_link("hour_weekday")
with col2:
    st.header(t("sevmode_title"))
    sm = data.q("crash_by_severity_mode", f)
    if sm.empty:
        widgets.empty_state()
    else:
        sm = sm.assign(severity=sm["severity"].map(lambda s: label("sev", s)))
        widgets.table(sm.rename(columns={"severity": t("severity"), "crashes": t("crashes"), "pedestrian": label("mode", "pedestrian"),
                                        "cyclist": label("mode", "cyclist"), "motorcyclist": label("mode", "motorcyclist"),
                                        "killed": t("killed"), "injured": t("injured")}))

st.header(t("mun_title"))
mun = data.q("crash_by_municipality", f)
if mun.empty or mun["crashes"].sum() == 0:
    widgets.empty_state()
else:
    views.bar(mun.assign(rate=mun["per_100k_year"].round(0)), "name", "rate", x_title=t("municipality"), y_title=t("per_100k"), horizontal=True)
widgets.indicator_link("crash_rate_municipality")

st.header(t("hot_title"))
hot = data.q("crash_hotspots", f, cell_m=200.0, limit=10)
if hot.empty:
    widgets.empty_state()
else:
    st.caption(t("hot_intro", severity=label("sev", f.severity), mode=label("mode", f.mode), years=f"{f.year_from}–{f.year_to}"))
    widgets.table(hot.assign(corridor_distance_m=hot["corridor_distance_m"].round(0))[
        ["rank", "municipality", "crashes", "fatal", "pedestrian", "corridor", "corridor_distance_m"]].rename(columns={
            "rank": "#", "municipality": t("municipality"), "crashes": t("crashes"), "fatal": label("sev", "fatal"),
            "pedestrian": label("mode", "pedestrian"), "corridor": t("hot_corridor"), "corridor_distance_m": t("distance_m")}))
    views.hotspot_map(hot, f, key="hot_map")
widgets.indicator_link("crash_hotspots")
