"""Seguridad vial: before/after per corridor, trends, hour x weekday, severity/mode, municipalities."""

import pandas as pd
import streamlit as st

from nlmobility import indicators, stats, textsafe
from nlmobility.ui import charts, data, filterbar, fmt, mapview, page, safety
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
    safety.answer(evaluated)  # the programme's answer first: one sentence with its interval
    st.caption(
        t("ba_intro", buffer=f.buffer_m, months=months)
        + f" · {t('severity')}: {label('sev', f.severity)} · {t('mode')}: {label('mode', f.mode)}"
    )
    page.table(safety.before_after_table(evaluated))
    st.caption(t("ba_ci_note"))
    small = [c.name for c in evaluated.corridors if c.after_complete and c.too_few]
    if small and len(small) < len(evaluated.corridors):
        names = ", ".join(map(textsafe.markdown_literal, small))
        st.warning(t("ba_small_which", n=indicators.SMALL_COUNT, names=names), icon=":material/warning:")
    elif small:
        st.warning(t("ba_small", n=indicators.SMALL_COUNT), icon=":material/warning:")
    waiting = [c.name for c in evaluated.corridors if not c.after_complete]
    if waiting:
        st.caption(t("ba_incomplete", months=months) + " · " + ", ".join(map(textsafe.markdown_literal, waiting)))
page.indicator_link("before_after")

st.header(t("cmf_title"))
st.caption(t("cmf_intro"))
page.table(safety.benchmark_table(safety.benchmarks(f, int(months))))

st.header(t("trend_title"))
monthly = data.crash_monthly(f)
if monthly.empty:
    page.crash_empty_state(unknown, f.severity)
else:
    # With the severity filter on, both series are the same crashes: show one line, named by the filter.
    series = ["crashes", "with_victims"] if f.severity == "all" and not no_severity else ["crashes"]
    if no_severity:
        st.caption(t("trend_no_severity"))
    long = monthly.melt("month", series, var_name="serie", value_name="n")
    long["serie"] = long["serie"].map(
        {
            "crashes": t("crashes") if f.severity == "all" else f"{t('crashes')} · {label('sev', f.severity)}",
            "with_victims": t("with_victims"),
        }
    )
    charts.show(
        long,
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
    page.table(
        pd.DataFrame(
            {
                t("corridor"): exposure["name"],
                t("exp_sites"): exposure["site_names"],
                t("exp_ped_day"): exposure["pedestrians_per_day"].round(0),
                t("exp_ped_rate"): [
                    fmt.decimal_range(*r)
                    for r in exposure[["pedestrians_rate", "pedestrians_rate_low", "pedestrians_rate_high"]].to_numpy()
                ],
                t("exp_cyc_day"): exposure["cyclists_per_day"].round(0),
                t("exp_cyc_rate"): [
                    fmt.decimal_range(*r)
                    for r in exposure[["cyclists_rate", "cyclists_rate_low", "cyclists_rate_high"]].to_numpy()
                ],
                t("exp_women"): [
                    fmt.percent(w, p) for w, p in zip(exposure["women"], exposure["pedestrians"], strict=True)
                ],
            }
        )
    )
    for r in exposure.to_dict("records"):
        st.caption(textsafe.markdown_literal(str(r["name"])) + ": " + page.exposure_limits(r))
page.indicator_link("exposure_rate")

col1, col2 = st.columns(2)
with col1:
    st.header(t("hw_title"))
    hw = data.crash_hour_weekday(f)
    if hw.empty:
        page.crash_empty_state(unknown, f.severity)
    else:
        days = t("weekdays").split(",")
        hw = hw.assign(day=hw["weekday"].map(lambda d: days[int(d) - 1]))
        charts.show(
            hw,
            "rect",
            {
                "x": charts.field("hour", "O", t("hour")),
                "y": charts.field("day", "N", t("weekday"), sort=days),
                "color": charts.field("crashes", "Q", t("crashes"), scale={"scheme": "viridis"}),
                "tooltip": [charts.tip("day", "N"), charts.tip("hour", "O"), charts.tip("crashes", "Q")],
            },
        )
    page.indicator_link("hour_weekday")
with col2:
    st.header(t("sevmode_title"))
    sm = data.crash_by_severity_mode(f)
    if sm.empty:
        page.crash_empty_state(unknown, f.severity)
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
    if no_severity:
        hot = hot.assign(fatal=fmt.MISSING)
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
        hin_table = pd.DataFrame(
            {
                "#": top["rank"],
                t("municipality"): top["municipality"],
                t("hin_place"): top["intersection"],
                t("hin_score"): top["score"],
                label("sev", "fatal"): top["fatal"],
                label("sev", "injury"): top["injury"],
                t("hin_windows"): [f"{int(n)} / {len(windows)}" for n in top["windows_on"]],
                t("hot_corridor"): top["corridor"],
                t("distance_m"): top["corridor_distance_m"].round(0),
            }
        )
        # without an imported gazetteer no place has an intersection name: no empty column
        page.table(hin_table if top["intersection"].notna().any() else hin_table.drop(columns=[t("hin_place")]))
        mapview.hotspot_map(top.assign(crashes=top["fatal"] + top["injury"]), f, key="hin_map")
        st.subheader(t("hin_corridors"))
        on = stats.corridors_on_network(network, data.corridors(cvegeo=f.cvegeo), buffer_m=f.buffer_m)
        page.table(
            pd.DataFrame(
                {
                    t("corridor"): on["name"],
                    t("hin_on"): [t("yes") if n else t("no") for n in on["places"]],
                    t("hin_places"): on["places"],
                    t("hin_best"): on["best_rank"],
                }
            )
        )
page.indicator_link("high_injury_network")
