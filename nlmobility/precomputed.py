"""Precomputed tables the indicators read instead of redoing spatial joins and scans (Streamlit-free).

- ``crash_corridor``: every crash within the largest distance the app offers (300 m) of each corridor,
  with its distance (an indicator at 50 m keeps ``distance_m <= 50``); new crashes are added, a
  corridors import (new or moved lines) rebuilds it.
- ``crash_day_count``: crashes per day, municipality, severity and road users (before/after's
  rest-of-metro trend).
- ``crash_month_cell``: per month and 400 m cell (density map, monthly trend, municipal table).
- ``crash_year_cell``: per year and 100 m cell (hotspots, high-injury network).
- ``corridor_display``: each corridor's line as maps draw it, simplified in the metric CRS so that no
  import, however detailed its lines, can make a page's map heavy (rebuilt with every corridors import).

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


#: Tolerances tried for the display copies (metres, UTM 14N), finest first: 1 m keeps every bend a map at street
#: zoom shows (a corridor's line is drawn 4-8 px wide; at zoom 17 a pixel is about 1.2 m at Monterrey's latitude).
DISPLAY_TOLERANCES_M = (1.0, 2.0, 5.0, 10.0, 25.0, 50.0, 100.0, 250.0, 500.0)
#: The most vertices one corridor's display copy keeps: a line with more is simplified with the next tolerance.
#: Measured: a vertex costs about 80 bytes of the page's deck JSON (pydeck indents it, and the line is drawn
#: twice, casing and colour), so 1,000 vertices are about 80 KB.
DISPLAY_MAX_VERTICES = 1_000
#: The most vertices all corridors' copies keep together (about 400 KB of deck JSON: a map page stays under 1 MB
#: with the municipal limits, transit and crash layers beside it); beyond it every copy is coarsened a step.
#: The sample's 13 corridors have 29 vertices in all; a street-following real corridor has tens to hundreds.
DISPLAY_BUDGET_VERTICES = 5_000


def rebuild_display(con: duckdb.DuckDBPyConnection) -> list[tuple[float, int]]:
    """Remake every corridor's display copy (``corridor_display``); the (tolerance, vertices) of each step taken.

    Each line is simplified with the finest tolerance, then lines over :data:`DISPLAY_MAX_VERTICES` (or all of
    them, while the total is over :data:`DISPLAY_BUDGET_VERTICES`) again with the next one, until both hold.
    """
    con.execute("DELETE FROM corridor_display")
    steps: list[tuple[float, int]] = []
    for i, tolerance in enumerate(DISPLAY_TOLERANCES_M):
        queries.corridor_display_add(con, tolerance)
        worst, total = con.execute(
            "SELECT coalesce(max(vertices), 0), coalesce(sum(vertices), 0) FROM corridor_display"
        ).fetchone() or (0, 0)
        steps.append((tolerance, int(total)))
        if i == len(DISPLAY_TOLERANCES_M) - 1 or (worst <= DISPLAY_MAX_VERTICES and total <= DISPLAY_BUDGET_VERTICES):
            break
        if worst > DISPLAY_MAX_VERTICES:
            con.execute("DELETE FROM corridor_display WHERE vertices > ?", [DISPLAY_MAX_VERTICES])
        else:  # every line within its own cap, too many together: coarsen each one that a step can shorten
            con.execute("DELETE FROM corridor_display WHERE vertices > 2")
    return steps


def rebuild(con: duckdb.DuckDBPyConnection) -> None:
    """Recompute every precomputed table from the crash and corridor tables (inside the caller's transaction)."""
    rebuild_display(con)
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
        rebuild_display(con)
