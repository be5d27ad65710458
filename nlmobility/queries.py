"""One typed wrapper per SQL file in ``nlmobility/sql``. Values are always bound parameters.

Each function takes a DuckDB cursor (the caller hands out a fresh one per query) and returns a
pandas DataFrame (or a dict for one-row results). Only the parameters a query names are bound.
"""

from __future__ import annotations

import datetime as dt
import functools
import pathlib
import re
from typing import Any

import duckdb
import pandas as pd

from nlmobility import export, meta, stats
from nlmobility.filters import Filters

#: A cursor of the database (callers hand out a fresh one per query).
Cursor = duckdb.DuckDBPyConnection

SQL_DIR = pathlib.Path(__file__).parent / "sql"
_PARAM = re.compile(r"\$([a-z_]+)")


@functools.cache
def sql_text(name: str) -> str:
    """The text of ``sql/<name>.sql`` (read once)."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def run(cur: Cursor, name: str, params: dict[str, Any] | None = None) -> pd.DataFrame:
    """Run ``sql/<name>.sql`` binding exactly the parameters it names."""
    text = sql_text(name)
    wanted = set(_PARAM.findall(text))
    given = params or {}
    missing = wanted - set(given)
    if missing:
        raise KeyError(f"query {name} needs parameters {sorted(missing)}")
    return cur.execute(text, {k: given[k] for k in wanted}).df()


def execute(cur: Cursor, name: str, params: dict[str, Any]) -> None:
    """Run the statement of ``sql/<name>.sql`` (an INSERT: no result) binding exactly the parameters it names."""
    text = sql_text(name)
    wanted = set(_PARAM.findall(text))
    missing = wanted - set(params)
    if missing:
        raise KeyError(f"query {name} needs parameters {sorted(missing)}")
    cur.execute(text, {k: params[k] for k in wanted})


def crash_corridor_add(cur: Cursor, after_id: int, max_m: float) -> None:
    """Add the crashes with a larger id than ``after_id`` within ``max_m`` metres of a corridor to crash_corridor."""
    execute(cur, "crash_corridor_add", {"after_id": after_id, "max_m": max_m})


def corridor_display_add(cur: Cursor, tolerance_m: float) -> None:
    """Add the display copy, simplified with ``tolerance_m`` metres, of every corridor that has none in corridor_display."""
    execute(cur, "corridor_display_add", {"tolerance_m": tolerance_m})


def crash_day_count_add(cur: Cursor, after_id: int) -> None:
    """Add the day counts of the crashes with a larger id than ``after_id``."""
    execute(cur, "crash_day_count_add", {"after_id": after_id})


def crash_month_cell_add(cur: Cursor, after_id: int) -> None:
    """Add the month x 400 m cell counts of the crashes with a larger id than ``after_id``."""
    execute(cur, "crash_month_cell_add", {"after_id": after_id})


def crash_year_cell_add(cur: Cursor, after_id: int) -> None:
    """Add the year x 100 m cell counts of the crashes with a larger id than ``after_id``."""
    execute(cur, "crash_year_cell_add", {"after_id": after_id})


def _one(df: pd.DataFrame) -> dict[str, Any]:
    row = df.to_dict("records")[0]  # per-column types (a row Series would upcast ints to float)
    return {str(k): (v.item() if hasattr(v, "item") else v) for k, v in row.items()}


def inicio_kpis(
    cur: Cursor,
    *,
    cvegeo: str | None,
    buffer_m: float,
    data_year: int,
    day_from: dt.date | None = None,
    day_to: dt.date | None = None,
) -> dict[str, Any]:
    """Inicio's headline figures: km finished, corridors by status, victims near corridors this year and last, participants, milestones.

    "This year" is ``day_from``–``day_to`` (default: the whole ``data_year``), "last year" the same days a year earlier.
    """
    params = {
        "cvegeo": cvegeo,
        "buffer_m": buffer_m,
        "day_from": day_from or dt.date(data_year, 1, 1),
        "day_to": day_to or dt.date(data_year, 12, 31),
    }
    return _one(run(cur, "inicio_kpis", params))


def corridors(cur: Cursor, *, cvegeo: str | None = None, corridor_id: str | None = None) -> pd.DataFrame:
    """Corridors (all, of one municipality, or one), with municipality name, centre and line."""
    return run(cur, "corridors", {"cvegeo": cvegeo, "corridor_id": corridor_id})


def corridor_geometry(cur: Cursor, *, corridor_id: str | None = None) -> pd.DataFrame:
    """Each corridor's line exactly as imported (GeoJSON, EPSG:4326): what exports publish; maps read :func:`corridors`."""
    return run(cur, "corridor_geometry", {"corridor_id": corridor_id})


def corridor_contracts(cur: Cursor, corridor_id: str) -> pd.DataFrame:
    """Contracts of one corridor."""
    return run(cur, "corridor_contracts", {"corridor_id": corridor_id})


def corridor_documents(cur: Cursor, corridor_id: str) -> pd.DataFrame:
    """Documents of one corridor."""
    return run(cur, "corridor_documents", {"corridor_id": corridor_id})


def corridor_crashes_by_year(cur: Cursor, corridor_id: str, buffer_m: float) -> pd.DataFrame:
    """Crashes within ``buffer_m`` metres of one corridor, per year: all, with victims, fatal."""
    return run(cur, "corridor_crashes_by_year", {"corridor_id": corridor_id, "buffer_m": buffer_m})


def corridor_milestones(cur: Cursor) -> pd.DataFrame:
    """The Green Corridors commitment's milestones with their status."""
    return run(cur, "corridor_milestones")


def nearest_corridors(cur: Cursor, lon: float, lat: float, limit: int = 3) -> pd.DataFrame:
    """The ``limit`` corridors nearest to a point, with their distance in metres."""
    return run(cur, "nearest_corridors", {"lon": float(lon), "lat": float(lat), "limit": int(limit)})


#: The precomputed crash_month_cell table's cell side (metres): density cells are multiples of it.
SUMMARY_CELL_M = 400


def crash_grid(cur: Cursor, f: Filters, *, cell_m: float = 400.0, max_cells: int = 20_000) -> pd.DataFrame:
    """Crash density in square cells of ``cell_m`` metres for the filters (at most ``max_cells``, densest first).

    ``cell_m`` is a multiple of the precomputed 400 m cells (ValueError otherwise).
    """
    if cell_m <= 0 or cell_m % SUMMARY_CELL_M:
        raise ValueError(f"cell_m must be a multiple of {SUMMARY_CELL_M} m, not {cell_m}")
    return run(cur, "crash_grid", {**f.crash_params(), "cell_m": float(cell_m), "max_cells": int(max_cells)})


def corridor_crash_points(
    cur: Cursor, f: Filters, corridor_id: str, *, date_from: dt.date, date_to: dt.date, max_points: int = 5_000
) -> pd.DataFrame:
    """Crashes near one corridor in ``[date_from, date_to)``, honouring severity, mode and buffer."""
    return run(
        cur,
        "corridor_crash_points",
        {
            "corridor_id": corridor_id,
            "buffer_m": float(f.buffer_m),
            "date_from": date_from,
            "date_to": date_to,
            "severity": f.severity,
            "mode": f.mode,
            "max_points": int(max_points),
        },
    )


#: The precomputed crash_year_cell table's cell side (metres): hotspot and network cells are multiples of it.
YEAR_CELL_M = 100


def year_cells(cell_m: float) -> float:
    """``cell_m`` checked: the cell tables are built in multiples of :data:`YEAR_CELL_M` metres."""
    if cell_m <= 0 or cell_m % YEAR_CELL_M:
        raise ValueError(f"cell_m must be a multiple of {YEAR_CELL_M} m, not {cell_m}")
    return float(cell_m)


def crash_hotspots(cur: Cursor, f: Filters, *, cell_m: float = 200.0, limit: int = 10) -> pd.DataFrame:
    """The ``limit`` cells of ``cell_m`` metres (a multiple of 100) with the most crashes, with their nearest corridor."""
    year_cells(cell_m)
    return run(cur, "crash_hotspots", {**f.crash_params(), "cell_m": float(cell_m), "limit": int(limit)})


def before_after_counts(cur: Cursor, f: Filters, *, months: int, data_end: dt.date | None) -> pd.DataFrame:
    """Before/after counts per opened corridor (``before_after.sql``); ``figures.before_after`` adds the rates.

    ``data_end`` is :func:`data_end`; None (no crash data) completes no after-opening window.
    """
    return run(
        cur,
        "before_after",
        {
            "buffer_m": float(f.buffer_m),
            "months": int(months),
            "severity": f.severity,
            "mode": f.mode,
            "cvegeo": f.cvegeo,
            "corridor_id": f.corridor_id,
            "data_end": data_end or dt.date.min,
        },
    )


def crash_monthly(cur: Cursor, f: Filters) -> pd.DataFrame:
    """Crashes per month for the filters: all and with victims."""
    return run(cur, "crash_monthly", f.crash_params())


def crash_hour_weekday(cur: Cursor, f: Filters) -> pd.DataFrame:
    """Crashes per hour of day and weekday (1 = Monday) for the filters."""
    return run(cur, "crash_hour_weekday", f.crash_params())


def crash_by_municipality(cur: Cursor, f: Filters) -> pd.DataFrame:
    """Crashes per municipality for the filters, with the rate per 100,000 inhabitants and year."""
    p = f.crash_params()
    p.pop("cvegeo")
    return run(cur, "crash_by_municipality", p)


def crash_by_severity_mode(cur: Cursor, f: Filters) -> pd.DataFrame:
    """Crashes by severity with the road users involved, killed and injured, for the area and period."""
    return run(cur, "crash_by_severity_mode", {"cvegeo": f.cvegeo, "year_from": f.year_from, "year_to": f.year_to})


def participation_events(cur: Cursor, f: Filters) -> pd.DataFrame:
    """Participation events matching the area and period filters."""
    return run(cur, "participation_events", f.area_params())


def participation_totals(cur: Cursor, f: Filters) -> dict[str, Any]:
    """Events and participants by gender, age group and disability for the area and period filters."""
    return _one(run(cur, "participation_totals", f.area_params()))


def comments_by_topic(cur: Cursor, f: Filters) -> pd.DataFrame:
    """Comments per topic with how many got an official reply and the median days to reply."""
    return run(cur, "comments_by_topic", f.area_params())


def comments_latest(cur: Cursor, f: Filters, *, topic: str | None = None, limit: int = 20) -> pd.DataFrame:
    """The latest ``limit`` comments (optionally of one topic) with their official replies."""
    return run(cur, "comments_latest", {**f.area_params(), "topic": topic, "limit": int(limit)})


def commitments(cur: Cursor, as_of: dt.date) -> pd.DataFrame:
    """Every commitment with its milestone counts (finished, overdue, stuck) as of ``as_of``."""
    return run(cur, "commitments", {"as_of": as_of})


def corridor_said(cur: Cursor, corridor_id: str) -> pd.DataFrame:
    """One corridor's comments topic by topic: counts, replies, before the works, latest reply."""
    return run(cur, "corridor_said", {"corridor_id": corridor_id})


def commitment_corridors(cur: Cursor) -> pd.DataFrame:
    """Each corridor with the evidence it gives the Green Corridors milestones (documents, contracts, workshops, comments)."""
    return run(cur, "commitment_corridors", {})


def digest_milestones(cur: Cursor, as_of: dt.date, next_meeting: dt.date) -> pd.DataFrame:
    """Every milestone with the digest's flags as of ``as_of``: overdue (and by how many days), stuck, due before ``next_meeting``."""
    return run(cur, "digest_milestones", {"as_of": as_of, "next_meeting": next_meeting})


def digest_changes(cur: Cursor, since: dt.date, as_of: dt.date) -> pd.DataFrame:
    """Milestone status changes recorded between ``since`` and ``as_of`` (both included), with the previous status."""
    return run(cur, "digest_changes", {"since": since, "as_of": as_of})


def milestones(cur: Cursor, commitment_id: str, as_of: dt.date) -> pd.DataFrame:
    """The milestones of one commitment as of ``as_of``: dates, status, days in status, overdue."""
    return run(cur, "milestones", {"commitment_id": commitment_id, "as_of": as_of})


def milestone_history(cur: Cursor, commitment_id: str) -> pd.DataFrame:
    """Status changes of one commitment's milestones, oldest first."""
    return run(cur, "milestone_history", {"commitment_id": commitment_id})


def municipalities(cur: Cursor) -> pd.DataFrame:
    """Municipalities with their population and centre, metro area first."""
    return run(cur, "municipalities")


def transit_lines(cur: Cursor) -> pd.DataFrame:
    """Metro and Ecovía lines with their paths."""
    return run(cur, "transit_lines")


def transit_stations(cur: Cursor) -> pd.DataFrame:
    """Metro and Ecovía stations with their positions."""
    return run(cur, "transit_stations")


def import_log(cur: Cursor) -> pd.DataFrame:
    """Every build and import, newest first."""
    return run(cur, "import_log")


def crash_coverage(cur: Cursor) -> pd.DataFrame:
    """What the crash records cover: source, municipality and the first and last day covered."""
    return run(cur, "crash_coverage")


def data_end(cur: Cursor) -> dt.date | None:
    """The last day the data cover (``sql/data_end.sql``): stored date, else latest covered day, else last crash; never today.

    None when the database has none of them (no crash imported): callers say "sin dato" instead of a date.
    """
    value = run(cur, "data_end").iloc[0]["data_end"]
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def data_sources(cur: Cursor) -> pd.DataFrame:
    """Every source of the data: publisher, licence, whether it is the sample, how many rows it gave."""
    return run(cur, "data_sources")


def table_counts(cur: Cursor) -> dict[str, int]:
    """Row count of every table in the data dictionary (empty tables name the import that fills them)."""
    return meta.table_counts(cur)


def dataset_version(cur: Cursor) -> str | None:
    """The dataset version: that of the latest import_log row (None in an empty database)."""
    row = cur.execute(sql_text("dataset_version")).fetchone()
    return str(row[0]) if row else None


def dataset_meta(cur: Cursor) -> dict[str, str]:
    """The dataset_meta table as a dict (sample or not, licence, data date, planted effects)."""
    df = run(cur, "dataset_meta")
    return dict(zip(df["key"], df["value"], strict=True))


def filtered_table(cur: Cursor, table: str, f: Filters, *, limit: int | None = None) -> pd.DataFrame:
    """The rows of ``table`` that match the filters it honours (``export.FILTERS``; values bound)."""
    return export.read_filtered(cur, table, f, limit=limit)


def crash_year_range(cur: Cursor) -> tuple[int, int]:
    """First and last calendar year with crashes (this year twice when there are none)."""
    lo, hi = run(cur, "crash_year_range").iloc[0]
    if lo is None or pd.isna(lo):  # empty crash table
        y = dt.date.today().year
        return (y, y)
    return (int(lo), int(hi))


def record_year_range(cur: Cursor) -> tuple[int, int, int | None]:
    """First and last year with any record (crashes, events, comments) and the last year with participation.

    With no records at all: this year twice and None.
    """
    lo, hi, part = run(cur, "record_year_range").iloc[0]
    if lo is None or pd.isna(lo):
        y = dt.date.today().year
        return (y, y, None)
    return (int(lo), int(hi), None if part is None or pd.isna(part) else int(part))


def filtered_count(cur: Cursor, table: str, f: Filters) -> int:
    """Row count of ``filtered_table``."""
    return export.count_filtered(cur, table, f)


def whole_years(cur: Cursor, cvegeo: str | None, year_from: int | None = None, year_to: int | None = None) -> list[int]:
    """Calendar years (inside the bounds, when given) that the crash records cover whole for the area."""
    return stats.whole_years(crash_coverage(cur), cvegeo, year_from, year_to)


#: The high-injury network's place columns (``crash_hin_places.sql``), ``cell`` first.
HIN_PLACE_COLUMNS = [
    "cell",
    "municipality",
    "intersection",
    "corridor_id",
    "corridor",
    "corridor_distance_m",
    "lon",
    "lat",
]


def crash_hin_cells(cur: Cursor, *, cvegeo: str | None, mode: str, cell_m: float) -> pd.DataFrame:
    """Fatal and injury crashes per cell and year (``crash_hin_cells.sql``): ``stats.high_injury_network``'s input."""
    return run(cur, "crash_hin_cells", {"cvegeo": cvegeo, "mode": mode, "cell_m": year_cells(cell_m)})


def crash_hin_network(
    cur: Cursor, *, cvegeo: str | None, mode: str, cell_m: float, window_ends: list[int]
) -> pd.DataFrame:
    """The latest window's high-injury network computed in SQL (``crash_hin_network.sql``, the rule of ``stats``)."""
    return run(
        cur,
        "crash_hin_network",
        {
            "cvegeo": cvegeo,
            "mode": mode,
            "cell_m": cell_m,
            "window_ends": window_ends,
            "window_years": stats.HIN_WINDOW_YEARS,
            "w_fatal": stats.HIN_WEIGHTS["fatal"],
            "w_injury": stats.HIN_WEIGHTS["injury"],
            "share": stats.HIN_SHARE,
            "min_score": stats.HIN_MIN_SCORE,
        },
    )


def crash_hin_places(cur: Cursor, cells: list[str], *, cvegeo: str | None, mode: str, cell_m: float) -> pd.DataFrame:
    """The details of the high-injury network's places ``cells`` (``crash_hin_places.sql``)."""
    return run(cur, "crash_hin_places", {"cells": cells, "cvegeo": cvegeo, "mode": mode, "cell_m": cell_m})


def corridor_exposure_counts(
    cur: Cursor,
    *,
    buffer_m: float,
    year_from: int,
    year_to: int,
    cvegeo: str | None = None,
    corridor_id: str | None = None,
) -> pd.DataFrame:
    """Counts of people near each corridor and its pedestrian and cyclist crashes (``corridor_exposure.sql``)."""
    return run(
        cur,
        "corridor_exposure",
        {
            "buffer_m": float(buffer_m),
            "cvegeo": cvegeo,
            "corridor_id": corridor_id,
            "year_from": int(year_from),
            "year_to": int(year_to),
        },
    )


def spf_reference(cur: Cursor, f: Filters, *, months: int, data_end: dt.date) -> pd.DataFrame:
    """Untreated reference site-years for the EB safety performance function (``sql/spf_reference.sql``).

    Only the buffer, severity and mode filters apply: the SPF describes the avenues of the whole covered area.
    """
    return run(
        cur,
        "spf_reference",
        {
            "buffer_m": float(f.buffer_m),
            "months": int(months),
            "severity": f.severity,
            "mode": f.mode,
            "data_end": data_end,
        },
    )
