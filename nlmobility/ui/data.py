"""Cached data access for the pages: one Database per process, a cursor per query.

Results are cached on small keys only (query name, filter values and the dataset version), so a
new import invalidates them without a restart.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from nlmobility import db, queries


@st.cache_resource(show_spinner=False)
def _database(path: str) -> db.Database:
    return db.Database(path)


def database() -> db.Database:
    return _database(str(db.default_path()))


def available() -> bool:
    return db.default_path().exists()


def version() -> str:
    """Current dataset version (read on every rerun: cheap, and it changes after imports)."""
    cur = database().cursor()
    try:
        row = cur.execute("SELECT dataset_version FROM import_log ORDER BY import_id DESC LIMIT 1").fetchone()
    finally:
        cur.close()
    return row[0] if row else "sin-version"


@st.cache_data(max_entries=512, show_spinner=False, ttl=3600)
def _cached(path: str, ver: str, name: str, args: tuple[Any, ...], kwargs: tuple[tuple[str, Any], ...]) -> Any:
    fn = getattr(queries, name)
    cur = database().cursor()
    try:
        return fn(cur, *args, **dict(kwargs))
    finally:
        cur.close()


def q(name: str, *args: Any, **kwargs: Any) -> Any:
    """Call ``queries.<name>(cursor, *args, **kwargs)`` through the cache."""
    return _cached(str(db.default_path()), version(), name, args, tuple(sorted(kwargs.items())))


def meta() -> dict[str, str]:
    return q("dataset_meta")


def is_sample() -> bool:
    return meta().get("is_sample") == "true"


def data_date() -> dt.date:
    raw = meta().get("data_date")
    return dt.date.fromisoformat(raw) if raw else dt.date.today()


def year_range() -> tuple[int, int]:
    return q("crash_year_range")


def today() -> dt.date:
    return dt.date.today()


def fresh(name: str, *args: Any, **kwargs: Any) -> Any:
    """Call a query without caching (for large, one-off results such as downloads)."""
    cur = database().cursor()
    try:
        return getattr(queries, name)(cur, *args, **kwargs)
    finally:
        cur.close()
