"""Statistics, privacy and reshaping rules behind the figures the pages show (pure, no Streamlit).

Pages only call these and draw the result, so every rule is defined once and tested directly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import numpy as np
import pandas as pd

from nlmobility import indicators

#: Two-sided 95 % normal quantile.
Z95 = 1.959963984540054


def _counts(values: Iterable[float] | pd.Series) -> pd.Series:
    """Counts as floats indexed 0..n-1 (lists, arrays and Series alike)."""
    return pd.Series(list(values), dtype="float64")


def change_uncertainty(
    n_before: Iterable[float] | pd.Series,
    n_after: Iterable[float] | pd.Series,
    metro_before: Iterable[float] | pd.Series,
    metro_after: Iterable[float] | pd.Series,
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """95 % interval of the change and the change adjusted for the metro-wide trend.

    Counts are treated as Poisson: the rate ratio ``n_after / n_before`` has the usual interval
    ``exp(ln(RR) ± 1.96 · sqrt(1/n_after + 1/n_before))`` (undefined when either count is 0).
    The adjusted change divides RR by the ratio of the rest of the metro area over the same
    windows, so a corridor whose crashes fell 40 % while the rest rose 3 % shows about −42 %.
    Returns (low, high, adjusted) as fractions (−0.4 is −40 %), NaN where undefined.
    """
    nb, na, mb, ma = (_counts(x) for x in (n_before, n_after, metro_before, metro_after))
    ok = (nb > 0) & (na > 0)
    log_rr = np.log(na.where(ok) / nb.where(ok))
    se = np.sqrt(1 / na.where(ok) + 1 / nb.where(ok))
    metro = ma / mb.where(mb > 0)
    adjusted = (na / nb.where(nb > 0)) / metro.where(metro > 0) - 1
    return pd.Series(np.exp(log_rr - Z95 * se) - 1), pd.Series(np.exp(log_rr + Z95 * se) - 1), adjusted


def total_change(n_before: int, n_after: int, metro_before: int, metro_after: int) -> dict[str, float | None]:
    """The change over several corridors summed: raw change, its 95 % interval and the adjusted change."""
    low, high, adjusted = change_uncertainty([n_before], [n_after], [metro_before], [metro_after])

    def value(s: pd.Series) -> float | None:
        v = float(s.iloc[0])
        return None if np.isnan(v) else v

    return {
        "change": (n_after - n_before) / n_before if n_before else None,
        "low": value(low),
        "high": value(high),
        "adjusted": value(adjusted),
    }


def annual_growth(
    monthly: pd.DataFrame, *, month: str = "month", count: str = "crashes", leave_out: Iterable[int] = ()
) -> float | None:
    """Compound yearly growth between the first and the last calendar year of a monthly series.

    ``leave_out`` years (partly covered by the records) do not take part. None when there are fewer
    than two years or the first year has no crashes.
    """
    if monthly.empty:
        return None
    years = pd.to_datetime(monthly[month]).dt.year
    yearly = monthly[~years.isin(list(leave_out))].groupby(years)[count].sum()
    if len(yearly) < 2 or yearly.iloc[0] <= 0:
        return None
    span = int(yearly.index[-1]) - int(yearly.index[0])  # calendar years apart, even when a year between has no data
    return float((yearly.iloc[-1] / yearly.iloc[0]) ** (1 / span) - 1)


def _covered_areas(coverage: pd.DataFrame, cvegeo: str | None) -> pd.DataFrame:
    return coverage if cvegeo is None else coverage[coverage["cvegeo"] == cvegeo]


def year_is_whole(coverage: pd.DataFrame, year: int, cvegeo: str | None = None) -> bool:
    """Whether every covered municipality (or ``cvegeo``) has records for the whole calendar ``year``."""
    areas = _covered_areas(coverage, cvegeo)
    if areas.empty:
        return False
    start, end = pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31)
    spans = areas.assign(date_from=pd.to_datetime(areas["date_from"]), date_to=pd.to_datetime(areas["date_to"]))
    whole = spans[(spans["date_from"] <= start) & (spans["date_to"] >= end)]
    return set(areas["cvegeo"]) <= set(whole["cvegeo"])


def partial_years(coverage: pd.DataFrame, year_from: int, year_to: int, cvegeo: str | None = None) -> list[int]:
    """Years of the period that the records do not cover whole (they must not be compared with whole ones)."""
    return [y for y in range(year_from, year_to + 1) if not year_is_whole(coverage, y, cvegeo)]


def default_period(coverage: pd.DataFrame, fallback: tuple[int, int]) -> tuple[int, int]:
    """The latest run of consecutive years that every covered municipality covers whole; else ``fallback``."""
    whole = [y for y in range(fallback[0], fallback[1] + 1) if year_is_whole(coverage, y)]
    if not whole:
        return fallback
    end = start = whole[-1]
    while start - 1 in whole:
        start -= 1
    return start, end


def unknown_severity(by_severity: pd.DataFrame) -> int:
    """Crashes whose severity the records do not give (``crash_by_severity_mode`` rows), for a notice."""
    if by_severity.empty:
        return 0
    return int(by_severity.loc[by_severity["severity"] == "unknown", "crashes"].sum())


def share_pct(part: float, whole: float) -> float:
    """``part`` as a percentage of ``whole``; 0 when the whole is 0 (nothing to share)."""
    return 100.0 * part / whole if whole else 0.0


def is_suppressed(n: float) -> bool:
    """Counts from 1 to ``SUPPRESS_UNDER - 1`` are hidden in public views (0 is shown: nobody to identify)."""
    return 0 < int(n) < indicators.SUPPRESS_UNDER


def suppress(n: float) -> str:
    """Public-view text of a count of people: ``<5`` for small counts, else the count with thousands separators."""
    return f"<{indicators.SUPPRESS_UNDER}" if is_suppressed(n) else f"{int(n):,}"


def events_per_quarter(events: pd.DataFrame) -> pd.DataFrame:
    """Events and participants per calendar quarter (``2024Q1``…), in time order."""
    if events.empty:
        return pd.DataFrame(
            {"q": pd.Series(dtype="str"), "events": pd.Series(dtype="int64"), "participants": pd.Series(dtype="int64")}
        )
    quarters = pd.to_datetime(events["event_date"]).dt.to_period("Q").astype(str)
    return (
        events.assign(q=quarters)
        .groupby("q", as_index=False)
        .agg(events=("event_id", "count"), participants=("participants_total", "sum"))
        .sort_values("q", ignore_index=True)
    )


def gantt_rows(milestones: pd.DataFrame, *, as_of: dt.date, planned: str, actual: str) -> pd.DataFrame:
    """Planned and actual bars of a milestone timeline, one row per bar.

    Actual bars that are still open (in progress, stuck) end at ``as_of``; incomplete milestones
    end on the day they were closed (``status_since``); milestones never started have no actual
    bar. ``planned`` and ``actual`` are the bar kinds' labels; columns: seq, title, estado, start,
    end, kind, label.
    """
    cols = ["seq", "title", "estado"]
    plan = (
        milestones[[*cols, "planned_start", "planned_end"]]
        .rename(columns={"planned_start": "start", "planned_end": "end"})
        .assign(kind=planned)
    )
    real = milestones[[*cols, "actual_start", "actual_end"]].rename(
        columns={"actual_start": "start", "actual_end": "end"}
    )
    open_end = milestones["status_since"].where(milestones["status"] == "incomplete", pd.Timestamp(as_of))
    real = real.assign(end=real["end"].fillna(open_end), kind=actual).dropna(subset=["start"])
    out = pd.concat([plan, real], ignore_index=True)
    out["label"] = out["seq"].astype(str) + ". " + out["title"].astype(str).str.slice(0, 48)
    return out
