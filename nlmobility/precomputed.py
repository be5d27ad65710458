"""Precomputed tables the indicators read instead of redoing spatial joins (Streamlit-free).

``crash_corridor`` holds every crash within the largest distance the app offers (300 m) of each
corridor, with its distance: an indicator at 50 m keeps ``distance_m <= 50``. It is rebuilt with
the data and kept current inside each import's transaction: new crashes are added; a corridors
import (new or moved lines) rebuilds it. Tests check it equals the direct spatial join.
"""

from __future__ import annotations

import duckdb

from nlmobility import db, queries
from nlmobility.filters import BUFFER_RANGE

#: The largest crash-to-corridor distance any view offers (metres): what the table covers.
MAX_BUFFER_M = float(BUFFER_RANGE[1])


def _add(con: duckdb.DuckDBPyConnection, after_id: int) -> None:
    con.execute(queries.sql_text("crash_corridor_add"), {"after_id": after_id, "max_m": MAX_BUFFER_M})


def rebuild(con: duckdb.DuckDBPyConnection) -> None:
    """Recompute ``crash_corridor`` from the crash and corridor tables (inside the caller's transaction)."""
    con.execute("DELETE FROM crash_corridor")
    _add(con, -1)


def last_crash_id(con: duckdb.DuckDBPyConnection) -> int:
    """The largest crash id now (new crashes get larger ones)."""
    return int(db.scalar(con, "SELECT coalesce(max(crash_id), 0) FROM crash"))


def after_import(con: duckdb.DuckDBPyConnection, table: str, crash_id_before: int) -> None:
    """Keep the precomputed tables current after an import into ``table`` (same transaction)."""
    if table == "crash":
        _add(con, crash_id_before)
    elif table == "corridor":
        rebuild(con)
