"""Dataset-level facts: tables and row counts, dataset version, sample flag, spatial status."""

from __future__ import annotations

import json
from typing import Any

import duckdb

from nlmobility import db, dictionary


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Row count of every table in the data dictionary (names from a fixed allow-list)."""
    existing = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    return {
        t.name: int(db.scalar(con, f"SELECT count(*) FROM {t.name}"))  # noqa: S608 - dictionary table names
        for t in dictionary.TABLES
        if t.name in existing
    }


def dataset_version(con: duckdb.DuckDBPyConnection) -> str | None:
    """The dataset version (latest import_log row), or None."""
    row = con.execute("SELECT dataset_version FROM import_log ORDER BY import_id DESC LIMIT 1").fetchone()
    return row[0] if row else None


def meta(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """The dataset_meta table as a dict."""
    return dict(con.execute("SELECT key, value FROM dataset_meta").fetchall())


def is_sample(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the database holds the synthetic sample."""
    return meta(con).get("is_sample") == "true"


def built_from(m: dict[str, str]) -> str:
    """What the figures are built from, from the dataset_meta dict: ``sample``, ``mixed`` (real rows imported into it) or ``real``."""
    if m.get("mixed") == "true":
        return "mixed"
    return "sample" if m.get("is_sample") == "true" else "real"


def spatial_loaded(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the spatial extension answers on this connection."""
    row = con.execute("SELECT loaded FROM duckdb_extensions() WHERE extension_name = 'spatial'").fetchone()
    return bool(row and row[0])


def info(con: duckdb.DuckDBPyConnection, path: str) -> dict[str, Any]:
    """Tables, counts, dataset version and spatial status of the database (``nlmobility info``)."""
    m = meta(con)
    return {
        "database": path,
        "dataset_version": dataset_version(con),
        "is_sample": m.get("is_sample") == "true",
        "seed": int(m["seed"]) if "seed" in m else None,
        "data_date": m.get("data_date"),
        "spatial_loaded": spatial_loaded(con),
        "tables": table_counts(con),
        "planted_effects": json.loads(m["planted_effects"]) if "planted_effects" in m else None,
    }
