"""Cached data access for the pages: one typed function per query, one Database per process.

Every function here is ``queries.<name>`` without its cursor argument: the same parameters and
return type (so type checkers and IDEs see them), run on a fresh cursor and cached on small keys
only (the database path, the dataset version, the query name and its arguments). The dataset
version is read once per rerun by the frame (:func:`begin_run`), so a new import invalidates
every cached result on the next rerun without a restart.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import json
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, TypeVar, cast

import duckdb
import pandas as pd
import streamlit as st

from nlmobility import db, digest, digest_render, figures, oc4ids, queries, stats
from nlmobility.text.messages import said_in

P = ParamSpec("P")
R = TypeVar("R")

_VERSION_KEY = "nlm_dataset_version"
#: Shown when the database has no import_log row (never happens with a built database).
NO_VERSION = "sin-version"


#: On a lake, the (dataset version, snapshot) a share link pinned this session to.
_PIN_KEY = "nlm_pinned"


@st.cache_resource(show_spinner=False)
def _database(path: str, snapshot: int | None = None) -> db.Database:
    return db.Database(path, snapshot=snapshot)


def pinned() -> tuple[str, int] | None:
    """The version and snapshot this session reads (a share link pinned on a lake), else None."""
    pin = st.session_state.get(_PIN_KEY) if st.runtime.exists() else None
    return (str(pin[0]), int(pin[1])) if pin else None


def database() -> db.Database:
    """The process-wide read-only database of :func:`db.default_path` (as of the session's pinned snapshot)."""
    pin = pinned()
    return _database(str(db.default_path()), pin[1] if pin else None)


def pin(version: str) -> bool:
    """On a lake, read the data as of ``version``'s snapshot for the rest of this session; whether it exists.

    A single-file database keeps only its latest version: nothing to pin (the link then shows
    today's data with a notice).
    """
    from nlmobility import lake

    if not db.is_lake(db.default_path()):
        return False
    cur = _database(str(db.default_path())).cursor()
    try:
        snapshot = lake.snapshot_of(cur, version, alias=db.READER_ALIAS)
    finally:
        cur.close()
    if snapshot is None:
        return False
    st.session_state[_PIN_KEY] = (version, snapshot)
    st.session_state[_VERSION_KEY] = version
    return True


def unpin() -> None:
    """Back to the latest data (the "see current data" button of a pinned link)."""
    st.session_state.pop(_PIN_KEY, None)
    st.session_state.pop(_VERSION_KEY, None)
    st.query_params.pop("v", None)


def on_lake() -> bool:
    """Whether the app reads a lake (versions can be browsed and restored)."""
    return db.is_lake(db.default_path())


def latest_version() -> str:
    """The newest dataset version, whatever the session is pinned to."""
    cur = _database(str(db.default_path())).cursor()
    try:
        return queries.dataset_version(cur) or NO_VERSION
    finally:
        cur.close()


def available() -> bool:
    """Whether the database file exists (the frame shows how to build it otherwise)."""
    return db.exists(db.default_path())


def storage_problem(language: str = "es") -> str | None:
    """Why the database file cannot be read (a directory, not DuckDB, damaged, unreadable), in ``language``; None: it can.

    One plain line with the fix, shown by the frame instead of any page (never a traceback). A lake
    says its own problems (:func:`lake_problem`).
    """
    if on_lake():
        return None
    found = db.storage_problem(db.default_path())
    if found is None:
        try:
            database().cursor().close()
        except db.StorageError as exc:
            found = exc.msg
    if found is None:
        return None
    return said_in(found, language)


def read_failure(exc: BaseException, language: str = "es") -> str | None:
    """``exc`` (raised while a page read the database file) as the storage line in ``language``, or None.

    A file damaged past its header opens, and fails only when a page reads the damaged blocks.
    """
    if on_lake() or isinstance(exc, duckdb.CatalogException):  # a missing table is the schema check's, or a bug
        return None
    said = db.storage_error(db.default_path(), exc)
    if said is None:
        return None
    return said_in(said.msg, language)


def lake_problem() -> str | None:
    """On a lake: why it cannot be read now (None: it can, or the app reads a file)."""
    if not on_lake():
        return None
    try:
        cur = database().cursor()
    except Exception as exc:
        return str(exc).splitlines()[0][:300]
    try:
        cur.execute("SELECT count(*) FROM import_log").fetchone()
    except Exception as exc:
        return str(exc).splitlines()[0][:300]
    finally:
        cur.close()
    return None


def schema_problems() -> list[str]:
    """What the database lacks against this version's schema (empty when current), checked once per version."""
    return _schema_problems(str(db.default_path()), version())


@st.cache_data(max_entries=8, show_spinner=False)
def _schema_problems(path: str, ver: str) -> list[str]:  # noqa: ARG001 - cache keys
    from nlmobility import upgrade  # here: only the frame asks, once per version

    cur = database().cursor()
    try:
        return upgrade.problems(cur)
    finally:
        cur.close()


def _read_version() -> str:
    cur = database().cursor()
    try:
        return queries.dataset_version(cur) or NO_VERSION
    finally:
        cur.close()


def begin_run() -> str:
    """Read the dataset version for this rerun (called once by the frame, before any page)."""
    version = _read_version()
    st.session_state[_VERSION_KEY] = version
    return version


def version() -> str:
    """The dataset version of the current rerun (read now when called outside the frame)."""
    current = st.session_state.get(_VERSION_KEY) if st.runtime.exists() else None
    return str(current) if current else _read_version()


def _handout(value: Any) -> Any:
    """What a caller may change without changing the cached value.

    Frames are shallow copies, safe because pandas ≥ 3 copies on write (a page that changes a
    column changes its own copy); dicts and lists are deep copies; tuples are handed out item by item.
    """
    if isinstance(value, pd.DataFrame):
        return value.copy(deep=False)
    if isinstance(value, tuple):
        return tuple(_handout(v) for v in value)
    if isinstance(value, dict | list):
        return copy.deepcopy(value)
    return value


@st.cache_resource(max_entries=512, show_spinner=False, ttl=3600)
def _kept(
    path: str,  # noqa: ARG001 - a cache key only: another database file is another entry
    ver: str,  # noqa: ARG001 - a cache key only: a new dataset version is a new entry
    name: str,
    args: tuple[Any, ...],
    kwargs: tuple[tuple[str, Any], ...],
) -> Any:
    """The query's result, kept as an object in this process (computed once per key, also when
    many sessions ask at once). ``st.cache_data`` pickled every result and unpickled it on every
    hit: under load that was a quarter of a page run (Arrow string columns are slow to unpickle)."""
    fn = _QUERIES.get(name) or getattr(queries, name)  # registered figures, or a query by its bare name
    cur = database().cursor()
    try:
        return fn(cur, *args, **dict(kwargs))
    finally:
        cur.close()


def _cached(path: str, ver: str, name: str, args: tuple[Any, ...], kwargs: tuple[tuple[str, Any], ...]) -> Any:
    """``<name>(cursor, *args, **kwargs)``, kept per database path and dataset version, as a copy the caller may change."""
    return _handout(_kept(path, ver, name, args, kwargs))


_cached.clear = _kept.clear  # type: ignore[attr-defined]  # tests and benchmarks start from an empty cache


#: The functions cached through :func:`_cached_query`, by module and name (the cache's key names them).
_QUERIES: dict[str, Callable[..., Any]] = {}


def _cached_query(fn: Callable[Concatenate[queries.Cursor, P], R]) -> Callable[P, R]:
    """``fn`` (a query or a figure built from queries) without its cursor, cached on (path, dataset version,
    name, arguments)."""
    name = f"{fn.__module__}.{fn.__name__}"
    _QUERIES[name] = fn

    @functools.wraps(fn)
    def call(*args: P.args, **kwargs: P.kwargs) -> R:
        return cast(R, _cached(str(db.default_path()), version(), name, args, tuple(sorted(kwargs.items()))))

    return call


def _fresh_query(fn: Callable[Concatenate[queries.Cursor, P], R]) -> Callable[P, R]:
    """``fn`` without its cursor, not cached (large one-off results such as downloads)."""

    @functools.wraps(fn)
    def call(*args: P.args, **kwargs: P.kwargs) -> R:
        cur = database().cursor()
        try:
            return fn(cur, *args, **kwargs)
        finally:
            cur.close()

    return call


@st.cache_data(max_entries=8, show_spinner=False, ttl=3600)
def _oc4ids(
    path: str,  # noqa: ARG001 - a cache key only
    ver: str,  # noqa: ARG001 - a cache key only: a new dataset version is a new package
    uri: str | None,
    day: str,
) -> bytes:
    cur = database().cursor()
    try:
        package = oc4ids.package(cur, uri=uri, today=dt.date.fromisoformat(day))
    finally:
        cur.close()
    return json.dumps(package, ensure_ascii=False, indent=1).encode("utf-8")


def oc4ids_json(uri: str | None = None) -> bytes:
    """Every corridor as an OC4IDS project package (JSON bytes), for the Datos abiertos download."""
    return _oc4ids(str(db.default_path()), version(), uri, today().isoformat())


inicio_kpis = _cached_query(queries.inicio_kpis)
corridors = _cached_query(queries.corridors)
corridor_contracts = _cached_query(queries.corridor_contracts)
corridor_documents = _cached_query(queries.corridor_documents)
corridor_crashes_by_year = _cached_query(queries.corridor_crashes_by_year)
corridor_milestones = _cached_query(queries.corridor_milestones)
nearest_corridors = _cached_query(queries.nearest_corridors)
crash_grid = _cached_query(queries.crash_grid)
corridor_crash_points = _cached_query(queries.corridor_crash_points)
crash_hotspots = _cached_query(queries.crash_hotspots)
before_after = _cached_query(figures.before_after)
crash_monthly = _cached_query(queries.crash_monthly)
crash_hour_weekday = _cached_query(queries.crash_hour_weekday)
crash_by_municipality = _cached_query(queries.crash_by_municipality)
crash_by_severity_mode = _cached_query(queries.crash_by_severity_mode)
participation_events = _cached_query(queries.participation_events)
participation_totals = _cached_query(queries.participation_totals)
comments_by_topic = _cached_query(queries.comments_by_topic)
comments_latest = _cached_query(queries.comments_latest)
commitments = _cached_query(queries.commitments)
commitment_corridors = _cached_query(queries.commitment_corridors)
crash_density = _cached_query(figures.crash_density)
corridor_said = _cached_query(queries.corridor_said)
milestones = _cached_query(queries.milestones)
milestone_history = _cached_query(queries.milestone_history)
municipalities = _cached_query(queries.municipalities)
transit_lines = _cached_query(queries.transit_lines)
transit_stations = _cached_query(queries.transit_stations)
import_log = _cached_query(queries.import_log)
dataset_meta = _cached_query(queries.dataset_meta)
table_counts = _cached_query(queries.table_counts)
data_sources = _cached_query(queries.data_sources)
crash_coverage = _cached_query(queries.crash_coverage)
data_end = _cached_query(queries.data_end)
crash_year_range = _cached_query(queries.crash_year_range)
record_year_range = _cached_query(queries.record_year_range)
high_injury_network = _cached_query(figures.high_injury_network)
corridor_exposure = _cached_query(figures.corridor_exposure)
filtered_count = _cached_query(queries.filtered_count)
filtered_table = _cached_query(queries.filtered_table)
#: The full filtered table for a download: too large to keep in the cache.
filtered_table_uncached = _fresh_query(queries.filtered_table)


def is_sample() -> bool:
    """Whether the dataset is the synthetic sample (every page says so)."""
    return dataset_meta().get("is_sample") == "true"


def is_mixed() -> bool:
    """Whether real rows were imported into the sample (figures then mix real and invented data)."""
    return dataset_meta().get("mixed") == "true"


def data_date() -> dt.date | None:
    """The last day the data cover (:func:`queries.data_end`, as ``nlmobility report``): never today; None without data."""
    return data_end()


def year_range() -> tuple[int, int]:
    """First and last calendar year with any record (crashes, participation events and comments)."""
    lo, hi, _ = record_year_range()
    return lo, hi


def default_period() -> tuple[int, int]:
    """The period pages open on: the latest run of years every covered municipality covers whole,
    reaching on to the latest year with participation (a workshop recorded today is in view)."""
    start, end = stats.default_period(crash_coverage(), crash_year_range())
    last_participation = record_year_range()[2]
    return start, max(end, last_participation or end)


def today() -> dt.date:
    """Today's date (one place, so tests can fix it)."""
    return dt.date.today()


def corridor_names() -> dict[str, str]:
    """Corridor id -> name, for select boxes."""
    cors = corridors()
    return dict(zip(cors["corridor_id"].astype(str), cors["name"].astype(str), strict=True))


def municipality_names() -> dict[str, str]:
    """Municipality code -> name, for select boxes."""
    munis = municipalities()
    return dict(zip(munis["cvegeo"].astype(str), munis["name"].astype(str), strict=True))


@st.cache_data(max_entries=32, show_spinner=False, ttl=3600)
def _digest(
    path: str,  # noqa: ARG001 - a cache key only
    ver: str,  # noqa: ARG001 - a cache key only: a new dataset version is a new digest
    *,
    as_of: dt.date,
    since: dt.date,
    next_meeting: dt.date,
    commitments: tuple[str, ...],
    lang: str,
    fmt: str,
) -> tuple[bytes, str]:
    cur = database().cursor()
    try:
        d = digest.build(
            cur, as_of=as_of, since=since, next_meeting=next_meeting, commitments=list(commitments), lang=lang
        )
        return digest_render.render(d, fmt), f"{digest_render.file_stem(d)}.{fmt}"
    finally:
        cur.close()


def forum_digest(
    *, as_of: dt.date, since: dt.date, next_meeting: dt.date, commitments: tuple[str, ...], lang: str, fmt: str
) -> tuple[bytes, str]:
    """The forum digest as a file (bytes, file name), cached per dataset version and choice."""
    return _digest(
        str(db.default_path()),
        version(),
        as_of=as_of,
        since=since,
        next_meeting=next_meeting,
        commitments=commitments,
        lang=lang,
        fmt=fmt,
    )
