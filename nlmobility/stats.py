"""Statistics, privacy and reshaping rules behind the figures the pages show (pure, no Streamlit).

Pages only call these and draw the result, so every rule is defined once and tested directly.
"""

from __future__ import annotations

import datetime as dt
import functools
import warnings
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
import statsmodels.api as sm
from statsmodels.stats.rates import confint_poisson, confint_poisson_2indep

from nlmobility import indicators

#: Two-sided 95 % normal quantile.
Z95 = 1.959963984540054


def _counts(values: Iterable[float] | pd.Series) -> pd.Series:
    """Counts as floats indexed 0..n-1 (lists, arrays and Series alike)."""
    return pd.Series(list(values), dtype="float64")


#: Intervals are pure functions of four counts that pages ask for again on every rerun (each costs
#: statsmodels 2-10 ms): remembered per process.
_REMEMBERED = 8192


@functools.lru_cache(maxsize=_REMEMBERED)
def rate_ratio_interval(
    n_after: float, n_before: float, exposure_after: float = 1.0, exposure_before: float = 1.0
) -> tuple[float, float] | None:
    """95 % interval of the ratio of two Poisson rates (after / before), by the score method.

    Computed by ``statsmodels.stats.rates.confint_poisson_2indep`` (``method="score"``, which keeps
    its stated coverage better than the Wald-log interval for counts of a few dozen). None when a
    count is 0 or an exposure is not positive: no ratio can be estimated from an empty window.
    """
    if n_after <= 0 or n_before <= 0 or exposure_after <= 0 or exposure_before <= 0:
        return None
    low, high = confint_poisson_2indep(
        float(n_after), float(exposure_after), float(n_before), float(exposure_before), method="score", compare="ratio"
    )
    return float(low), float(high)


@functools.lru_cache(maxsize=_REMEMBERED)
def ratio_of_ratios(
    n_before: float, n_after: float, ref_before: float, ref_after: float
) -> tuple[float, float, float] | None:
    """The change adjusted for a comparison area: (after/before here) / (after/before there), with its 95 % interval.

    Fitted as a Poisson log-linear model of the 2 x 2 table of counts (``statsmodels`` GLM:
    intercept, period, area and their interaction); the interaction is the log ratio of ratios and
    its Wald interval is ``exp(ln RRR ± 1.96 · sqrt(1/a + 1/b + 1/c + 1/d))``. Returns (RRR, low,
    high) as ratios (0.58 is −42 %); None when any count is 0 (the model has no finite estimate).
    """
    counts = np.array([n_before, n_after, ref_before, ref_after], dtype="float64")
    if (counts <= 0).any() or not np.isfinite(counts).all():
        return None
    design = np.array(
        [  # intercept, after, corridor, after x corridor
            [1.0, 0.0, 1.0, 0.0],
            [1.0, 1.0, 1.0, 1.0],
            [1.0, 0.0, 0.0, 0.0],
            [1.0, 1.0, 0.0, 0.0],
        ]
    )
    with warnings.catch_warnings():  # a saturated model: statsmodels warns that no residual degrees of freedom remain
        warnings.simplefilter("ignore")
        fit = sm.GLM(counts, design, family=sm.families.Poisson()).fit()
        low, high = np.exp(fit.conf_int(alpha=0.05)[3])
    return float(np.exp(fit.params[3])), float(low), float(high)


def change_uncertainty(
    n_before: Iterable[float] | pd.Series,
    n_after: Iterable[float] | pd.Series,
    metro_before: Iterable[float] | pd.Series,
    metro_after: Iterable[float] | pd.Series,
) -> pd.DataFrame:
    """Per row: the raw change's 95 % interval and the change adjusted for the rest of the metro area, with its interval.

    Counts are Poisson over equal windows. The raw change ``n_after / n_before − 1`` gets the score
    interval of :func:`rate_ratio_interval`; the adjusted change divides that ratio by the rest of
    the metro area's ratio over the same windows (:func:`ratio_of_ratios`), so a corridor whose
    crashes fell 40 % while the rest rose 3 % shows about −42 %. Columns ``low``, ``high``,
    ``adjusted``, ``adjusted_low``, ``adjusted_high`` as fractions (−0.4 is −40 %), NaN where undefined.
    """
    rows = []
    for nb, na, mb, ma in zip(*(_counts(x) for x in (n_before, n_after, metro_before, metro_after)), strict=True):
        raw = rate_ratio_interval(na, nb)
        rrr = ratio_of_ratios(nb, na, mb, ma)
        rows.append(
            {
                "low": raw[0] - 1 if raw else np.nan,
                "high": raw[1] - 1 if raw else np.nan,
                "adjusted": rrr[0] - 1 if rrr else np.nan,
                "adjusted_low": rrr[1] - 1 if rrr else np.nan,
                "adjusted_high": rrr[2] - 1 if rrr else np.nan,
            }
        )
    return pd.DataFrame(rows, columns=["low", "high", "adjusted", "adjusted_low", "adjusted_high"], dtype="float64")


def total_change(n_before: int, n_after: int, metro_before: int, metro_after: int) -> dict[str, float | None]:
    """The change over several corridors summed: raw change and adjusted change, each with its 95 % interval."""
    row = change_uncertainty([n_before], [n_after], [metro_before], [metro_after]).iloc[0]

    def value(name: str) -> float | None:
        v = float(row[name])
        return None if np.isnan(v) else v

    return {
        "change": (n_after - n_before) / n_before if n_before else None,
        "low": value("low"),
        "high": value("high"),
        "adjusted": value("adjusted"),
        "adjusted_low": value("adjusted_low"),
        "adjusted_high": value("adjusted_high"),
    }


def too_few(n_before: float, n_after: float) -> bool:
    """Whether either count is under ``indicators.SMALL_COUNT``: no percentage is shown for it, only the counts."""
    return min(float(n_before), float(n_after)) < indicators.SMALL_COUNT


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


def covered_span(coverage: pd.DataFrame, cvegeo: str | None = None) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The days every covered municipality (or ``cvegeo``) has records for: (latest start, earliest end); None if none."""
    areas = _covered_areas(coverage, cvegeo)
    if areas.empty:
        return None
    per_area = areas.groupby("cvegeo").agg(date_from=("date_from", "min"), date_to=("date_to", "max"))
    start, end = pd.to_datetime(per_area["date_from"]).max(), pd.to_datetime(per_area["date_to"]).min()
    return (start, end) if start <= end else None


def year_to_date(
    coverage: pd.DataFrame, cvegeo: str | None, data_end: dt.date | None
) -> tuple[dt.date, dt.date, bool] | None:
    """Inicio's "this year against last": the days of the data's last year that the area's records cover.

    Returns (first day, last day, whether the same days a year earlier are covered too), or None
    when the area has no covered day in that year (no data: never a count of 0). The window runs
    from 1 January (or the first covered day) to the data's end (or the area's last covered day), so
    a partly covered year is set against the same days of the year before, never a whole year.
    """
    span = covered_span(coverage, cvegeo)
    if span is None or data_end is None:
        return None
    start = max(span[0].date(), dt.date(data_end.year, 1, 1))
    end = min(span[1].date(), data_end)
    if end < start:
        return None
    year_before = (pd.Timestamp(start) - pd.DateOffset(years=1)).date()
    return start, end, span[0].date() <= year_before


#: Months in a rolling total: a whole year, so seasons and year-to-date gaps do not look like trends.
ROLLING_MONTHS = 12


def rolling_totals(
    monthly: pd.DataFrame, coverage: pd.DataFrame, cvegeo: str | None = None, *, count: str = "crashes"
) -> pd.DataFrame:
    """Rolling 12-month totals of a monthly count, only where all 12 months lie whole inside the records' coverage.

    Months without a row inside the coverage count 0 (no crash recorded); a total is given for a
    month only when it and the 11 before it are whole covered months, so a partly covered year is
    never set against whole ones. Columns: ``month`` (the last month of the 12) and ``rolling``.
    """
    empty = pd.DataFrame({"month": pd.Series(dtype="datetime64[ns]"), "rolling": pd.Series(dtype="int64")})
    span = covered_span(coverage, cvegeo)
    if span is None:
        return empty
    start, after = span[0].normalize(), span[1].normalize() + pd.Timedelta(days=1)
    first = pd.Timestamp(start.year, start.month, 1)
    if first < start:  # the coverage starts inside a month: that month is not whole
        first += pd.DateOffset(months=1)
    stop = pd.Timestamp(after.year, after.month, 1)  # the month after the last whole one
    months = pd.date_range(first, stop - pd.DateOffset(months=1), freq="MS")
    if len(months) < ROLLING_MONTHS:
        return empty
    series = (
        monthly.assign(month=pd.to_datetime(monthly["month"]))
        .set_index("month")[count]
        .reindex(months, fill_value=0)
        .astype("int64")
    )
    out = series.rolling(ROLLING_MONTHS).sum().dropna().astype("int64")
    return pd.DataFrame({"month": out.index, "rolling": out.to_numpy()})


def whole_years(
    coverage: pd.DataFrame, cvegeo: str | None = None, year_from: int | None = None, year_to: int | None = None
) -> list[int]:
    """Calendar years (inside the bounds, when given) that the records cover whole for every covered area (or ``cvegeo``)."""
    span = covered_span(coverage, cvegeo)
    if span is None:
        return []
    first, last = max(span[0].year, year_from or span[0].year), min(span[1].year, year_to or span[1].year)
    return [y for y in range(first, last + 1) if year_is_whole(coverage, y, cvegeo)]


#: Side of the square cells of the high-injury network, in metres (about a block and its crossings).
HIN_CELL_M = 100.0
#: High-injury network: severity weights, window length in years, share of the weighted score it covers.
HIN_WEIGHTS = {"fatal": 3, "injury": 1}
HIN_WINDOW_YEARS = 3
HIN_SHARE = 0.5
#: A place needs at least this weighted score in a window to be on the network (one injury crash is not a pattern).
HIN_MIN_SCORE = 3


def hin_windows(years: list[int]) -> list[tuple[int, int]]:
    """The windows of ``HIN_WINDOW_YEARS`` consecutive whole years among ``years`` (first, last), oldest first."""
    have = sorted(set(years))
    return [
        (end - HIN_WINDOW_YEARS + 1, end)
        for end in have
        if all(y in have for y in range(end - HIN_WINDOW_YEARS + 1, end + 1))
    ]


def high_injury_network(cells: pd.DataFrame, years: list[int]) -> tuple[pd.DataFrame, list[tuple[int, int]]]:
    """Places that concentrate fatal and injury crashes, over sliding windows of ``HIN_WINDOW_YEARS`` whole years.

    ``cells`` has one row per place and year (``cell``, ``year``, ``fatal``, ``injury`` plus place
    columns such as ``lon``, ``lat``, ``label``). In each window every place gets the score
    ``3 · fatal + 1 · injury``; places are ranked by score (ties by fatal crashes, then place) and
    the network is the top of that ranking that together holds ``HIN_SHARE`` of the window's total
    score, keeping only places scoring at least ``HIN_MIN_SCORE``. Returns the places on the
    network in the latest window, ranked, with ``windows_on`` (in how many windows they were on it)
    and the list of windows; empty when fewer than ``HIN_WINDOW_YEARS`` whole years exist.
    """
    windows = hin_windows(years)
    place_cols = [c for c in cells.columns if c not in ("year", "fatal", "injury")]
    columns = [*place_cols, "rank", "score", "fatal", "injury", "share", "windows_on"]
    if not windows or cells.empty:
        return pd.DataFrame(columns=columns), windows
    places = cells[place_cols].drop_duplicates("cell").set_index("cell")
    on_counts: dict[Any, int] = {}
    latest = pd.DataFrame()
    for start, end in windows:
        w = cells[(cells["year"] >= start) & (cells["year"] <= end)].groupby("cell")[["fatal", "injury"]].sum()
        w["score"] = HIN_WEIGHTS["fatal"] * w["fatal"] + HIN_WEIGHTS["injury"] * w["injury"]
        w = w.reset_index().sort_values(["score", "fatal", "cell"], ascending=[False, False, True], ignore_index=True)
        total = float(w["score"].sum())
        before = w["score"].cumsum() - w["score"]  # score of the places ranked above
        on = w[(before < HIN_SHARE * total) & (w["score"] >= HIN_MIN_SCORE)].copy() if total else w.iloc[:0].copy()
        on["share"] = on["score"] / total if total else 0.0
        for c in on["cell"]:
            on_counts[c] = on_counts.get(c, 0) + 1
        latest = on
    if latest.empty:
        return pd.DataFrame(columns=columns), windows
    latest = latest.assign(rank=range(1, len(latest) + 1), windows_on=latest["cell"].map(on_counts))
    return latest.join(places, on="cell")[columns].reset_index(drop=True), windows


def corridors_on_network(
    network: pd.DataFrame, corridors: pd.DataFrame, *, buffer_m: float, cell_m: float = HIN_CELL_M
) -> pd.DataFrame:
    """Per corridor: the network places whose nearest corridor it is, within ``buffer_m`` + half a cell of their centre.

    Columns ``corridor_id``, ``name``, ``places`` (0: not on the network), ``best_rank`` and ``share``
    (of the latest window's weighted score that those places hold).
    """
    near = network[network["corridor_distance_m"] <= buffer_m + cell_m / 2] if not network.empty else network
    per = (
        near.groupby("corridor_id").agg(places=("cell", "count"), best_rank=("rank", "min"), share=("share", "sum"))
        if not near.empty
        else pd.DataFrame(columns=["places", "best_rank", "share"])
    )
    out = corridors[["corridor_id", "name"]].join(per, on="corridor_id")
    out["places"] = out["places"].fillna(0).astype("int64")
    out["share"] = out["share"].fillna(0.0).astype("float64")
    return out.sort_values(["places", "name"], ascending=[False, True], ignore_index=True)


def crashes_per_million_passages(
    crashes: int, years: float, passages: float, site_days: int
) -> tuple[float, float, float] | None:
    """Crashes per million passages at a counted point, with the 95 % interval of the crash count.

    The yearly passages are the mean passages per counted site-day times 365; the crashes are those
    of the crash period divided by its years. The interval is the exact Poisson interval of the
    crash count (``statsmodels.stats.rates.confint_poisson``, ``exact-c``); the count of passages is
    taken as known, which the short counting period does not justify: pages say so. None when
    nothing was counted.
    """
    if passages <= 0 or site_days <= 0 or years <= 0:
        return None
    yearly_millions = passages / site_days * 365.0 / 1e6 * years  # passages over the crash period, in millions
    low, high = confint_poisson(int(crashes), yearly_millions, method="exact-c")
    return float(crashes / yearly_millions), float(low), float(high)


def expected_change_range(cmf: float, std_error: float) -> tuple[float, float]:
    """The change a published CMF leads one to expect, as a 95 % range ``cmf ± 1.96 · SE − 1`` (−0.51 is −51 %)."""
    return cmf - Z95 * std_error - 1, cmf + Z95 * std_error - 1


#: An observed interval wider than this (in change, 1.0 = 100 points) says too little to set beside a benchmark.
WIDE_INTERVAL = 0.8


def versus_benchmark(low: float | None, high: float | None, cmf: float, std_error: float) -> str:
    """How an observed change's 95 % interval compares with a published CMF's (``cmf ± 1.96 · SE``).

    ``unknown`` (no interval), ``wide`` (interval wider than ``WIDE_INTERVAL``: nothing can be
    said), ``better`` (the whole observed interval lies below the expected one), ``worse`` (above),
    ``consistent`` (they overlap).
    """
    if low is None or high is None or np.isnan(low) or np.isnan(high):
        return "unknown"
    if high - low > WIDE_INTERVAL:
        return "wide"
    exp_low, exp_high = expected_change_range(cmf, std_error)
    if high < exp_low:
        return "better"
    if low > exp_high:
        return "worse"
    return "consistent"
