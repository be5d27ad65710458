"""Open the nlmobility DuckDB database with the spatial extension loaded from the pip package.

Why this module exists:

* DuckDB's ``INSTALL spatial`` downloads the extension from the internet and writes it under
  ``~/.duckdb``. We never do that: the PyPI package ``duckdb-extension-spatial`` ships the
  extension as a file, and :func:`spatial_extension_path` finds it so ``LOAD '<path>'`` works
  with an empty ``HOME`` and no network. Autoinstall/autoload are switched off so that nothing
  can silently fetch an extension either.
* The app opens the file **read-only** (many readers may coexist); builds and imports take
  :func:`write_lock`, the single write path: an exclusive file lock, one writer at a time. A
  second writer *waits* for it (bounded back-off, ``NLMOBILITY_WRITE_WAIT`` seconds, default 300)
  instead of being refused: a facilitator saving while an import runs is saved a moment later.
* Streamlit runs every session in its own thread, so callers take a fresh :meth:`Database.cursor`
  per query instead of sharing one connection object.
"""

from __future__ import annotations

import collections
import contextlib
import importlib
import os
import pathlib
import random
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

import duckdb
import duckdb_extension_spatial
import filelock
import pandas as pd

from nlmobility import settings

if TYPE_CHECKING:
    from nlmobility.text.messages import Msg

DEFAULT_DB = pathlib.Path("data") / "nlmobility.duckdb"
ENV_DB = "NLMOBILITY_DB"
#: How long a writer waits for another writer to finish before giving up (seconds).
ENV_WRITE_WAIT = "NLMOBILITY_WRITE_WAIT"
DEFAULT_WRITE_WAIT_S = 300.0

#: DuckDB settings that forbid any network access for extensions.
OFFLINE_CONFIG: dict[str, Any] = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
}


class UnsupportedCatalogError(RuntimeError):
    """A lake locator names a catalog the app does not serve from (only PostgreSQL)."""


class SpatialUnavailableError(RuntimeError):
    """The spatial extension file is missing or does not match the installed duckdb."""


class StorageError(RuntimeError):
    """The database path names something that cannot be read as a DuckDB database.

    Its one argument is a :class:`~nlmobility.text.messages.Msg`: one plain line in English (the
    ``str``: what commands print) with its Spanish twin (``.es``: what pages show), saying what is
    wrong with the path and how to fix it. Pages and commands show it instead of a traceback.
    """

    def __init__(self, msg: Msg) -> None:
        super().__init__(msg)
        self.msg = msg


#: Bytes 8-11 of every DuckDB database file (after the header's checksum).
DUCKDB_MAGIC = b"DUCK"


def _msg(key: str, **kwargs: Any) -> Msg:
    """The catalog's storage message ``key`` (:func:`nlmobility.text.messages.msg`)."""
    # imported here: ``nlmobility.ingest`` imports this module
    from nlmobility.text.messages import msg

    return msg(key, **kwargs)


def _directory(path: pathlib.Path) -> Msg:
    return _msg("db_directory", path=path, example=path / DEFAULT_DB.name)


def _unreadable(path: pathlib.Path, why: str) -> Msg:
    return _msg("db_unreadable", path=path, why=why)


def _not_duckdb(path: pathlib.Path) -> Msg:
    return _msg("db_not_duckdb", path=path)


def _damaged(path: pathlib.Path, said: str) -> Msg:
    return _msg("db_damaged", path=path, said=said)


def _foreign(path: pathlib.Path, said: str) -> Msg:
    return _msg("db_foreign", path=path, said=said)


def storage_problem(path: str | os.PathLike[str]) -> Msg | None:
    """What is wrong with the database file at ``path`` that can be seen without opening it, or None.

    A directory, a file that cannot be read, a file that is not a DuckDB database (its magic bytes).
    None as well for a missing path (callers say how to build it) and for a lake locator.
    """
    p = pathlib.Path(path)
    if is_lake(path) or str(p) == ":memory:" or not p.exists():
        return None
    if p.is_dir():
        return _directory(p)
    try:
        with p.open("rb") as f:
            head = f.read(12)
    except PermissionError:
        return _unreadable(p, "permission denied")
    except OSError as exc:
        return _unreadable(p, exc.strerror or type(exc).__name__)
    if len(head) < 12 or head[8:12] != DUCKDB_MAGIC:
        return _not_duckdb(p)
    return None


def _classify(path: pathlib.Path, exc: BaseException) -> Msg | None:
    """The storage line for ``exc``'s text, or None when it says nothing about the file."""
    text = str(exc)
    first = text.splitlines()[0][:200] if text else type(exc).__name__
    if isinstance(exc, PermissionError) or "Permission denied" in text:
        return _unreadable(path, "permission denied")
    if "Is a directory" in text:
        return _directory(path)
    if "not a valid DuckDB database" in text:
        return _not_duckdb(path)
    damaged = ("Could not read enough bytes", "orrupt", "checksum", "truncated", "INTERNAL Error")
    if isinstance(exc, duckdb.Error) and any(s in text for s in damaged):
        return _damaged(path, first)
    if isinstance(exc, duckdb.CatalogException) and "does not exist" in text:
        return _foreign(path, first)
    return None


def storage_error(path: str | os.PathLike[str], exc: BaseException) -> StorageError | None:
    """``exc`` (raised while opening or reading ``path``) as a :class:`StorageError`, or None when it says nothing about the file.

    A lock held by another process, a missing extension, an error in a query or anything on a lake
    are not storage problems of a file.
    """
    if is_lake(path):
        return None
    p = pathlib.Path(path)
    found = storage_problem(p) or _classify(p, exc)
    return StorageError(found) if found is not None else None


def _open_file(path: str, open_: Callable[[], duckdb.DuckDBPyConnection]) -> duckdb.DuckDBPyConnection:
    """``open_()``, with a file that cannot be read as a database raised as a :class:`StorageError`."""
    found = storage_problem(path)
    if found is not None:
        raise StorageError(found)
    try:
        return open_()
    except (duckdb.Error, OSError) as exc:
        said = storage_error(path, exc)
        if said is None:
            raise
        raise said from exc


def spatial_extension_path() -> pathlib.Path:
    """Path of ``spatial.duckdb_extension`` inside the ``duckdb-extension-spatial`` package."""
    base = pathlib.Path(duckdb_extension_spatial.__file__).parent / "extensions"
    path = base / f"v{duckdb.__version__}" / "spatial.duckdb_extension"
    if not path.is_file():
        found = sorted(p.name for p in base.glob("v*")) if base.is_dir() else []
        raise SpatialUnavailableError(
            f"spatial extension for duckdb {duckdb.__version__} not found at {path}; "
            f"the package ships {found or 'nothing'}. Pin duckdb and duckdb-extension-spatial "
            "to the same version."
        )
    return path


def load_spatial(con: duckdb.DuckDBPyConnection) -> None:
    """Load the spatial extension from the package file (never from the network)."""
    # The path comes from the installed package, not from user input.
    con.execute(f"LOAD '{spatial_extension_path()}'")


#: ``NLMOBILITY_DB`` values that start with this name a DuckLake catalog instead of a file (see ``lake``).
LAKE_PREFIX = "ducklake:"
#: Where a new lake keeps its Parquet files.
ENV_DATA_PATH = "NLMOBILITY_DATA_PATH"


def is_lake(locator: str | os.PathLike[str]) -> bool:
    """Whether ``locator`` (``NLMOBILITY_DB`` or a ``--db`` value) names a DuckLake catalog."""
    return str(locator).startswith(LAKE_PREFIX)


def _extension(name: str) -> pathlib.Path:
    mod = importlib.import_module(f"duckdb_extension_{name}")
    base = pathlib.Path(str(mod.__file__)).parent / "extensions"
    path = base / f"v{duckdb.__version__}" / f"{name}.duckdb_extension"
    if not path.is_file():
        raise SpatialUnavailableError(f"DuckDB extension {name} for duckdb {duckdb.__version__} not found at {path}")
    return path


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _macros() -> str:
    """The schema's macros, for the in-memory database of a lake connection (DuckLake stores tables only)."""
    text = (pathlib.Path(__file__).parent / "sql" / "schema.sql").read_text(encoding="utf-8")
    return text[text.index("CREATE MACRO") :].replace("CREATE MACRO ", "CREATE OR REPLACE MACRO memory.main.")


def use_lake(cur: duckdb.DuckDBPyConnection, alias: str) -> None:
    """Make ``cur`` (a connection or a cursor: each starts in the in-memory catalog) read the lake ``alias``."""
    cur.execute(f"USE {alias}")
    cur.execute(f"SET search_path = '{alias}.main,memory.main'")
    cur.execute("SET enable_progress_bar = false")  # a long write would print bars on the command line's output


def connect_lake(
    locator: str,
    *,
    alias: str = "lake",
    read_only: bool = True,
    snapshot: int | None = None,
    data_path: str | None = None,
    create: bool = False,
) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with spatial, the lake attached as ``alias`` (optionally as of ``snapshot``) and in use.

    Extensions (parquet, ducklake and the catalog's scanner) load from their PyPI packages' files.
    """
    catalog = str(locator)[len(LAKE_PREFIX) :] if is_lake(locator) else str(locator)
    if not catalog.startswith("postgres:"):
        raise UnsupportedCatalogError(
            f"{LAKE_PREFIX}{catalog.split(':', 1)[0]}…: a lake's catalog must be PostgreSQL ({LAKE_PREFIX}postgres:dbname=… host=…). "
            "SQLite and DuckDB catalogs let one transaction in at a time: measured, readers in the app's threads "
            "starved an import into 'database is locked' and then hung. On one machine use the single file "
            "(the default)."
        )
    con = duckdb.connect(":memory:", config=dict(OFFLINE_CONFIG))
    try:
        load_spatial(con)
        for name in ("parquet", "ducklake", "postgres_scanner"):
            con.execute(f"LOAD '{_extension(name)}'")  # the path comes from the installed package
        options = []
        if read_only:
            options.append("READ_ONLY")
        if snapshot is not None:
            options.append(f"SNAPSHOT_VERSION {int(snapshot)}")
        path = data_path or settings.given(ENV_DATA_PATH)
        if create and path:
            pathlib.Path(path).mkdir(parents=True, exist_ok=True)
            options.append(f"DATA_PATH {_quote(path)}")
        opts = f" ({', '.join(options)})" if options else ""
        con.execute(f"ATTACH {_quote(LAKE_PREFIX + catalog)} AS {alias}{opts}")
        con.execute(_macros())
        use_lake(con, alias)
    except Exception:
        con.close()
        raise
    return con


_SHARED_LAKES: dict[tuple[str, str, bool], duckdb.DuckDBPyConnection] = {}
_SHARED_LOCK = threading.Lock()


def lake_cursor(locator: str, *, alias: str = "lake", read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """A cursor on this process's one connection to the lake (attaching costs ~0.5 s; a cursor, nothing).

    Each cursor has its own transactions, so threads and writers each take one; closing the cursor
    leaves the shared connection open. Each new transaction reads the lake's latest snapshot.
    """
    key = (str(locator), alias, read_only)
    with _SHARED_LOCK:
        con = _SHARED_LAKES.get(key)
        if con is None:
            con = _SHARED_LAKES[key] = connect_lake(str(locator), alias=alias, read_only=read_only)
        cur = con.cursor()
    use_lake(cur, alias)
    return cur


def connect(path: str | os.PathLike[str] | None = None, *, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """Open a connection with spatial loaded. ``path=None`` uses :func:`default_path`; a lake locator opens the lake."""
    if path is not None and is_lake(path):
        return connect_lake(str(path), read_only=read_only)
    target = str(path) if path is not None else str(default_path())
    if target != ":memory:" and read_only and not pathlib.Path(target).exists():
        raise FileNotFoundError(f"database {target} does not exist; build it with `nlmobility build --db {target}`")
    con = _open_file(target, lambda: duckdb.connect(target, read_only=read_only, config=dict(OFFLINE_CONFIG)))
    try:
        load_spatial(con)
    except Exception:
        con.close()
        raise
    return con


def current_file_reader(path: str | os.PathLike[str]) -> duckdb.DuckDBPyConnection:
    """A connection whose schema ``src`` is the file on disk *now* (no spatial; plain columns only).

    ``duckdb.connect(path)`` returns the instance this process already holds for that path, which
    still reads the file an import has since replaced; attaching the file to a fresh in-memory
    database always opens the current one.
    """
    if is_lake(path):
        return lake_cursor(str(path), alias="src")
    return _attached(pathlib.Path(path), "src", spatial=False)


#: Seconds a :class:`Database` keeps a replaced file's connection open for readers still using it.
RETIRED_FOR_S = 120.0

#: The name under which :class:`Database` attaches the file it reads.
READER_ALIAS = "nlm"


def _attached_reader(path: pathlib.Path) -> duckdb.DuckDBPyConnection:
    """An in-memory database with spatial loaded and the file at ``path`` attached read-only as ``nlm``.

    Not ``duckdb.connect(path)``: that returns the instance this process already holds for the
    path while any connection to it lives, i.e. the file an import has since replaced. A fresh
    in-memory instance always attaches the file on disk now, and the previous instance lives on
    until the last cursor reading from it is closed.
    """
    if not path.exists():
        raise FileNotFoundError(f"database {path} does not exist; build it with `nlmobility build --db {path}`")
    return _attached(path, READER_ALIAS, spatial=True)


def _attached(path: pathlib.Path, alias: str, *, spatial: bool) -> duckdb.DuckDBPyConnection:
    """A fresh in-memory database with the file at ``path`` attached read-only as ``alias``."""
    con = duckdb.connect(":memory:", config=dict(OFFLINE_CONFIG))
    try:
        if spatial:
            load_spatial(con)
        # ATTACH takes no bound parameter
        _open_file(str(path), lambda: con.execute(f"ATTACH {_quote(str(path))} AS {alias} (READ_ONLY)"))
    except Exception:
        con.close()
        raise
    return con


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | dict[str, Any] | None = None) -> Any:
    """The single value of a query that always returns one row (an aggregate), values bound."""
    row = con.execute(sql, params or []).fetchone()
    if row is None:
        raise RuntimeError(f"query returned no row: {sql[:80]}")
    return row[0]


def cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A new cursor of ``con`` reading the same database (a cursor starts in the default catalog, not ``con``'s ``USE``)."""
    cur = con.cursor()
    row = con.execute("SELECT current_database(), current_setting('search_path')").fetchone()
    if row is not None and row[0] != "memory":
        cur.execute(f'USE "{row[0]}"')
        if row[1]:
            cur.execute(f"SET search_path = {_quote(str(row[1]))}")
    return cur


def exists(path: str | os.PathLike[str]) -> bool:
    """Whether the database at ``path`` exists (a lake locator is taken to exist: opening it says otherwise)."""
    return is_lake(path) or pathlib.Path(path).exists()


def default_path() -> pathlib.Path:
    """The database the app reads: ``$NLMOBILITY_DB`` or ``data/nlmobility.duckdb``."""
    return settings.path(ENV_DB)


class Database:
    """One read-only connection per process; hand out a cursor per query.

    The instance notices when the file on disk was replaced (by an import, which swaps in a new
    file atomically) and reopens, so readers see the new dataset version without a restart. The
    previous connection is *not* closed: threads may still be reading through cursors made from
    it (closing it under them gave "No open result set"); each cursor keeps its database alive
    and the old one is freed when its last cursor is closed.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None, *, snapshot: int | None = None) -> None:
        self.path = pathlib.Path(path) if path is not None else default_path()
        #: A lake read as of this snapshot (a share link pinned to a version); None: the latest.
        self.snapshot = snapshot
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        #: Connections to files since replaced, kept open for threads still reading through them.
        self._retired: collections.deque[tuple[float, duckdb.DuckDBPyConnection]] = collections.deque()
        self._stamp: tuple[int, int] | None = None

    def _file_stamp(self) -> tuple[int, int]:
        if is_lake(self.path):
            return (0, 0)  # a lake's readers see each new snapshot by themselves
        st = self.path.stat()
        return (st.st_ino, st.st_mtime_ns)

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A new cursor on the shared read-only connection (reopened if the file changed)."""
        with self._lock:
            stamp = self._file_stamp()
            if self._con is None or stamp != self._stamp:
                # never close the previous connection now: other threads may be reading through it.
                # It is closed once it has been retired for RETIRED_FOR_S (a query takes seconds at most).
                now = time.monotonic()
                if self._con is not None:
                    self._retired.append((now, self._con))
                while self._retired and now - self._retired[0][0] > RETIRED_FOR_S:
                    with contextlib.suppress(Exception):
                        self._retired.popleft()[1].close()
                self._con = (
                    connect_lake(str(self.path), alias=READER_ALIAS, snapshot=self.snapshot)
                    if is_lake(self.path)
                    else _attached_reader(self.path)
                )
                self._stamp = stamp
            cur = self._con.cursor()
        if is_lake(self.path):
            use_lake(cur, READER_ALIAS)
        else:
            cur.execute(f"USE {READER_ALIAS}")  # a cursor is a new connection: it starts in the in-memory catalog
        return cur

    def query_df(self, sql: str, params: list[Any] | dict[str, Any] | None = None) -> pd.DataFrame:
        """Run ``sql`` with bound ``params`` on a fresh cursor and return a pandas DataFrame."""
        cur = self.cursor()
        try:
            return cur.execute(sql, params or []).df()
        finally:
            cur.close()

    def close(self) -> None:
        """Close the shared connection (the next cursor reopens it)."""
        with self._lock:
            for con in [*(c for _, c in self._retired), *([self._con] if self._con is not None else [])]:
                with contextlib.suppress(Exception):
                    con.close()
            self._retired.clear()
            self._con = None


T = TypeVar("T")


def _wal(p: pathlib.Path) -> pathlib.Path:
    return pathlib.Path(str(p) + ".wal")


def rewrite(
    path: str | os.PathLike[str],
    fn: Callable[[duckdb.DuckDBPyConnection], T],
    *,
    suffix: str = ".import.tmp",
    swap: Callable[[T], bool] = lambda _result: True,
) -> T:
    """The single-file write path: under :func:`write_lock`, run ``fn`` on a private copy and swap it in.

    ``fn`` gets a read-write connection to the copy and runs its own transaction(s); when
    ``swap(result)`` the checkpointed copy replaces the live file atomically (``os.replace``),
    else it is dropped. A write-ahead log left beside the live file by a killed writer is copied
    with it (the copy replays it) and removed at the swap, so it is never replayed twice; a killed
    rewrite's leftovers are removed by the next one. Readers (:class:`Database`) reopen by themselves.
    """
    target = pathlib.Path(path)
    if not target.exists():
        raise FileNotFoundError(f"database {target} does not exist; build it with `nlmobility build --db {target}`")
    with write_lock(target):
        work = target.with_name(target.name + suffix)
        for stale in (work, _wal(work)):
            stale.unlink(missing_ok=True)  # left by a killed writer: never the live file
        shutil.copy2(target, work)
        if _wal(target).exists():
            shutil.copy2(_wal(target), _wal(work))
        try:
            con = connect(work, read_only=False)
            try:
                result = fn(con)
                con.execute("CHECKPOINT")
            finally:
                con.close()
            if swap(result):
                work.replace(target)
                _wal(target).unlink(missing_ok=True)  # replayed into, and checkpointed in, the new file
            return result
        finally:
            for leftover in (work, _wal(work)):
                leftover.unlink(missing_ok=True)


def write_wait_s() -> float:
    """Seconds a writer waits for the write lock: ``$NLMOBILITY_WRITE_WAIT`` or 300."""
    return settings.seconds(ENV_WRITE_WAIT)


def backoff(attempt: int, *, first: float = 0.02, cap: float = 1.0) -> float:
    """Seconds to sleep before retry ``attempt`` (0, 1, …): doubling from ``first`` up to ``cap``, with jitter."""
    return float(min(cap, first * 2**attempt) * (0.5 + random.random()))


@contextlib.contextmanager
def write_lock(path: str | os.PathLike[str], *, wait_s: float | None = None) -> Iterator[None]:
    """Exclusive advisory lock so that only one writer (build or import) runs per file.

    A writer that finds the lock taken waits for it (``filelock``, polling every 50 ms, so the
    next writer starts as soon as the lock is free) up to ``wait_s`` seconds (default
    :func:`write_wait_s`); only then is it refused. The lock file is ``<path>.lock``.
    """
    lock_path = pathlib.Path(str(path) + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    limit = write_wait_s() if wait_s is None else wait_s
    lock = filelock.FileLock(lock_path, timeout=limit, thread_local=False)
    try:
        lock.acquire(poll_interval=0.05)
    except filelock.Timeout as exc:
        raise RuntimeError(
            f"another build or import has been writing {path} for more than {limit:.0f} s; try again later"
        ) from exc
    try:
        yield
    finally:
        lock.release()
