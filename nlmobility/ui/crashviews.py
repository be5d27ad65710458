"""Seguridad vial's crash tables and chart data in the user's language (the page only draws them).

Each function turns a query's result into what is shown: translated headers, formatted ranges,
no-data marks. No statistics here: they come from :mod:`nlmobility.stats` and the queries.
"""

from __future__ import annotations

import pandas as pd

from nlmobility import stats
from nlmobility.filters import Filters
from nlmobility.ui import fmt
from nlmobility.ui.i18n import label, t


def trend_long(monthly: pd.DataFrame, f: Filters, *, no_severity: bool) -> pd.DataFrame:
    """Monthly crashes as one row per month and series; with the severity filter on, one series named by it."""
    series = ["crashes", "with_victims"] if f.severity == "all" and not no_severity else ["crashes"]
    long = monthly.melt("month", series, var_name="serie", value_name="n")
    long["serie"] = long["serie"].map(
        {
            "crashes": t("crashes") if f.severity == "all" else f"{t('crashes')} · {label('sev', f.severity)}",
            "with_victims": t("with_victims"),
        }
    )
    return long


def exposure_table(exposure: pd.DataFrame) -> pd.DataFrame:
    """Counted passages and crashes per million passages (with their intervals) per corridor."""
    return pd.DataFrame(
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


def weekdays() -> list[str]:
    """Monday..Sunday in the user's language."""
    return t("weekdays").split(",")


def hour_weekday(hw: pd.DataFrame) -> pd.DataFrame:
    """The hour x weekday counts with the weekday's name."""
    days = weekdays()
    return hw.assign(day=hw["weekday"].map(lambda d: days[int(d) - 1]))


def severity_mode_table(sm: pd.DataFrame) -> pd.DataFrame:
    """Crashes by severity with road users, killed and injured, under translated headers."""
    return sm.assign(severity=sm["severity"].map(lambda s: label("sev", s))).rename(
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


def hotspots_shown(hot: pd.DataFrame, *, no_severity: bool) -> pd.DataFrame:
    """The hotspots as the table and the map show them: deaths are no data ("—") when no record gives the severity."""
    return hot.assign(fatal=fmt.MISSING) if no_severity else hot


def hotspot_table(shown: pd.DataFrame) -> pd.DataFrame:
    """The ten cells with most crashes (from :func:`hotspots_shown`) under translated headers."""
    return shown.assign(corridor_distance_m=shown["corridor_distance_m"].round(0))[
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


def hin_table(top: pd.DataFrame, windows: list[tuple[int, int]]) -> pd.DataFrame:
    """The network's places, ranked; without an imported gazetteer no place has a name: no empty column."""
    table = pd.DataFrame(
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
    return table if top["intersection"].notna().any() else table.drop(columns=[t("hin_place")])


def hin_points(top: pd.DataFrame) -> pd.DataFrame:
    """The network's places for the hotspot map: its crashes are the fatal and injury crashes."""
    return top.assign(crashes=top["fatal"] + top["injury"])


def hin_corridors_table(network: pd.DataFrame, corridors: pd.DataFrame, *, buffer_m: float) -> pd.DataFrame:
    """Per corridor: whether it is on the high-injury network, with how many places and the best rank."""
    on = stats.corridors_on_network(network, corridors, buffer_m=buffer_m)
    return pd.DataFrame(
        {
            t("corridor"): on["name"],
            t("hin_on"): [t("yes") if n else t("no") for n in on["places"]],
            t("hin_places"): on["places"],
            t("hin_best"): on["best_rank"],
        }
    )
