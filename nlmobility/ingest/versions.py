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
period). When the earlier files' names differ from the new one's, their rows take the new name first.
A version that would remove more than a fifth of its source is refused unless ``--replace``; a
removed crash's id is never given to another crash (``dataset_meta.crash_id_high``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pandas as pd

from nlmobility import sources
from nlmobility.text.messages import Msg, msg

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
    removed: int = 0
    #: row index in the new file -> the crash_id its earlier version had (kept when it was counted)
    changed: dict[int, int | None] = field(default_factory=dict)

    @property
    def touched(self) -> bool:
        """Whether stored records were deleted (changed or removed): the precomputed tables must be rebuilt."""
        return bool(self.removed or self.changed)


def _key(values: tuple[Any, ...]) -> tuple[Any, ...]:
    """A crash key as compared here: coordinates already rounded to 5 decimals *by DuckDB* (``_ROUNDED``).

    DuckDB's ``round`` and Python's differ on some values (-99.280475); the load's own test of what is
    already stored (``load._fresh``) rounds in DuckDB, so keys are rounded there on both sides.
    """
    occurred_at, lon, lat, crash_type, cause, killed, injured = values
    if isinstance(occurred_at, pd.Timestamp):
        occurred_at = occurred_at.to_pydatetime()
    return (
        occurred_at,
        lon,
        lat,
        crash_type,
        cause,
        None if killed is None else int(killed),
        None if injured is None else int(injured),
    )


#: The key's columns with the coordinates rounded as ``load._fresh`` rounds them.
_ROUNDED = "occurred_at, round(lon, 5), round(lat, 5), crash_type, cause, killed, injured"


def _frame(rows: list[dict[str, Any]], **extra: list[Any]) -> pd.DataFrame:
    """Rows' key columns as a frame DuckDB reads with the right types (missing values as NULL)."""
    frame = pd.DataFrame({**extra, **{k: [r.get(k) for r in rows] for k in KEY}})
    for k in ("crash_type", "cause", "killed", "injured"):
        frame[k] = frame[k].astype(object)
    return frame


def _new_keys(con: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """Each new row's key, rounded by DuckDB, in the rows' order."""
    if not rows:
        return []
    con.register("new_keys", _frame(rows, _row=list(range(len(rows)))))
    try:
        got = con.execute(
            """SELECT occurred_at::TIMESTAMP, round(lon::DOUBLE, 5), round(lat::DOUBLE, 5), crash_type::VARCHAR,
            cause::VARCHAR, killed::INTEGER, injured::INTEGER FROM new_keys ORDER BY _row"""
        ).fetchall()
    finally:
        con.unregister("new_keys")
    return [_key(r) for r in got]


#: A new version that would remove more than this share of its source's stored records, and more than
#: ``MASS_MIN`` of them, is refused unless told (``replace``): a cut-off export or a partial file saved
#: under the source's name must not empty the source.
MASS_SHARE = 0.2
MASS_MIN = 100


class VersionRefused(Exception):
    """A new version that would remove too much: the message (a ``Msg``, with its Spanish twin) says what to do."""

    def __init__(self, msg: Msg) -> None:
        super().__init__(msg)
        self.msg = msg


def _raise_id_floor(con: duckdb.DuckDBPyConnection) -> None:
    """Remember the highest crash_id ever given, so that a removed crash's id is never given to another one."""
    high = con.execute(
        """SELECT greatest(coalesce((SELECT max(crash_id) FROM crash), 0),
        coalesce((SELECT max(try_cast(value AS BIGINT)) FROM dataset_meta WHERE key = 'crash_id_high'), 0))"""
    ).fetchone()
    con.execute("DELETE FROM dataset_meta WHERE key = 'crash_id_high'")  # not INSERT OR REPLACE: a lake has no keys
    con.execute("INSERT INTO dataset_meta VALUES ('crash_id_high', ?)", [str(int(high[0]) if high else 0)])


def earlier_names(con: duckdb.DuckDBPyConnection, file_name: str) -> list[str]:
    """The stored crash files that are versions of the same source as ``file_name``."""
    ident = sources.identity(file_name)
    rows = con.execute("SELECT source FROM data_source WHERE kind = 'crashes' AND NOT is_sample").fetchall()
    return sorted(str(s) for (s,) in rows if sources.identity(str(s)) == ident)


def prepare(
    con: duckdb.DuckDBPyConnection, file_name: str, rows: list[dict[str, Any]], *, replace: bool = False
) -> Plan | None:
    """Compare ``rows`` with the stored version of their source and delete what they change or drop.

    None when the source has no stored version. Runs in the caller's transaction, before the
    rows are inserted (unchanged ones are then found present; changed and added ones are new).
    Raises :class:`VersionRefused` when the version would remove more than ``MASS_SHARE`` of the
    source (and more than ``MASS_MIN`` records) and ``replace`` is not given.
    """
    names = earlier_names(con, file_name)
    if not names:
        return None
    plan = Plan(names)
    old = con.execute(
        f"""SELECT 'crash', crash_id, {_ROUNDED} FROM crash WHERE source IN (SELECT unnest($1))
        UNION ALL SELECT 'link', crash_id, {_ROUNDED} FROM crash_link WHERE source IN (SELECT unnest($1))""",  # noqa: S608
        [names],
    ).fetchall()
    pool: dict[tuple[Any, ...], list[int]] = {}
    for i, r in enumerate(old):
        pool.setdefault(_key(r[2:]), []).append(i)
    new_left: list[int] = []
    for i, key in enumerate(_new_keys(con, rows)):
        hit = pool.get(key)
        if hit:
            hit.pop()  # unchanged: stays as stored (the load finds it present)
        else:
            new_left.append(i)
    old_left = [i for ids in pool.values() for i in ids]
    _pair(con, plan, names=names, old_left=[old[i] for i in old_left], rows=rows, new_left=new_left)
    plan.removed = len(old_left) - len(plan.changed)
    if not replace and plan.removed > MASS_MIN and plan.removed > MASS_SHARE * len(old):
        share = f"{plan.removed / len(old):.0%}"
        raise VersionRefused(msg("imp_versions_mass_removal", removed=plan.removed, stored=len(old), share=share))
    _raise_id_floor(con)
    promoted = _delete(con, names, [old[i] for i in old_left])
    for i, old_id in list(plan.changed.items()):
        if old_id in promoted:  # another source's record now holds that id: the new version gets its own
            plan.changed[i] = None
    _rename(con, names, file_name)
    return plan


def _rename(con: duckdb.DuckDBPyConnection, names: list[str], file_name: str) -> None:
    """The earlier versions' rows take the new file's name before it is inserted (so they are its own, never linked to it)."""
    for old in (n for n in names if n != file_name):
        for table in _BY_SOURCE:  # fixed table names
            con.execute(f"UPDATE {table} SET source = ? WHERE source = ?", [file_name, old])  # noqa: S608
        con.execute("UPDATE crash_link SET linked_by = ? WHERE linked_by = ?", [file_name, old])
        con.execute("DELETE FROM crash_coverage WHERE source = ?", [old])
        con.execute("DELETE FROM data_source WHERE source = ?", [old])


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
        f"SELECT record_id, {_ROUNDED} FROM crash_record WHERE source IN (SELECT unnest(?))",  # noqa: S608
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


def _delete(con: duckdb.DuckDBPyConnection, names: list[str], old_left: list[tuple[Any, ...]]) -> set[int]:
    """Delete the stored records the new version changes or drops; a linked record of another source takes a counted one's place.

    Returns the ids a linked record now holds. Old rows are matched by crash_id and their rounded key.
    """
    links = [r for r in old_left if r[0] == "link"]
    counted = sorted({int(r[1]) for r in old_left if r[0] == "crash"})
    if links:
        frame = pd.DataFrame([r[1:] for r in links], columns=["crash_id", *KEY])
        for k in ("crash_type", "cause", "killed", "injured"):
            frame[k] = frame[k].astype(object)
        con.register("gone_links", frame)
        try:
            on = " AND ".join(
                f"round(crash_link.{k}, 5) = g.{k}"
                if k in ("lon", "lat")
                else f"crash_link.{k} IS NOT DISTINCT FROM g.{k}"
                for k in KEY
            )
            con.execute(
                f"""DELETE FROM crash_link USING gone_links g
                WHERE crash_link.crash_id = g.crash_id AND crash_link.source IN (SELECT unnest(?)) AND {on}""",  # noqa: S608
                [names],
            )
        finally:
            con.unregister("gone_links")
    if not counted:
        return set()
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
    promoted = {int(r[0]) for r in con.execute("SELECT crash_id FROM promoted").fetchall()}
    con.execute("DROP TABLE promoted")
    return promoted


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
    if not append:
        con.execute("DELETE FROM crash_record WHERE source = ?", [file_name])
    numbered = [r for r in rows if r.get("record_id")]
    if numbered:
        con.register("numbered", _frame(numbered, record_id=[str(r["record_id"]) for r in numbered]))
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
    con.register("kept_ids", _frame([rows[i] for i, _ in kept], old_id=[o for _, o in kept]))
    try:
        on = " AND ".join(f"c.{k} IS NOT DISTINCT FROM k.{k}" for k in KEY if k not in ("lon", "lat"))
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE id_map AS SELECT DISTINCT ON (new_id) new_id, old_id FROM (
                SELECT DISTINCT ON (k.old_id) c.crash_id AS new_id, k.old_id
                FROM kept_ids k JOIN crash c ON c.crash_id > ? AND c.source = ?
                AND round(c.lon, 5) = round(k.lon, 5) AND round(c.lat, 5) = round(k.lat, 5) AND {on}
                WHERE k.old_id NOT IN (SELECT crash_id FROM crash)
                ORDER BY k.old_id, c.crash_id
            ) ORDER BY new_id, old_id""",  # noqa: S608
            [start, file_name],
        )
    finally:
        con.unregister("kept_ids")
    for table in ("crash", "crash_placement", "crash_link"):  # fixed table names
        con.execute(f"UPDATE {table} SET crash_id = m.old_id FROM id_map m WHERE {table}.crash_id = m.new_id")  # noqa: S608
    con.execute("DROP TABLE id_map")
