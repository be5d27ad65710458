"""Open the nlmobility DuckDB database with the spatial extension loaded from the pip package.

Why this module exists:

* DuckDB's ``INSTALL spatial`` downloads the extension from the internet and writes it under
  ``~/.duckdb``. We never do that: the PyPI package ``duckdb-extension-spatial`` ships the
  extension as a file, and :func:`spatial_extension_path` finds it so ``LOAD '<path>'`` works
  with an empty ``HOME`` and no network. Autoinstall/autoload are switched off so that nothing
  can silently fetch an extension either.
* The app opens the file **read-only** (many readers may coexist); builds and imports take
  :func:`write_lock`, the single write path: an exclusive file lock, one writer at a time.
* Streamlit runs every session in its own thread, so callers take a fresh :meth:`Database.cursor`
  per query instead of sharing one connection object.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pathlib
import threading
from collections.abc import Iterator
from typing import Any

import duckdb
import duckdb_extension_spatial
import pandas as pd

DEFAULT_DB = pathlib.Path("data") / "nlmobility.duckdb"
ENV_DB = "NLMOBILITY_DB"

#: DuckDB settings that forbid any network access for extensions.
OFFLINE_CONFIG: dict[str, Any] = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
}


class SpatialUnavailableError(RuntimeError):
    """The spatial extension file is missing or does not match the installed duckdb."""


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


def connect(path: str | os.PathLike[str] | None = None, *, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """Open a connection with spatial loaded. ``path=None`` uses :func:`default_path`."""
    target = str(path) if path is not None else str(default_path())
    if target != ":memory:" and read_only and not pathlib.Path(target).exists():
        raise FileNotFoundError(f"database {target} does not exist; build it with `nlmobility build --db {target}`")
    con = duckdb.connect(target, read_only=read_only, config=dict(OFFLINE_CONFIG))
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
    con = duckdb.connect(":memory:", config=dict(OFFLINE_CONFIG))
    try:
        literal = str(path).replace("'", "''")  # ATTACH takes no bound parameter; the path is ours, quoted anyway
        con.execute(f"ATTACH '{literal}' AS src (READ_ONLY)")
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


def default_path() -> pathlib.Path:
    """The database the app reads: ``$NLMOBILITY_DB`` or ``data/nlmobility.duckdb``."""
    return pathlib.Path(os.environ.get(ENV_DB) or DEFAULT_DB)


class Database:
    """One read-only connection per process; hand out a cursor per query.

    The instance notices when the file on disk was replaced (by an import, which swaps in a new
    file atomically) and reopens, so readers see the new dataset version without a restart.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = pathlib.Path(path) if path is not None else default_path()
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._stamp: tuple[int, int] | None = None

    def _file_stamp(self) -> tuple[int, int]:
        st = self.path.stat()
        return (st.st_ino, st.st_mtime_ns)

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A new cursor on the shared read-only connection (reopened if the file changed)."""
        with self._lock:
            stamp = self._file_stamp()
            if self._con is None or stamp != self._stamp:
                if self._con is not None:
                    with contextlib.suppress(Exception):
                        self._con.close()
                self._con = connect(self.path, read_only=True)
                self._stamp = stamp
            return self._con.cursor()

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
            if self._con is not None:
                self._con.close()
                self._con = None


@contextlib.contextmanager
def write_lock(path: str | os.PathLike[str]) -> Iterator[None]:
    """Exclusive advisory lock so that only one writer (build or import) runs per file."""
    lock_path = pathlib.Path(str(path) + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise RuntimeError(f"another build or import is writing {path}; try again later") from exc
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
