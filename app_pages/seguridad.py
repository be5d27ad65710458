"""Seguridad vial: before/after per corridor, trends, hour x weekday, severity/mode, municipalities."""

import streamlit as st

from nlmobility import indicators, stats, textsafe
from nlmobility.ui import charts, crashviews, data, filterbar, fmt, mapview, page, safety
from nlmobility.ui.i18n import label, t

f = filterbar.current()
page.header("page_seguridad")
by_severity = data.crash_by_severity_mode(f)
unknown = stats.unknown_severity(by_severity)
# no record in view gives its severity: victims and deaths are no data (never a line or column of 0)
no_severity = unknown > 0 and unknown == int(by_severity["crashes"].sum())
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
evaluated = safety.evaluated(f, int(months))  # every road-safety figure: nlmobility.safety, shared by all views
if evaluated.table.empty:
    page.empty_state("corridors" if data.corridors().empty else "crashes")
else:
    safety.before_after(evaluated)  # the programme's answer first, then each corridor
page.indicator_link("before_after")

st.header(t("cmf_title"))
st.caption(t("cmf_intro"))
page.table(safety.benchmark_table(safety.benchmarks(f, int(months))))

st.header(t("trend_title"))
monthly = data.crash_monthly(f)
if monthly.empty:
    page.crash_empty_state(unknown, f.severity)
else:
    if no_severity:
        st.caption(t("trend_no_severity"))
    charts.show(
        crashviews.trend_long(monthly, f, no_severity=no_severity),  # with the severity filter on: one line
        "line",
        {
            "x": charts.field("month", "T", t("month"), axis={"format": "%Y-%m"}),
            "y": charts.field("n", "Q", t("crashes")),
            "color": charts.field("serie", "N", None, scale={"range": ["#0072B2", "#D55E00"]}),
            "tooltip": [charts.tip("month", "T"), charts.tip("serie", "N"), charts.tip("n", "Q")],
        },
    )
    st.subheader(t("rolling_title"))
    rolling = stats.rolling_totals(monthly, coverage, f.cvegeo)
    if rolling.empty:
        st.info(t("rolling_none"), icon=":material/date_range:")
    else:
        charts.show(
            rolling,
            {"type": "line", "color": "#0072B2"},
            {
                "x": charts.field("month", "T", t("month"), axis={"format": "%Y-%m"}),
                "y": charts.field("rolling", "Q", t("rolling_title")),
                "tooltip": [charts.tip("month", "T", format="%Y-%m"), charts.tip("rolling", "Q")],
            },
        )
        st.caption(t("rolling_note"))
page.indicator_link("crash_trend")

st.header(t("exp_title"))
years = stats.whole_years(coverage, f.cvegeo, f.year_from, f.year_to)
exposure = data.corridor_exposure(buffer_m=f.buffer_m, years=years, cvegeo=f.cvegeo, corridor_id=f.corridor_id)
if exposure.empty:
    st.info(t("exp_none"), icon=":material/directions_walk:")
else:
    st.caption(t("exp_intro", buffer=f.buffer_m, years=f"{min(years)}–{max(years)}"))
    page.table(crashviews.exposure_table(exposure))
    for r in (dict(zip(exposure.columns.astype(str), row, strict=True)) for row in exposure.itertuples(index=False)):
        st.caption(textsafe.markdown_literal(str(r["name"])) + ": " + page.exposure_limits(r))
page.indicator_link("exposure_rate")

# one under the other: the severity table has eight columns, too many for half the page
col1, col2 = st.container(), st.container()
with col1:
    st.header(t("hw_title"))
    hw = data.crash_hour_weekday(f)
    if hw.empty:
        page.crash_empty_state(unknown, f.severity)
    else:
        charts.show(
            crashviews.hour_weekday(hw),
            "rect",
            {
                "x": charts.field("hour", "O", t("hour")),
                "y": charts.field("day", "N", t("weekday"), sort=crashviews.weekdays()),
                "color": charts.field("crashes", "Q", t("crashes"), scale={"scheme": "viridis"}),
                "tooltip": [charts.tip("day", "N"), charts.tip("hour", "O"), charts.tip("crashes", "Q")],
            },
        )
    page.indicator_link("hour_weekday")
with col2:
    st.header(t("sevmode_title"))
    if f.severity != "all" or f.mode != "all":  # the table compares every severity and road user
        st.caption(t("sevmode_ignores", severity=label("sev", f.severity), mode=label("mode", f.mode)))
    sm = data.crash_by_severity_mode(f)
    if sm.empty:
        page.crash_empty_state(unknown, f.severity)
    else:
        page.table(crashviews.severity_mode_table(sm))

st.header(t("mun_title"))
mun = data.crash_by_municipality(f)
if mun.empty or mun["crashes"].sum() == 0:
    page.crash_empty_state(unknown, f.severity)
else:
    page.municipal_rates(mun)
page.indicator_link("crash_rate_municipality")

st.header(t("hot_title"))
hot = data.crash_hotspots(f, cell_m=200.0, limit=10)
if hot.empty:
    page.crash_empty_state(unknown, f.severity)
else:
    st.caption(
        t(
            "hot_intro",
            severity=label("sev", f.severity),
            mode=label("mode", f.mode),
            years=f"{f.year_from}–{f.year_to}",
        )
    )
    shown = crashviews.hotspots_shown(hot, no_severity=no_severity)
    page.table(crashviews.hotspot_table(shown))
    mapview.hotspot_map(shown, f, key="hot_map")
page.indicator_link("crash_hotspots")

st.header(t("hin_title"))
network, windows = data.high_injury_network(cvegeo=f.cvegeo, mode=f.mode)
if not windows:
    st.info(t("hin_none", window=stats.HIN_WINDOW_YEARS), icon=":material/date_range:")
else:
    latest = f"{windows[-1][0]}–{windows[-1][1]}"
    st.caption(
        t(
            "hin_intro",
            mode=label("mode", f.mode),
            window=stats.HIN_WINDOW_YEARS,
            min_score=stats.HIN_MIN_SCORE,
            latest=latest,
        )
    )
    if network.empty:
        page.crash_empty_state(unknown, f.severity)
    else:
        st.markdown(t("hin_summary", n=fmt.count(len(network))))
        top = network.head(20)
        page.table(crashviews.hin_table(top, windows))
        mapview.hotspot_map(crashviews.hin_points(top), f, key="hin_map")
        st.subheader(t("hin_corridors"))
        page.table(crashviews.hin_corridors_table(network, data.corridors(cvegeo=f.cvegeo), buffer_m=f.buffer_m))
page.indicator_link("high_injury_network")
