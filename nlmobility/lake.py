"""Storage on DuckLake: the same tables as the single file, kept as Parquet files plus a catalog.

Select it with ``NLMOBILITY_DB=ducklake:postgres:dbname=… host=… port=…`` (several machines share
one lake); ``NLMOBILITY_DATA_PATH`` is where the Parquet files go when the lake is created (later it
is read from the catalog). The default stays the single DuckDB file (see the README: measured, a
lake costs 5–15 ms of catalog work per query; an embedded SQLite or DuckDB catalog lets one
transaction in at a time, and with the app's reader threads an import into a SQLite catalog got
"database is locked" and then hung, so those catalogs are refused and one machine uses the file).

- **One query path.** A connection is an in-memory DuckDB with spatial and the lake attached;
  cursors ``USE`` the lake and find the schema's macros in ``memory.main`` (DuckLake stores
  tables, not macros), so every ``sql/*.sql`` file runs unchanged.
- **Every write is one transaction** (:func:`write`): it first updates the one row of
  ``_nlm_writer``, so two concurrent writers conflict and the later one is retried with bounded
  back-off on a fresh snapshot (where its duplicate check sees the other's rows); nothing is
  refused, lost or saved in half. Readers read committed snapshots and never wait. Writers on
  the same machine first queue on a local lock (:func:`local_queue`), so they take turns instead
  of conflicting: ten processes saving workshops at once each ran their transaction several times
  over before; the conflict-and-retry path remains for writers on other machines.
- **Versions are snapshots.** Each write's commit message is its dataset version;
  :func:`snapshot_of` finds the snapshot of a version and :func:`connect` can attach the lake as
  of that snapshot (a share link pinned to it). :func:`rollback` writes the tables as of an
  earlier snapshot as a *new* snapshot (nothing is deleted); :func:`diff` counts rows per table
  between two snapshots; :func:`maintain` merges small files and expires snapshots older than
  the retention the deployer sets.
- :func:`migrate` turns a single-file database into a lake, its import history kept (first snapshot).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import hashlib
import pathlib
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import duckdb
import filelock

from nlmobility import db

PREFIX = db.LAKE_PREFIX
ENV_DATA_PATH = db.ENV_DATA_PATH
is_lake = db.is_lake
#: The one-row table every writer updates first: concurrent writers conflict on it and retry.
WRITER_TABLE = "_nlm_writer"
#: Attempts of a conflicting write before it is given up (with back-off up to 2 s, about a minute).
MAX_ATTEMPTS = 40

T = TypeVar("T")


class LakeError(RuntimeError):
    """The lake is missing, not initialised, or a write could not land."""


connect = db.connect_lake
use = db.use_lake


def tables(con: duckdb.DuckDBPyConnection, alias: str = "lake") -> list[str]:
    """The nlmobility tables in the lake (not the writer's row)."""
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_catalog = ? AND table_schema = 'main' ORDER BY 1",
        [alias],
    ).fetchall()
    return [str(r[0]) for r in rows if r[0] != WRITER_TABLE]


def current_snapshot(con: duckdb.DuckDBPyConnection, alias: str = "lake") -> int:
    """The lake's latest snapshot id."""
    return int(db.scalar(con, f"SELECT max(snapshot_id) FROM {alias}.snapshots()"))  # noqa: S608 - table and catalog names are ours (the schema, the alias), values are bound or int()


@dataclass(frozen=True)
class Snapshot:
    """One committed version of the lake: its id, time, who wrote it and the dataset version it carries."""

    snapshot_id: int
    at: dt.datetime
    author: str | None
    version: str | None


def snapshots(con: duckdb.DuckDBPyConnection, alias: str = "lake") -> list[Snapshot]:
    """Every snapshot that carries a dataset version (the lake's import history), oldest first."""
    rows = con.execute(
        f"SELECT snapshot_id, snapshot_time::TIMESTAMP, author, commit_message FROM {alias}.snapshots() "  # noqa: S608 - table and catalog names are ours (the schema, the alias), values are bound or int()
        "WHERE commit_message IS NOT NULL ORDER BY snapshot_id"
    ).fetchall()
    return [Snapshot(int(s), t, a, m) for s, t, a, m in rows]


def snapshot_of(con: duckdb.DuckDBPyConnection, version: str, alias: str = "lake") -> int | None:
    """The snapshot that a dataset version names (None: no such version)."""
    row = con.execute(
        f"SELECT max(snapshot_id) FROM {alias}.snapshots() WHERE commit_message = ?",  # noqa: S608 - the alias is ours
        [version],
    ).fetchone()
    return int(row[0]) if row and row[0] is not None else None


def _conflict(exc: duckdb.Error) -> bool:
    """Whether a write failed because another writer committed first (retry) rather than for its own reasons."""
    text = str(exc).lower()
    return isinstance(exc, duckdb.TransactionException) or any(
        w in text for w in ("database is locked", "could not serialize", "failed to commit", "conflict with")
    )


def _queue_path(locator: str) -> pathlib.Path:
    """This machine's lock file for writers to ``locator`` (named by a hash: the locator may hold a password)."""
    digest = hashlib.sha256(locator.encode()).hexdigest()[:16]
    return pathlib.Path(tempfile.gettempdir()) / f"nlmobility-lake-{digest}.lock"


@contextlib.contextmanager
def local_queue(locator: str) -> Iterator[None]:
    """Writers to ``locator`` on this machine, one at a time (processes and threads alike).

    Only an optimisation: without it (or across machines) concurrent writers still land, through
    the conflict-and-retry of :func:`write`; with it they wait their turn instead of each running
    its transaction again after losing. A writer that waits longer than :func:`db.write_wait_s`
    goes ahead without the lock (the lake's own conflict check keeps it safe).
    """
    lock = filelock.FileLock(_queue_path(locator), timeout=db.write_wait_s())
    try:
        lock.acquire()
    except (filelock.Timeout, OSError):
        yield  # an unusable or stuck lock file must not stop writes: the lake's conflict check still holds
        return
    try:
        yield
    finally:
        lock.release()


def write(locator: str, fn: Callable[[duckdb.DuckDBPyConnection], T], *, message: Callable[[T], str | None]) -> T:
    """Run ``fn`` in one lake transaction and commit; retry it whole, with back-off, when another writer won.

    ``fn`` gets a connection inside ``BEGIN`` (it must not commit); ``message(result)`` is the
    dataset version to record as the commit message (None: roll back, e.g. a dry run or nothing new).
    """
    with local_queue(locator):
        return _write(locator, fn, message=message)


def _write(locator: str, fn: Callable[[duckdb.DuckDBPyConnection], T], *, message: Callable[[T], str | None]) -> T:
    last: Exception | None = None
    for attempt in range(MAX_ATTEMPTS):
        con = db.lake_cursor(locator, read_only=False)
        try:
            con.execute("BEGIN TRANSACTION")
            con.execute(f"UPDATE {WRITER_TABLE} SET writes = writes + 1")  # noqa: S608 - table and catalog names are ours (the schema, the alias), values are bound or int()
            result = fn(con)
            version = message(result)
            if version is None:
                con.execute("ROLLBACK")
                return result
            con.execute("CALL lake.set_commit_message(?, ?)", [_author(), version])
            con.execute("COMMIT")
            return result
        except duckdb.Error as exc:
            if not _conflict(exc):
                raise
            last = exc
            time.sleep(db.backoff(attempt, first=0.05, cap=2.0))
        finally:
            con.close()
    raise LakeError(f"the write could not land after {MAX_ATTEMPTS} attempts (other writers kept winning): {last}")


def _author() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "desconocido"


def migrate(file: pathlib.Path, locator: str, *, data_path: str | None = None) -> int:
    """Copy every table of the single-file database ``file`` into a new lake; the first snapshot; its id.

    The lake must be empty (refused otherwise). The file's latest dataset version becomes the
    snapshot's commit message, so share links made on the file still name a version the lake has.
    """
    src = pathlib.Path(file)
    if not src.exists():
        raise LakeError(f"database {src} does not exist")
    con = connect(locator, read_only=False, data_path=data_path, create=True)
    try:
        if tables(con):
            raise LakeError(f"the lake {locator} already holds tables; migrate into an empty one")
        con.execute(f"ATTACH {db._quote(str(src))} AS src (READ_ONLY)")
        names = [
            str(r[0])
            for r in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_catalog = 'src' "
                "AND table_type = 'BASE TABLE' ORDER BY 1"
            ).fetchall()
        ]
        version = con.execute("SELECT dataset_version FROM src.import_log ORDER BY import_id DESC LIMIT 1").fetchone()
        con.execute("BEGIN TRANSACTION")
        for name in names:  # names come from the file's own catalog
            con.execute(f'CREATE TABLE lake."{name}" AS SELECT * FROM src."{name}"')  # noqa: S608 - table and catalog names are ours (the schema, the alias), values are bound or int()
        con.execute(f"CREATE TABLE lake.{WRITER_TABLE} (writes BIGINT NOT NULL)")
        con.execute(f"INSERT INTO lake.{WRITER_TABLE} VALUES (0)")  # noqa: S608 - table and catalog names are ours (the schema, the alias), values are bound or int()
        con.execute(
            "CALL lake.set_commit_message(?, ?)",
            [_author(), str(version[0]) if version else f"migrated from {src.name}"],
        )
        con.execute("COMMIT")
        return current_snapshot(con)
    finally:
        con.close()


def diff(con: duckdb.DuckDBPyConnection, a: int, b: int) -> list[tuple[str, int, int]]:
    """Rows per table at snapshot ``a`` and at snapshot ``b`` (tables that differ only)."""
    out = []
    for name in tables(con):
        na = int(db.scalar(con, f'SELECT count(*) FROM lake."{name}" AT (VERSION => {int(a)})'))  # noqa: S608 - table and catalog names are ours (the schema, the alias), values are bound or int()
        nb = int(db.scalar(con, f'SELECT count(*) FROM lake."{name}" AT (VERSION => {int(b)})'))  # noqa: S608 - table and catalog names are ours (the schema, the alias), values are bound or int()
        if na != nb:
            out.append((name, na, nb))
    return out


def rollback(locator: str, to_snapshot: int) -> str:
    """Make the data what it was at ``to_snapshot``, as a new snapshot (every snapshot stays readable); the new version."""
    version = f"rollback-to-{int(to_snapshot)}-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S}"

    def restore(con: duckdb.DuckDBPyConnection) -> str:
        if int(to_snapshot) > current_snapshot(con) or int(to_snapshot) < 0:
            raise LakeError(f"there is no snapshot {to_snapshot}")
        for name in tables(con):
            # read the old rows before deleting: inside the transaction a time-travel scan sees its own deletes
            con.execute(
                f'CREATE OR REPLACE TEMP TABLE _restore AS SELECT * FROM lake."{name}" AT (VERSION => {int(to_snapshot)})'  # noqa: S608 - names are ours
            )
            con.execute(f'DELETE FROM lake."{name}"')  # noqa: S608 - names are ours
            con.execute(f'INSERT INTO lake."{name}" SELECT * FROM temp._restore')  # noqa: S608 - names are ours
        con.execute("DROP TABLE temp._restore")
        return version

    return write(locator, restore, message=lambda v: v)


def maintain(locator: str, *, keep_days: float) -> dict[str, Any]:
    """Merge small Parquet files and expire snapshots older than ``keep_days`` (then delete their files)."""
    con = connect(locator, read_only=False)
    try:
        before = int(db.scalar(con, "SELECT count(*) FROM lake.snapshots()"))
        con.execute("CALL ducklake_merge_adjacent_files('lake')")
        cutoff = dt.datetime.now(dt.UTC) - dt.timedelta(days=keep_days)
        con.execute("CALL ducklake_expire_snapshots('lake', older_than => ?::TIMESTAMPTZ)", [cutoff.isoformat()])
        con.execute("CALL ducklake_cleanup_old_files('lake', cleanup_all => true)")
        after = int(db.scalar(con, "SELECT count(*) FROM lake.snapshots()"))
        return {"snapshots_before": before, "snapshots_after": after, "kept_days": keep_days}
    finally:
        con.close()
