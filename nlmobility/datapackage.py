"""A Frictionless data package (``datapackage.json``) describing the CSV exports (no Streamlit here).

Each table exported as CSV (``export.to_bytes``: the display geometry as a ``wkt`` column, the
metric copy left out) becomes a resource whose Table Schema fields carry the data dictionary's
type, unit and meaning (Spanish description, English in ``description_en``), with the licence and
sources of the data and what they are built from (sample, real or mixed).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from nlmobility import dictionary, export, meta, oc4ids

#: Dictionary (DuckDB) types -> Table Schema field types.
TYPES = {
    "VARCHAR": "string",
    "INTEGER": "integer",
    "BIGINT": "integer",
    "DOUBLE": "number",
    "DATE": "date",
    "TIMESTAMP": "datetime",
    "TIME": "time",
    "BOOLEAN": "boolean",
}


def _slug(name: str) -> str:
    """A resource or package name as Frictionless wants it: lower case, digits, '-', '.', '_' replaced."""
    return "".join(ch if ch.isalnum() or ch in "-." else "-" for ch in name.lower())


def fields(table: str) -> list[dict[str, Any]]:
    """The Table Schema fields of a table's CSV export, in its column order."""
    out: list[dict[str, Any]] = []
    for c in dictionary.BY_NAME[table].columns:
        if c.name in ("geom", "geom_utm"):
            continue
        kind = TYPES.get(c.type.split("(")[0].upper(), "string")
        field: dict[str, Any] = {
            "name": c.name,
            "type": kind,
            "description": c.meaning_es,
            "description_en": c.meaning_en,
        }
        if kind in ("date", "datetime", "time"):
            field["format"] = "any"  # CSV dates as written by the export (ISO, with or without time)
        if c.unit:
            field["unit"] = c.unit
        out.append(field)
    if any(c.name == "geom" for c in dictionary.BY_NAME[table].columns):
        out.append(
            {
                "name": "wkt",
                "type": "string",
                "description": "Geometría en WKT, EPSG:4326 (longitud, latitud)",
                "description_en": "Geometry as WKT, EPSG:4326 (longitude, latitude)",
            }
        )
    return out


def resource(table: str, path: str) -> dict[str, Any]:
    """One CSV export as a data-package resource."""
    t = dictionary.BY_NAME[table]
    return {
        "name": _slug(table),
        "path": path,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "title": t.title_es,
        "description": t.title_en,
        "schema": {"fields": fields(table), "missingValues": [""]},
    }


def package(
    tables: dict[str, str], *, dataset_meta: dict[str, str], sources: pd.DataFrame, version: str
) -> dict[str, Any]:
    """The ``datapackage.json`` of CSV exports: ``tables`` maps table name -> file name beside it."""
    licences = []
    for name in sorted(set(sources["licence"].dropna().astype(str))) if not sources.empty else []:
        entry: dict[str, str] = {"name": _slug(name), "title": name}
        if name in oc4ids.LICENCES:
            entry["path"] = oc4ids.LICENCES[name]
        licences.append(entry)
    return {
        "name": _slug(f"nlmobility-{version}"),
        "title": "Corredores Verdes · nlmobility",
        "description": (
            f"Datos del tablero del compromiso Corredores Verdes, versión {version}; "
            f"construidos con datos: {meta.built_from(dataset_meta)} (sample = muestra sintética, real, mixed = mixtos)."
        ),
        "created": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "licenses": licences,
        "sources": [{"title": str(s.title)} for s in sources.itertuples()] if not sources.empty else [],
        "resources": [resource(table, path) for table, path in tables.items()],
    }


def csv_name(table: str) -> str:
    """The file name of a table's CSV export."""
    return f"{table}.{export.EXTENSION['csv']}"
