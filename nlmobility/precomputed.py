"""Precomputed tables the indicators read instead of redoing spatial joins and scans (Streamlit-free).

- ``crash_corridor``: every crash within the largest distance the app offers (300 m) of each corridor,
  with its distance (an indicator at 50 m keeps ``distance_m <= 50``); new crashes are added, a
  corridors import (new or moved lines) rebuilds it.
- ``crash_day_count``: crashes per day, municipality, severity and road users (before/after's
  rest-of-metro trend).
- ``crash_month_cell``: per month and 400 m cell (density map, monthly trend, municipal table).
- ``crash_year_cell``: per year and 100 m cell (hotspots, high-injury network).

All are rebuilt with the data and kept current inside each import's transaction (the counts are
append-only: an import adds its new crashes' rows). Tests check each equals the direct computation.
"""

from __future__ import annotations

import duckdb

from nlmobility import db, queries
from nlmobility.filters import BUFFER_RANGE

#: The largest crash-to-corridor distance any view offers (metres): what the table covers.
MAX_BUFFER_M = float(BUFFER_RANGE[1])


#: The side of the summary's square cells (metres, UTM 14N); grid queries use multiples of it.
CELL_M = queries.SUMMARY_CELL_M


def _add_near(con: duckdb.DuckDBPyConnection, after_id: int) -> None:
    queries.crash_corridor_add(con, after_id, MAX_BUFFER_M)


def _add_cells(con: duckdb.DuckDBPyConnection, after_id: int) -> None:
    queries.crash_month_cell_add(con, after_id)
    queries.crash_year_cell_add(con, after_id)
    queries.crash_day_count_add(con, after_id)


def rebuild(con: duckdb.DuckDBPyConnection) -> None:
    """Recompute every precomputed table from the crash and corridor tables (inside the caller's transaction)."""
    con.execute("DELETE FROM crash_corridor")
    _add_near(con, -1)
    con.execute("DELETE FROM crash_month_cell")
    con.execute("DELETE FROM crash_year_cell")
    con.execute("DELETE FROM crash_day_count")
    _add_cells(con, -1)


def last_crash_id(con: duckdb.DuckDBPyConnection) -> int:
    """The largest crash id now (new crashes get larger ones)."""
    return int(db.scalar(con, "SELECT coalesce(max(crash_id), 0) FROM crash"))


def after_import(con: duckdb.DuckDBPyConnection, table: str, crash_id_before: int) -> None:
    """Keep the precomputed tables current after an import into ``table`` (same transaction)."""
    if table == "crash":
        _add_near(con, crash_id_before)
        _add_cells(con, crash_id_before)
    elif table == "corridor":
        con.execute("DELETE FROM crash_corridor")
        _add_near(con, -1)
