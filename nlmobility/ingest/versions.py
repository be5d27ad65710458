"""A new version of a crash source replaces the earlier one: added, changed and removed records, ids kept.

The state portal publishes cumulative exports that it corrects over time. Importing next quarter's
export of a municipality over this one must not keep a corrected record twice (old and new), so a
crash file whose source (``sources.identity``: the portal's dataset id, else the file name) is
already stored is compared with what that source stored, inside the import's transaction:

* a record with the same content (the crash key) as a stored record of the source is **unchanged**
  and keeps its ``crash_id``;
* a stored record whose number in the source (``crash_record.record_id``, the portal's Folio) comes
  back with other content was **changed**: the stored record is deleted and the new one takes its
  ``crash_id``, so share links and tables that name the crash stay right; numbers are paired only
  where they are unique among the unmatched records of both versions (the portal restarts its
  numbers each quarter);
* other stored records of the source are **removed**, and the file's other rows are **added**.

A removed counted crash that another source's record was linked to (``crash_link``) is not lost:
that record becomes the counted one, under the same ``crash_id``. The precomputed tables are
rebuilt when anything was changed or removed. ``--append`` skips all this (a file that only adds a
period). Only the earlier files' names differ from the new one's: their rows take the new name.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pandas as pd

from nlmobility import sources

_UTM = "ST_Transform(ST_Point(lon, lat), 'EPSG:4326', 'EPSG:32614', always_xy := true)"
#: The crash key (ingest/kinds.py). Every SQL text below built from it, or from a fixed table name, is marked
#: ``noqa: S608``: nothing in it comes from a file; values are bound.
KEY = ("occurred_at", "lon", "lat", "crash_type", "cause", "killed", "injured")
#: Tables whose ``source`` column names the file a crash record came from.
_BY_SOURCE = ("crash", "crash_link", "crash_placement", "crash_record", "import_issue")


@dataclass
class Plan:
    """What a new version does to the stored one."""

    names: list[str]  # the source's files stored so far (the earlier versions)
    unchanged: int = 0
    added: int = 0
    removed: int = 0
    #: row index in the new file -> the crash_id its earlier version had (kept when it was counted)
    changed: dict[int, int | None] = field(default_factory=dict)

    @property
    def touched(self) -> bool:
        """Whether stored records were deleted (changed or removed): the precomputed tables must be rebuilt."""
        return bool(self.removed or self.changed)


def _key(values: tuple[Any, ...]) -> tuple[Any, ...]:
    occurred_at, lon, lat, crash_type, cause, killed, injured = values
    if isinstance(occurred_at, pd.Timestamp):
        occurred_at = occurred_at.to_pydatetime()
    return (
        occurred_at,
        round(float(lon), 5),
        round(float(lat), 5),
        crash_type,
        cause,
        None if killed is None else int(killed),
        None if injured is None else int(injured),
    )


def earlier_names(con: duckdb.DuckDBPyConnection, file_name: str) -> list[str]:
    """The stored crash files that are versions of the same source as ``file_name``."""
    ident = sources.identity(file_name)
    rows = con.execute("SELECT source FROM data_source WHERE kind = 'crashes' AND NOT is_sample").fetchall()
    return sorted(str(s) for (s,) in rows if sources.identity(str(s)) == ident)


def prepare(con: duckdb.DuckDBPyConnection, file_name: str, rows: list[dict[str, Any]]) -> Plan | None:
    """Compare ``rows`` with the stored version of their source and delete what they change or drop.

    None when the source has no stored version. Runs in the caller's transaction, before the
    rows are inserted (unchanged ones are then found present; changed and added ones are new).
    """
    names = earlier_names(con, file_name)
    if not names:
        return None
    plan = Plan(names)
    cols = ", ".join(KEY)
    old = con.execute(
        f"""SELECT 'crash', crash_id, {cols} FROM crash WHERE source IN (SELECT unnest($1))
        UNION ALL SELECT 'link', crash_id, {cols} FROM crash_link WHERE source IN (SELECT unnest($1))""",  # noqa: S608
        [names],
    ).fetchall()
    pool: dict[tuple[Any, ...], list[int]] = {}
    for i, r in enumerate(old):
        pool.setdefault(_key(r[2:]), []).append(i)
    new_left: list[int] = []
    for i, row in enumerate(rows):
        hit = pool.get(_key(tuple(row.get(k) for k in KEY)))
        if hit:
            hit.pop()
            plan.unchanged += 1
        else:
            new_left.append(i)
    old_left = [i for ids in pool.values() for i in ids]
    _pair(con, plan, names=names, old_left=[old[i] for i in old_left], rows=rows, new_left=new_left)
    plan.added = len(new_left) - len(plan.changed)
    plan.removed = len(old_left) - len(plan.changed)
    _delete(con, names, [old[i] for i in old_left])
    return plan


def _pair(  # noqa: PLR0917
    con: duckdb.DuckDBPyConnection,
    plan: Plan,
    names: list[str],
    old_left: list[tuple[Any, ...]],
    rows: list[dict[str, Any]],
    new_left: list[int],
) -> None:
    """Changed records: an unmatched stored record and an unmatched new row with the same unique number."""
    if not old_left or not new_left:
        return
    numbers: dict[tuple[Any, ...], list[str]] = {}
    for r in con.execute(
        f"SELECT record_id, {', '.join(KEY)} FROM crash_record WHERE source IN (SELECT unnest(?))",  # noqa: S608
        [names],
    ).fetchall():
        numbers.setdefault(_key(r[1:]), []).append(str(r[0]))
    old_by_number: dict[str, tuple[Any, ...]] = {}
    old_counts: Counter[str] = Counter()
    for r in old_left:
        found = numbers.get(_key(r[2:]), [])
        if len(found) == 1:
            old_by_number[found[0]] = r
            old_counts[found[0]] += 1
    new_counts = Counter(str(rows[i]["record_id"]) for i in new_left if rows[i].get("record_id"))
    for i in new_left:
        number = rows[i].get("record_id")
        if number is None or new_counts[str(number)] != 1 or old_counts[str(number)] != 1:
            continue
        stored = old_by_number[str(number)]
        plan.changed[i] = int(stored[1]) if stored[0] == "crash" else None


def _delete(con: duckdb.DuckDBPyConnection, names: list[str], old_left: list[tuple[Any, ...]]) -> None:
    """Delete the stored records the new version changes or drops; a linked record of another source takes a counted one's place."""
    links = [r for r in old_left if r[0] == "link"]
    counted = sorted({int(r[1]) for r in old_left if r[0] == "crash"})
    if links:
        frame = pd.DataFrame([r[1:] for r in links], columns=["crash_id", *KEY])
        con.register("gone_links", frame)
        try:
            on = " AND ".join(f"crash_link.{k} IS NOT DISTINCT FROM g.{k}" for k in KEY)
            con.execute(
                f"""DELETE FROM crash_link USING gone_links g
                WHERE crash_link.crash_id = g.crash_id AND crash_link.source IN (SELECT unnest(?)) AND {on}""",  # noqa: S608
                [names],
            )
        finally:
            con.unregister("gone_links")
    if not counted:
        return
    con.execute(
        """CREATE OR REPLACE TEMP TABLE promoted AS SELECT * EXCLUDE (rk) FROM (
            SELECT *, row_number() OVER (PARTITION BY crash_id ORDER BY source, occurred_at, lon, lat) AS rk
            FROM crash_link WHERE list_contains($1, crash_id) AND source NOT IN (SELECT unnest($2))
        ) WHERE rk = 1""",
        [counted, names],
    )
    con.execute("DELETE FROM crash WHERE list_contains(?, crash_id)", [counted])
    con.execute("DELETE FROM crash_placement WHERE list_contains(?, crash_id)", [counted])
    con.execute(
        f"""INSERT INTO crash SELECT crash_id, occurred_at, severity, killed, injured, pedestrian, cyclist, motorcyclist,
        crash_type, cause, cvegeo, lon, lat, ST_Point(lon, lat), {_UTM}, source, time_known, ST_X({_UTM}), ST_Y({_UTM})
        FROM promoted"""  # noqa: S608
    )
    # the gazetteer match's score is not kept with a linked record: an exact match is 1 by definition
    con.execute(
        """INSERT INTO crash_placement SELECT crash_id, source, placement, 1.0, place_name, place_name
        FROM promoted WHERE placement = 'exact'"""
    )
    con.execute(
        f"""DELETE FROM crash_link USING promoted p WHERE crash_link.crash_id = p.crash_id
        AND crash_link.source = p.source AND {" AND ".join(f"crash_link.{k} IS NOT DISTINCT FROM p.{k}" for k in KEY)}"""  # noqa: S608
    )
    con.execute("DROP TABLE promoted")


def finish(
    con: duckdb.DuckDBPyConnection,
    plan: Plan | None,
    file_name: str,
    rows: list[dict[str, Any]],
    start: int,
    *,
    append: bool,
) -> None:
    """After the insert: changed records take back their crash_id, earlier file names become this one, numbers are kept."""
    if plan is not None:
        _keep_ids(con, plan, file_name, rows, start)
        for old in (n for n in plan.names if n != file_name):
            for table in _BY_SOURCE:  # fixed table names
                con.execute(f"UPDATE {table} SET source = ? WHERE source = ?", [file_name, old])  # noqa: S608
            con.execute("DELETE FROM crash_coverage WHERE source = ?", [old])
            con.execute("DELETE FROM data_source WHERE source = ?", [old])
    if not append:
        con.execute("DELETE FROM crash_record WHERE source = ?", [file_name])
    numbered = [r for r in rows if r.get("record_id")]
    if numbered:
        frame = pd.DataFrame(
            {"record_id": [str(r["record_id"]) for r in numbered], **{k: [r.get(k) for r in numbered] for k in KEY}}
        )
        for k in ("crash_type", "cause", "killed", "injured"):
            frame[k] = frame[k].astype(object)
        con.register("numbered", frame)
        try:
            con.execute(
                f"""INSERT INTO crash_record SELECT ?, record_id, occurred_at, lon, lat, crash_type, cause,
                killed::INTEGER, injured::INTEGER FROM numbered
                EXCEPT SELECT source, record_id, {", ".join(KEY)} FROM crash_record WHERE source = ?""",  # noqa: S608
                [file_name, file_name],
            )
        finally:
            con.unregister("numbered")


def _keep_ids(
    con: duckdb.DuckDBPyConnection, plan: Plan, file_name: str, rows: list[dict[str, Any]], start: int
) -> None:
    """A changed record counted as a new crash takes the crash_id its earlier version had."""
    kept = [(i, old) for i, old in plan.changed.items() if old is not None]
    if not kept:
        return
    frame = pd.DataFrame({"old_id": [o for _, o in kept], **{k: [rows[i].get(k) for i, _ in kept] for k in KEY}})
    for k in ("crash_type", "cause", "killed", "injured"):
        frame[k] = frame[k].astype(object)
    con.register("kept_ids", frame)
    try:
        on = " AND ".join(f"c.{k} IS NOT DISTINCT FROM k.{k}" for k in KEY if k not in ("lon", "lat"))
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE id_map AS SELECT DISTINCT ON (k.old_id) c.crash_id AS new_id, k.old_id
            FROM kept_ids k JOIN crash c ON c.crash_id > ? AND c.source = ?
            AND round(c.lon, 5) = round(k.lon, 5) AND round(c.lat, 5) = round(k.lat, 5) AND {on}""",  # noqa: S608
            [start, file_name],
        )
    finally:
        con.unregister("kept_ids")
    for table in ("crash", "crash_placement", "crash_link"):  # fixed table names
        con.execute(f"UPDATE {table} SET crash_id = m.old_id FROM id_map m WHERE {table}.crash_id = m.new_id")  # noqa: S608
    con.execute("DROP TABLE id_map")
