"""Seguridad vial: before/after per corridor, trends, hour x weekday, severity/mode, municipalities."""

import altair as alt
import pandas as pd
import streamlit as st

from nlmobility import indicators, stats, textsafe
from nlmobility.filters import Filters
from nlmobility.ui import data, filterbar, fmt, mapview, page
from nlmobility.ui.i18n import label, t

f = filterbar.current()
page.header("page_seguridad")
unknown = stats.unknown_severity(data.crash_by_severity_mode(f))
if unknown and f.severity != "all":
    st.warning(t("sev_unknown_note", n=fmt.count(unknown), severity=label("sev", f.severity)), icon=":material/help:")
coverage = data.crash_coverage()
st.caption(t("coverage", spans=page.coverage_text(coverage, f.cvegeo)))
partial = stats.partial_years(coverage, f.year_from or 0, f.year_to or 0, f.cvegeo)
if partial:
    st.warning(t("partial_years", years=", ".join(str(y) for y in partial)), icon=":material/date_range:")

st.header(t("ba_title"))
months = st.select_slider(
    t("ba_months"), options=[6, 12, 18, 24], value=indicators.BEFORE_AFTER_MONTHS, key="ba_months"
)
st.caption(
    t("ba_intro", buffer=f.buffer_m, months=months)
    + f" · {t('severity')}: {label('sev', f.severity)} · {t('mode')}: {label('mode', f.mode)}"
)
ba = data.before_after(f, months=int(months), data_end=data.data_date())
if ba.empty:
    page.empty_state("corridors" if data.corridors().empty else "crashes")
else:
    complete = ba[ba["after_complete"]]
    if not complete.empty:
        nb, na = int(complete["n_before"].sum()), int(complete["n_after"].sum())
        total = stats.total_change(nb, na, int(complete["metro_before"].sum()), int(complete["metro_after"].sum()))
        st.markdown(f"**{t('ba_total')}**")
        c1, c2, c3, c4 = st.columns(4)
        c1.metric(t("ba_before"), fmt.count(nb), help=page.indicator_help("before_after"))
        c2.metric(t("ba_after"), fmt.count(na), help=page.indicator_help("before_after"))
        c3.metric(
            t("ba_change"),
            fmt.signed_pct(total["change"]),
            f"{t('ba_ci')}: {fmt.pct_range(total['low'], total['high'])}",
            delta_color="off",
            delta_arrow="off",
            help=page.indicator_help("before_after"),
        )
        c4.metric(t("ba_adjusted_short"), fmt.signed_pct(total["adjusted"]), help=t("ba_adjusted_help"))
        every = data.crash_monthly(Filters(year_from=f.year_from, year_to=f.year_to, severity="all"))
        growth = stats.annual_growth(every, leave_out=partial)  # partial years are never compared with whole ones
        if growth is not None:
            st.caption(t("ba_metro", pct=100 * growth))
    small = ba[
        (ba["n_before"] < indicators.SMALL_COUNT) | (ba["after_complete"] & (ba["n_after"] < indicators.SMALL_COUNT))
    ]
    table = pd.DataFrame(
        {
            t("corridor"): ba["name"],
            t("opening"): ba["opening_date"].astype(str),
            t("ba_before"): ba["n_before"],
            t("ba_after"): ba["n_after"].where(ba["after_complete"]),
            t("ba_rate_before"): ba["rate_before"].round(1),
            t("ba_rate_after"): ba["rate_after"].round(1),
            t("ba_change"): ba["change"].map(fmt.signed_pct),
            t("ba_ci"): [fmt.pct_range(lo, hi) for lo, hi in zip(ba["change_low"], ba["change_high"], strict=True)],
            t("ba_adjusted_short"): ba["change_adjusted"].map(fmt.signed_pct),
        }
    )
    page.table(table)
    st.caption(t("ba_ci_note"))
    if not small.empty:
        st.warning(
            t("ba_small", n=indicators.SMALL_COUNT) + " · " + ", ".join(small["name"].map(textsafe.markdown_literal)),
            icon=":material/warning:",
        )
    if (~ba["after_complete"]).any():
        st.caption(
            t("ba_incomplete", months=months)
            + " · "
            + ", ".join(ba.loc[~ba["after_complete"], "name"].map(textsafe.markdown_literal))
        )
page.indicator_link("before_after")

st.header(t("trend_title"))
monthly = data.crash_monthly(f)
if monthly.empty:
    page.empty_state("crashes")
else:
    # With the severity filter on, both series are the same crashes: show one line, named by the filter.
    series = ["crashes", "with_victims"] if f.severity == "all" else ["crashes"]
    long = monthly.melt("month", series, var_name="serie", value_name="n")
    long["serie"] = long["serie"].map(
        {
            "crashes": t("crashes") if f.severity == "all" else f"{t('crashes')} · {label('sev', f.severity)}",
            "with_victims": t("with_victims"),
        }
    )
    chart = (
        alt.Chart(long)
        .mark_line()
        .encode(
            x=alt.X("month:T", title=t("month"), axis=alt.Axis(format="%Y-%m")),
            y=alt.Y("n:Q", title=t("crashes")),
            color=alt.Color("serie:N", scale=alt.Scale(range=["#0072B2", "#D55E00"]), title=None),
            tooltip=["month:T", "serie:N", "n:Q"],
        )
    )
    st.altair_chart(chart, width="stretch")
page.indicator_link("crash_trend")

col1, col2 = st.columns(2)
with col1:
    st.header(t("hw_title"))
    hw = data.crash_hour_weekday(f)
    if hw.empty:
        page.empty_state("crashes")
    else:
        days = t("weekdays").split(",")
        hw = hw.assign(day=hw["weekday"].map(lambda d: days[int(d) - 1]))
        heat = (
            alt.Chart(hw)
            .mark_rect()
            .encode(
                x=alt.X("hour:O", title=t("hour")),
                y=alt.Y("day:N", sort=days, title=t("weekday")),
                color=alt.Color("crashes:Q", scale=alt.Scale(scheme="viridis"), title=t("crashes")),
                tooltip=["day", "hour", "crashes"],
            )
        )
        st.altair_chart(heat, width="stretch")
    page.indicator_link("hour_weekday")
with col2:
    st.header(t("sevmode_title"))
    sm = data.crash_by_severity_mode(f)
    if sm.empty:
        page.empty_state("crashes")
    else:
        sm = sm.assign(severity=sm["severity"].map(lambda s: label("sev", s)))
        page.table(
            sm.rename(
                columns={
                    "severity": t("severity"),
                    "crashes": t("crashes"),
                    "pedestrian": label("mode", "pedestrian"),
                    "cyclist": label("mode", "cyclist"),
                    "motorcyclist": label("mode", "motorcyclist"),
                    "killed": t("killed"),
                    "injured": t("injured"),
                }
            )
        )

st.header(t("mun_title"))
mun = data.crash_by_municipality(f)
if mun.empty or mun["crashes"].sum() == 0:
    page.empty_state("crashes")
else:
    page.bar(
        mun.assign(rate=mun["per_100k_year"].round(0)),
        "name",
        "rate",
        x_title=t("municipality"),
        y_title=t("per_100k"),
        horizontal=True,
    )
page.indicator_link("crash_rate_municipality")

st.header(t("hot_title"))
hot = data.crash_hotspots(f, cell_m=200.0, limit=10)
if hot.empty:
    page.empty_state("crashes")
else:
    st.caption(
        t(
            "hot_intro",
            severity=label("sev", f.severity),
            mode=label("mode", f.mode),
            years=f"{f.year_from}–{f.year_to}",
        )
    )
    page.table(
        hot.assign(corridor_distance_m=hot["corridor_distance_m"].round(0))[
            ["rank", "municipality", "crashes", "fatal", "pedestrian", "corridor", "corridor_distance_m"]
        ].rename(
            columns={
                "rank": "#",
                "municipality": t("municipality"),
                "crashes": t("crashes"),
                "fatal": label("sev", "fatal"),
                "pedestrian": label("mode", "pedestrian"),
                "corridor": t("hot_corridor"),
                "corridor_distance_m": t("distance_m"),
            }
        )
    )
    mapview.hotspot_map(hot, f, key="hot_map")
page.indicator_link("crash_hotspots")
