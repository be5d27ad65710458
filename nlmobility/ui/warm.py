"""The server warms up before it answers its first visitor (``asgi.py``'s lifespan): no visitor pays the cold start.

Before the first request is served it imports every page's modules (pandas, pydeck, Altair, the pages'
own), opens the database and loads DuckDB's spatial extension, reads the home page's figures once (so
the database's blocks are in memory), then compresses Streamlit's JavaScript and CSS (``compress``) in a
thread while the server already answers.
"""

from __future__ import annotations

import importlib
import logging
import pathlib
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from nlmobility.ui import compress

_log = logging.getLogger(__name__)

#: What the pages import that takes time the first time (Streamlit imports the rest itself).
MODULES = ("pandas", "pyarrow", "pydeck", "altair", "shapely", "pyproj", "duckdb", "fpdf", "qrcode")


@dataclass
class Warmed:
    """What the warm-up did, and how long it took."""

    modules: int = 0
    compressed: int = 0
    database: bool = False
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)


def _pages() -> list[str]:
    ui = pathlib.Path(__file__).parent
    return [f"nlmobility.ui.{p.stem}" for p in sorted(ui.glob("*.py")) if p.stem not in ("__init__", "warm")]


def _database() -> None:
    """Open the database as the pages do, load spatial, and read the home page's figures once."""
    from nlmobility import db, queries
    from nlmobility.filters import Filters

    database = db.Database(db.default_path())
    cur = database.cursor()
    try:
        queries.dataset_version(cur)
        queries.corridors(cur)
        queries.crash_monthly(cur, Filters())
    finally:
        cur.close()


def run(*, background: bool = True) -> Warmed:
    """Warm this process; a part that fails is logged and the rest goes on (the pages say what is wrong).

    Imports and the database are warmed before this returns; Streamlit's files are compressed in a thread
    that goes on while the server answers (``background``), or before this returns.
    """
    t0 = time.perf_counter()
    done = Warmed()
    for name in (*MODULES, *_pages()):
        try:
            importlib.import_module(name)
            done.modules += 1
        except Exception as exc:  # a missing optional module must not stop the server
            done.problems.append(f"{name}: {exc}")
    try:
        _database()
        done.database = True
    except Exception as exc:  # a missing or damaged database: the pages say so, in words
        done.problems.append(f"database: {exc}")
    if background:  # the server answers meanwhile: a bundle asked for first is compressed first, once (a lock)
        threading.Thread(target=compress_all, name="nlmobility-compress", daemon=True).start()
    else:
        done.compressed = compress_all()
    done.seconds = time.perf_counter() - t0
    said = "warmed in %.1f s: %d modules, %d files compressed, database %s"
    _log.log(logging.INFO, said, done.seconds, done.modules, done.compressed, "read" if done.database else "not read")
    for problem in done.problems:
        _log.log(logging.WARNING, "warm-up: %s", problem)
    return done


def compress_all() -> int:
    """Compress every Streamlit file worth compressing (``compress.CACHE``); how many."""
    n = 0
    for path in sorted(compress.STATIC_ROOT.glob("static/**/*")):
        if compress.static_file("/" + path.relative_to(compress.STATIC_ROOT).as_posix()) is not None:
            compress.CACHE.get(path)
            n += 1
    return n


@asynccontextmanager
async def lifespan(_app: Any) -> AsyncIterator[None]:
    """``st.App``'s lifespan: warm in a worker thread before the server takes requests."""
    import anyio

    await anyio.to_thread.run_sync(run)
    yield
