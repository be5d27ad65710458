"""``nlmobility upgrade``: bring a database made by an earlier version up to this version's schema.

What changes between versions is added, never guessed: missing tables (the precomputed ones) are
created and filled from the data, missing columns are added (crash coordinates computed from the
geometry, a corridor's unpublished physical progress left empty), and the action plan's commitments
are rewritten from the published facts (dataLABNL's milestones move to its OGP id MXNLE0001 with
their history). Like an import, it runs on a copy under the write lock and swaps it in only when
everything is done, and it records a new dataset version so every page reloads its figures.
"""

from __future__ import annotations

import datetime as dt
import pathlib
import re

import duckdb

from nlmobility import db, dictionary, precomputed, sample

#: The id dataLABNL had before its OGP id was found.
OLD_DATALAB_ID = "DATALABNL"
NEW_DATALAB_ID = "MXNLE0001"


def _columns(con: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for table, column in con.execute("SELECT table_name, column_name FROM information_schema.columns").fetchall():
        out.setdefault(str(table), set()).add(str(column))
    return out


def problems(con: duckdb.DuckDBPyConnection) -> list[str]:
    """What this database lacks against the data dictionary ("table x", "column t.c"); empty when current."""
    have = _columns(con)
    out = []
    for t in dictionary.TABLES:
        if t.name not in have:
            out.append(f"table {t.name}")
            continue
        out += [f"column {t.name}.{c.name}" for c in t.columns if c.name not in have[t.name]]
    return out


def _create_statement(table: str) -> str:
    """The ``CREATE TABLE`` statement of ``table`` in sql/schema.sql (comments removed)."""
    text = "\n".join(line.split("--", 1)[0] for line in sample.schema_sql().splitlines())
    for stmt in text.split(";"):
        if re.match(rf"\s*CREATE TABLE {re.escape(table)}\s*\(", stmt):
            return stmt.strip()
    raise KeyError(f"no CREATE TABLE {table} in schema.sql")


def _apply(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Bring the open database up to date inside the caller's transaction; the steps taken."""
    steps: list[str] = []
    have = _columns(con)
    if "plan_slot" not in have.get("commitment", set()):
        for sql in (
            "UPDATE milestone_status_history SET milestone_id = replace(milestone_id, ?, ?) WHERE milestone_id LIKE ?",
            "UPDATE milestone SET milestone_id = replace(milestone_id, ?, ?) WHERE milestone_id LIKE ?",
        ):
            con.execute(sql, [OLD_DATALAB_ID, NEW_DATALAB_ID, OLD_DATALAB_ID + "-%"])
        con.execute("UPDATE milestone SET commitment_id = ? WHERE commitment_id = ?", [NEW_DATALAB_ID, OLD_DATALAB_ID])
        con.execute("DROP TABLE commitment")
        con.execute(_create_statement("commitment"))
        sample.insert_commitments(con)
        steps.append("commitments: the action plan's 8, as published (dataLABNL moved to MXNLE0001)")
    crash_cols = have.get("crash", set())
    if "x" not in crash_cols or "y" not in crash_cols:
        con.execute("ALTER TABLE crash ADD COLUMN IF NOT EXISTS x DOUBLE")
        con.execute("ALTER TABLE crash ADD COLUMN IF NOT EXISTS y DOUBLE")
        con.execute("UPDATE crash SET x = ST_X(geom_utm), y = ST_Y(geom_utm)")
        steps.append("crash: plain UTM coordinates x, y")
    if "progress_pct" not in have.get("corridor", set()):
        con.execute("ALTER TABLE corridor ADD COLUMN progress_pct DOUBLE")
        steps.append("corridor: physical progress (empty: not published)")
    created = []
    for t in dictionary.TABLES:
        if t.name not in have:
            con.execute(_create_statement(t.name))
            created.append(t.name)
    if created or steps:
        precomputed.rebuild(con)
        steps.append("precomputed tables rebuilt" + (f" (created {', '.join(created)})" if created else ""))
    left = problems(con)
    if left:
        raise RuntimeError(f"cannot upgrade automatically: {', '.join(left)}")
    return steps


def upgrade(path: str | pathlib.Path) -> list[str]:
    """Upgrade the database at ``path`` in place (atomically); the steps taken, empty when it was current."""
    target = pathlib.Path(path)
    if not target.exists():
        raise FileNotFoundError(f"database {target} does not exist")
    con = db.connect(target)
    try:
        if not problems(con):
            return []
    finally:
        con.close()

    def apply(con: duckdb.DuckDBPyConnection) -> list[str]:
        con.execute("BEGIN TRANSACTION")
        steps = _apply(con)
        n = int(db.scalar(con, "SELECT coalesce(max(import_id), 0) + 1 FROM import_log"))
        checksum = sample.data_checksum(con)
        con.execute(
            "INSERT INTO import_log VALUES (?, 'upgrade', 'nlmobility upgrade', ?, 0, 0, ?, 'nlmobility upgrade', ?, ?)",
            [n, checksum, dt.datetime.now(dt.UTC).replace(tzinfo=None), f"v{n}-{checksum[:8]}", "; ".join(steps)],
        )
        con.execute("COMMIT")
        return steps

    steps = db.rewrite(target, apply, suffix=".upgrade.tmp")
    from nlmobility import feed  # here: the feed reads the upgraded file

    feed.write(target)
    return steps


def sort_crashes(path: str | pathlib.Path) -> int:
    """Rewrite the crash table of the file at ``path`` in date order (imports append); the rows rewritten.

    Queries that read a period skip whole row groups when crashes are stored by date. Same rows,
    same constraints (the table is recreated from sql/schema.sql), no new dataset version. The
    yearly cell counts go back to severity order too (the high-injury network reads only the
    fatal and injury row groups; imports append theirs at the end).
    """

    def apply(con: duckdb.DuckDBPyConnection) -> int:
        con.execute("BEGIN TRANSACTION")
        con.execute(_create_statement("crash").replace("CREATE TABLE crash", "CREATE TABLE crash_sorted", 1))
        con.execute("INSERT INTO crash_sorted SELECT * FROM crash ORDER BY occurred_at, crash_id")
        n = int(db.scalar(con, "SELECT count(*) FROM crash_sorted"))
        if n != int(db.scalar(con, "SELECT count(*) FROM crash")):
            raise RuntimeError("the sorted crash table lost rows; nothing was changed")
        con.execute("DROP TABLE crash")
        con.execute("ALTER TABLE crash_sorted RENAME TO crash")
        cells = int(db.scalar(con, "SELECT count(*) FROM crash_year_cell"))
        con.execute(
            "CREATE TEMP TABLE year_cell_sorted AS SELECT * FROM crash_year_cell"
            " ORDER BY severity, year, cvegeo, cx, cy"  # the order of sql/crash_year_cell_add.sql
        )
        con.execute("DELETE FROM crash_year_cell")
        con.execute("INSERT INTO crash_year_cell SELECT * FROM year_cell_sorted")
        con.execute("DROP TABLE year_cell_sorted")
        if int(db.scalar(con, "SELECT count(*) FROM crash_year_cell")) != cells:
            raise RuntimeError("the sorted yearly cell counts lost rows; nothing was changed")
        con.execute("COMMIT")
        return n

    return db.rewrite(path, apply, suffix=".maintain.tmp")
