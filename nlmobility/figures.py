"""Figures derived from query results: the before/after table's rates and intervals, exposure rates, the
high-injury network (several queries put together).

``queries`` only runs SQL files and returns frames; the rules these figures follow (intervals,
small counts, the network's windows) live in :mod:`nlmobility.stats`. Streamlit-free.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import pandas as pd

from nlmobility import queries, stats
from nlmobility.filters import Filters

Cursor = duckdb.DuckDBPyConnection


def before_after(cur: Cursor, f: Filters, *, months: int, data_end: dt.date | None) -> pd.DataFrame:
    """Before/after counts per opened corridor, with rates per km-year, the change and its 95 % intervals.

    ``data_end`` is :func:`queries.data_end`; None (no crash data) completes no after-opening window.
    Rates after opening, changes and intervals are missing (NaN) where the after window is incomplete.
    """
    df = queries.before_after_counts(cur, f, months=months, data_end=data_end)
    df["rate_before"] = df["n_before"] / df["km_years"]
    df["rate_after"] = (df["n_after"] / df["km_years"]).where(df["after_complete"])
    df["change"] = ((df["n_after"] - df["n_before"]) / df["n_before"].where(df["n_before"] > 0)).where(
        df["after_complete"]
    )
    ci = stats.change_uncertainty(df["n_before"], df["n_after"], df["metro_before"], df["metro_after"])
    done = df["after_complete"].to_numpy(dtype=bool)
    for src, dst in (
        ("low", "change_low"),
        ("high", "change_high"),
        ("adjusted", "change_adjusted"),
        ("adjusted_low", "adjusted_low"),
        ("adjusted_high", "adjusted_high"),
    ):
        df[dst] = ci[src].to_numpy().copy()
        df.loc[~done, dst] = np.nan
    return df


def corridor_exposure(
    cur: Cursor, *, buffer_m: float, years: list[int], cvegeo: str | None = None, corridor_id: str | None = None
) -> pd.DataFrame:
    """Counts of people near each corridor and its pedestrian and cyclist crashes per million passages.

    ``years`` are the whole years of crashes set against the counts (the page passes the whole years
    of its period). Rates and their 95 % intervals are NaN where nothing of that kind was counted.
    """
    if not years:
        return pd.DataFrame()
    df = queries.corridor_exposure_counts(
        cur, buffer_m=buffer_m, year_from=min(years), year_to=max(years), cvegeo=cvegeo, corridor_id=corridor_id
    )
    df["crash_years"] = len(years)
    df["year_from"], df["year_to"] = min(years), max(years)
    for who, crashes in (("pedestrians", "pedestrian_crashes"), ("cyclists", "cyclist_crashes")):
        rates = [
            stats.crashes_per_million_passages(int(n), len(years), float(p), int(d)) if pd.notna(p) else None
            for n, p, d in zip(df[crashes], df[who], df["site_days"], strict=True)
        ]
        df[f"{who}_rate"] = [r[0] if r else np.nan for r in rates]
        df[f"{who}_rate_low"] = [r[1] if r else np.nan for r in rates]
        df[f"{who}_rate_high"] = [r[2] if r else np.nan for r in rates]
        df[f"{who}_per_day"] = df[who].astype("float64") / df["site_days"]
    df["women_share"] = df["women"].astype("float64") / df["pedestrians"].where(df["pedestrians"] > 0)
    return df


def high_injury_network(
    cur: Cursor, *, cvegeo: str | None, mode: str, cell_m: float = stats.HIN_CELL_M
) -> tuple[pd.DataFrame, list[tuple[int, int]]]:
    """The high-injury network for the area and road user (``stats.high_injury_network`` over whole years).

    Returns the places on the network in the latest window (rank, score, crashes, share, windows on
    it, centre, municipality, nearest intersection, nearest corridor) and the windows used. The
    period filter does not apply: the network slides its own windows over every whole year.
    """
    cell = queries.year_cells(cell_m)
    years = queries.whole_years(cur, cvegeo)
    windows = stats.hin_windows(years)
    if windows:
        network = queries.crash_hin_network(
            cur, cvegeo=cvegeo, mode=mode, cell_m=cell, window_ends=[e for _, e in windows]
        )
    else:
        network = pd.DataFrame(columns=["cell", "rank", "score", "fatal", "injury", "share", "windows_on"])
    # the places' details (nearest corridor and intersection…) only for the cells on the network
    places = (
        queries.crash_hin_places(cur, network["cell"].tolist(), cvegeo=cvegeo, mode=mode, cell_m=cell)
        if len(network)
        else pd.DataFrame(columns=queries.HIN_PLACE_COLUMNS)
    )
    out = network.merge(places, on="cell", how="left")
    return out[["cell", *queries.HIN_PLACE_COLUMNS[1:], *[c for c in network.columns if c != "cell"]]], windows


#: The density map's most cells: about 140 bytes each in the map's payload, so at most ~0.85 MB.
DENSITY_MAX_CELLS = 6_000


def crash_density(cur: Cursor, f: Filters, *, max_cells: int = DENSITY_MAX_CELLS) -> tuple[pd.DataFrame, float]:
    """Crash density for the map in the finest cells (400, 800, 1,600… m) that keep at most ``max_cells`` cells.

    Returns the cells and their side in metres. A busy filter (10 million crashes, every severity)
    gets coarser cells instead of a payload of several megabytes; every crash is still counted.
    """
    cell = float(queries.SUMMARY_CELL_M)
    while True:
        grid = queries.crash_grid(cur, f, cell_m=cell, max_cells=max_cells + 1)
        if len(grid) <= max_cells or cell >= 12_800:
            return grid.head(max_cells), cell
        cell *= 2
