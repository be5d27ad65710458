"""Load checked rows atomically: copy the database, import into the copy, then swap it in.

Why copy-and-swap: the app keeps read-only connections open (DuckDB allows one writer *or* many
readers per file), and a refused or killed import must leave the database exactly as it was. The
import runs in one transaction on a private copy under the single-writer lock; only a committed
and checkpointed copy replaces the live file (``os.replace`` is atomic). Readers notice the new
file and reopen (``db.Database``), so they see the new dataset version without a restart.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import pathlib
import time
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pandas as pd
import shapely

from nlmobility import db, meta, precomputed, settings, sources
from nlmobility.ingest import versions
from nlmobility.ingest.kinds import Kind
from nlmobility.ingest.options import Progress, no_progress


@dataclass
class LoadResult:
    """What a load inserted, what was already there, and the new dataset version (None for a dry run)."""

    inserted: int
    skipped_existing: int
    dataset_version: str | None
    notes: list[str] = field(default_factory=list)
    #: crash records linked to a crash counted from another source, per that source: linked, counted from this file
    linked: dict[str, dict[str, int]] = field(default_factory=dict)
    #: records of the earlier version of the same source that this one changed (counted in ``inserted`` too) or dropped
    changed: int = 0
    removed: int = 0


def sha256(path: pathlib.Path) -> str:
    """SHA-256 of a file, hex (recorded in import_log)."""
    h = hashlib.sha256()
    with pathlib.Path(path).open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    df = pd.DataFrame(rows)
    if "geometry" in df.columns:
        df["wkb"] = [shapely.to_wkb(g) if g is not None else None for g in df["geometry"]]
        df = df.drop(columns=["geometry"])
    return df


#: Tables whose rows also count as present for a kind's table (records linked to a crash counted from another source).
_ALSO_PRESENT: dict[str, tuple[str, ...]] = {"crash": ("crash_link",)}


def _fresh(con: duckdb.DuckDBPyConnection, kind: Kind, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows whose key is not in the kind's table yet, found inside DuckDB (an anti-join).

    Only the incoming keys are registered (the small side of the join); the table's keys are
    streamed by DuckDB, so memory stays bounded whatever the database's size. Float keys (crash
    coordinates) compare at 5 decimals, missing values match missing values.
    """
    if kind.upsert or not rows:
        return rows
    frame = pd.DataFrame({k: [r.get(k) for r in rows] for k in kind.key})
    frame["_row"] = range(len(rows))
    floats = {k for k in kind.key if any(isinstance(r.get(k), float) for r in rows)}
    types = dict(
        con.execute(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ?", [kind.table]
        ).fetchall()
    )

    def side(alias: str, k: str) -> str:
        # the incoming side takes the table's type (a column of only missing values has no type of its own)
        col = f"{alias}.{k}" if alias != "i" else f"CAST({alias}.{k} AS {types[k]})"
        return f"round({col}, 5)" if k in floats else col

    def on(alias: str) -> str:
        return " AND ".join(f"{side(alias, k)} IS NOT DISTINCT FROM {side('i', k)}" for k in kind.key)

    # a crash record linked to one counted from another source is present too (crash_link has the key's columns)
    anti = " ".join(
        f"ANTI JOIN {t} t{n} ON {on(f't{n}')}" for n, t in enumerate([kind.table, *_ALSO_PRESENT.get(kind.table, ())])
    )
    con.register("imp_keys", frame)
    try:
        fresh = con.execute(f"SELECT i._row FROM imp_keys i {anti} ORDER BY i._row").fetchall()
    finally:
        con.unregister("imp_keys")
    return [rows[i] for (i,) in fresh]


def _insert(con: duckdb.DuckDBPyConnection, kind: Kind, df: pd.DataFrame, source: str) -> list[str]:
    """Insert normalised rows into the kind's table through the kind's own insert; its notes for the report."""
    con.register("imp", df)
    try:
        return kind.insert(con, set(df.columns), source) or []
    finally:
        con.unregister("imp")


#: The stages an import's progress (``options.Progress``) names: stable keys, so that the admin page can show
#: them in the user's language.
STAGES = ("read", "check", "copy", "insert", "commit", "done")


@dataclass
class Batch:
    """One checked file's rows for :func:`load_many`: what it is, where it came from, what was refused."""

    kind: Kind
    rows: list[dict[str, Any]]
    file_name: str
    checksum: str
    rejected: int = 0
    source: sources.Source | None = None
    period: tuple[dt.date, dt.date] | None = None
    #: what the check refused or could not place: (reason code, name or None, candidates or None, rows)
    issues: list[tuple[str, str | None, str | None, int]] = field(default_factory=list)
    #: False where nothing can have been refused (a workshop form's files: refused whole, named once): no statement
    record_issues: bool = True
    #: keys (single-column) of records stored from an earlier version of this file that it gives with other values
    corrected: set[str] = field(default_factory=set)
    #: crashes: add to the stored version of the source instead of replacing it (``versions``)
    append: bool = False
    #: crashes: replace the stored version even when the new one removes more than a fifth of it
    replace: bool = False


def load_many(
    path: pathlib.Path,
    batches: list[Batch],
    *,
    who: str | None = None,
    dry_run: bool = False,
    progress: Progress = no_progress,
) -> list[LoadResult]:
    """Load several checked files in **one transaction** (all land or none): e.g. a workshop and its comments.

    Each file gets its own ``import_log`` row; all share the new dataset version. On a single
    file this is :func:`db.rewrite` (a private copy swapped in; writers wait for each other); on a
    lake, one lake transaction (:func:`lake.write`).
    """
    if db.is_lake(path):
        return _load_lake(str(path), batches, who=who, dry_run=dry_run, progress=progress)
    progress(0.5, "copy")

    def apply(con: duckdb.DuckDBPyConnection) -> tuple[list[LoadResult], str | None]:
        con.execute("BEGIN TRANSACTION")
        results, version = _apply(con, batches, who=who, dry_run=dry_run, progress=progress)
        con.execute("ROLLBACK" if version is None else "COMMIT")
        return results, version

    return db.rewrite(path, apply, swap=lambda r: r[1] is not None)[0]


def _apply(
    con: duckdb.DuckDBPyConnection,
    batches: list[Batch],
    *,
    who: str | None,
    dry_run: bool,
    progress: Progress,
) -> tuple[list[LoadResult], str | None]:
    """Inside the caller's transaction: insert every batch's new rows and log each file; the new version.

    The version is None when nothing is to be committed (a dry run, or every row already present):
    the caller rolls back.
    """
    plans: list[versions.Plan | None] = []
    for b in batches:
        _drop_corrected(con, b)
        is_crash = b.kind.table == "crash" and not b.append
        plans.append(versions.prepare(con, b.file_name, b.rows, replace=b.replace) if is_crash else None)
    fresh_rows = [_fresh(con, b.kind, b.rows) for b in batches]
    results: list[LoadResult] = []
    version = None
    progress(0.65, "insert")
    for b, fresh, plan in zip(batches, fresh_rows, plans, strict=True):
        before = precomputed.last_crash_id(con)
        replaced_before = _replaced(con, b)
        notes = _insert(con, b.kind, _frame(fresh), b.file_name) if fresh else []
        if b.kind.table == "crash":
            versions.finish(con, plan, b.file_name, b.rows, before, append=b.append)
        touched = plan is not None and plan.touched
        if touched or (fresh and _replaced(con, b) != replaced_before):
            precomputed.rebuild(con)  # stored crashes changed, left, or took a richer record: cells and distances too
        elif fresh:
            precomputed.after_import(con, b.kind.table, before)  # same transaction: all or nothing
        if (fresh or touched) and b.kind.coverage is not None:
            notes += b.kind.coverage(con, b.file_name, b.period)
        results.append(
            LoadResult(
                inserted=len(fresh),
                skipped_existing=len(b.rows) - len(fresh),
                dataset_version=None,
                notes=notes,
                linked=_linked(con, b) if fresh else {},
                changed=len(b.corrected) if plan is None else len(plan.changed),
                removed=0 if plan is None else plan.removed,
            )
        )
    pause = settings.seconds("NLMOBILITY_IMPORT_PAUSE")  # test hook: widen the window for the SIGKILL test
    if pause:
        time.sleep(pause)
    if dry_run or not (any(fresh_rows) or any(p is not None and p.touched for p in plans)):
        return results, None
    progress(0.85, "commit")
    first = int(db.scalar(con, "SELECT coalesce(max(import_id), 0) + 1 FROM import_log"))
    version = f"v{first}-{batches[0].checksum[:8]}"
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    for i, (b, fresh) in enumerate(zip(batches, fresh_rows, strict=True)):
        skipped = len(b.rows) - len(fresh)
        con.execute(
            "INSERT INTO import_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                first + i,
                b.kind.name,
                b.file_name,
                b.checksum,
                len(fresh),
                b.rejected,
                now,
                who or _who(),
                version,
                _log_note(skipped, results[i]),
            ],
        )
        _record_source(con, b.kind, b.file_name, b.source or sources.known(b.file_name))
        _record_issues(con, b)
        results[i].dataset_version = version
    return results, version


def _log_note(skipped: int, result: LoadResult) -> str | None:
    """The import log's note: rows already present, and what a new version changed or removed."""
    parts = [f"{skipped} rows already present"] if skipped else []
    if result.changed or result.removed:
        parts.append(f"against the earlier version: {result.changed} changed, {result.removed} removed")
    return "; ".join(parts) or None


def _drop_corrected(con: duckdb.DuckDBPyConnection, b: Batch) -> None:
    """Delete the stored records this new version of their file corrects, so that its rows take their place."""
    if b.corrected:
        # table and key come from the fixed kinds definitions; the values are bound
        con.execute(
            f"DELETE FROM {b.kind.table} WHERE source = ? AND {b.kind.key[0]} IN (SELECT unnest(?))",
            [b.file_name, sorted(b.corrected)],
        )


def _replaced(con: duckdb.DuckDBPyConnection, b: Batch) -> int:
    """How many stored crashes this file's richer records have replaced so far (0 for other kinds)."""
    if b.kind.table != "crash":
        return 0
    return int(db.scalar(con, "SELECT count(*) FROM crash_link WHERE was_counted AND linked_by = ?", [b.file_name]))


def _linked(con: duckdb.DuckDBPyConnection, b: Batch) -> dict[str, dict[str, int]]:
    """This import's links, per other source: how many records, how many now counted from this file."""
    if b.kind.table != "crash":
        return {}
    rows = con.execute(
        """SELECT CASE WHEN l.was_counted THEN l.source ELSE k.source END, count(*), count(*) FILTER (WHERE l.was_counted)
        FROM crash_link l JOIN crash k USING (crash_id)
        WHERE l.linked_by = ? AND l.linked_at = current_timestamp::TIMESTAMP GROUP BY 1 ORDER BY 1""",
        [b.file_name],
    ).fetchall()
    return {str(o): {"linked": int(n), "counted_from_this_file": int(c)} for o, n, c in rows}


def _record_issues(con: duckdb.DuckDBPyConnection, b: Batch) -> None:
    """What the check refused or could not place, per reason (and name), for ``nlmobility check``."""
    if not b.record_issues:
        return
    con.execute("DELETE FROM import_issue WHERE source = ?", [b.file_name])
    if b.issues:
        con.executemany(
            "INSERT INTO import_issue VALUES (?, ?, ?, ?, ?)", [[b.file_name, *issue] for issue in b.issues]
        )


def _load_lake(
    locator: str, batches: list[Batch], *, who: str | None, dry_run: bool, progress: Progress
) -> list[LoadResult]:
    """:func:`load_many` on a lake: one transaction, retried whole when a concurrent writer won (``lake.write``)."""
    from nlmobility import lake

    progress(0.5, "copy")

    def apply(con: duckdb.DuckDBPyConnection) -> tuple[list[LoadResult], str | None]:
        return _apply(con, batches, who=who, dry_run=dry_run, progress=progress)

    results, _version = lake.write(locator, apply, message=lambda r: r[1])
    return results


def _record_source(con: duckdb.DuckDBPyConnection, kind: Kind, file_name: str, source: sources.Source) -> None:
    """Record who published the file and under which licence; a sample database that receives it becomes mixed."""
    con.execute("DELETE FROM data_source WHERE source = ?", [file_name])
    con.execute(
        "INSERT INTO data_source VALUES (?, ?, ?, ?, false, ?)",
        [file_name, kind.name, source.title, source.licence, dt.datetime.now(dt.UTC).replace(tzinfo=None)],
    )
    if db.scalar(con, "SELECT count(*) FROM dataset_meta WHERE key = 'is_sample' AND value = 'true'"):
        con.execute("DELETE FROM dataset_meta WHERE key = 'mixed'")  # not INSERT OR REPLACE: a lake has no keys
        con.execute("INSERT INTO dataset_meta VALUES ('mixed', 'true')")


def _who() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "desconocido"


def counts(path: pathlib.Path) -> dict[str, int]:
    """Row count of every table of the database at ``path``."""
    con = db.connect(path)
    try:
        return meta.table_counts(con)
    finally:
        con.close()
