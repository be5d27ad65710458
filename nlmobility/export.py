"""Open-format exports: CSV, GeoJSON and GeoParquet, for the CLI and the Datos abiertos page.

Only the display geometry (EPSG:4326) is exported; the metric copy is an internal detail. CSV
cells that a spreadsheet would run as a formula are neutralised with a leading apostrophe.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any

import duckdb
import geopandas as gpd
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import shapely

from nlmobility import dictionary, geo
from nlmobility.filters import Filters

FORMATS = ("csv", "geojson", "parquet")
MIME = {"csv": "text/csv", "geojson": "application/geo+json", "parquet": "application/vnd.apache.parquet"}
EXTENSION = {"csv": "csv", "geojson": "geojson", "parquet": "parquet"}

#: Command-line and URL names for tables (plural and hyphenated forms accepted).
ALIASES: dict[str, str] = {
    "crashes": "crash",
    "corridors": "corridor",
    "municipalities": "municipality",
    "participation_events": "participation_event",
    "participation_comments": "participation_comment",
    "milestones": "milestone",
    "transit_lines": "transit_line",
    "transit_stations": "transit_station",
    "commitments": "commitment",
    "contracts": "corridor_contract",
    "documents": "corridor_document",
    "milestone_history": "milestone_status_history",
    "imports": "import_log",
}

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def table_name(kind: str) -> str:
    """Resolve a user-given kind to a table from the data dictionary (an allow-list)."""
    k = kind.strip().lower().replace("-", "_")
    name = ALIASES.get(k, k)
    if name not in dictionary.BY_NAME:
        known = sorted(set(ALIASES) | set(dictionary.BY_NAME))
        raise ValueError(f"unknown kind {kind!r}; use one of: {', '.join(known)}")
    return name


#: The page's filters, in the order captions name them.
FILTER_NAMES = ("area", "corridor", "period", "severity", "mode", "buffer")


@dataclass(frozen=True)
class TableFilter:
    """How a table's download honours the page's filters: a fixed WHERE clause (values bound by name)."""

    where: str
    honours: tuple[str, ...]
    order: str

    @property
    def ignores(self) -> tuple[str, ...]:
        """The page's filters this table cannot honour (its download is complete in those respects)."""
        return tuple(n for n in FILTER_NAMES if n not in self.honours)


def _clause(*parts: str) -> str:
    return "WHERE " + " AND ".join(parts)


_AREA = "($cvegeo IS NULL OR cvegeo = $cvegeo)"
_CORRIDOR = "($corridor_id IS NULL OR corridor_id = $corridor_id)"
_CORRIDOR_AREA = "($cvegeo IS NULL OR corridor_id IN (SELECT corridor_id FROM corridor WHERE cvegeo = $cvegeo))"
_SEVERITY = "crash_severity_matches(severity, $severity)"
_MODE = "crash_mode_matches(pedestrian, cyclist, motorcyclist, $mode)"
_BUFFER = "distance_m <= $buffer_m"
_CRASH_KIND = ("area", "period", "severity", "mode")


def _years(col: str) -> str:
    return f"crash_in_years({col}, $year_from, $year_to)"


_YEAR_INT = "($year_from IS NULL OR year >= $year_from) AND ($year_to IS NULL OR year <= $year_to)"

#: Every table that a download can filter, and how; any other table is downloaded whole (and says so).
FILTERS: dict[str, TableFilter] = {
    "crash": TableFilter(_clause(_AREA, _years("occurred_at"), _SEVERITY, _MODE), _CRASH_KIND, "crash_id"),
    "crash_corridor": TableFilter(
        _clause(_AREA, _CORRIDOR, _years("occurred_at"), _SEVERITY, _MODE, _BUFFER),
        ("area", "corridor", "period", "severity", "mode", "buffer"),
        "crash_id, corridor_id",
    ),
    "crash_link": TableFilter(_clause(_AREA, _years("occurred_at"), _SEVERITY, _MODE), _CRASH_KIND, "crash_id, source"),
    "crash_day_count": TableFilter(
        _clause(_AREA, _years("day"), _SEVERITY, _MODE),
        _CRASH_KIND,
        "day, cvegeo, severity, pedestrian, cyclist, motorcyclist",
    ),
    "crash_month_cell": TableFilter(
        _clause(_AREA, _years("month"), _SEVERITY, _MODE),
        _CRASH_KIND,
        "month, cx, cy, cvegeo, severity, pedestrian, cyclist, motorcyclist",
    ),
    "crash_year_cell": TableFilter(
        _clause(_AREA, _YEAR_INT, _SEVERITY, _MODE),
        _CRASH_KIND,
        "year, cx, cy, cvegeo, severity, pedestrian, cyclist, motorcyclist",
    ),
    "crash_coverage": TableFilter(_clause(_AREA), ("area",), "source, cvegeo"),
    "corridor": TableFilter(_clause(_AREA, _CORRIDOR), ("area", "corridor"), "corridor_id"),
    "corridor_contract": TableFilter(_clause(_CORRIDOR_AREA, _CORRIDOR), ("area", "corridor"), "contract_ref"),
    "corridor_document": TableFilter(_clause(_CORRIDOR_AREA, _CORRIDOR), ("area", "corridor"), "document_id"),
    "corridor_display": TableFilter(_clause(_CORRIDOR_AREA, _CORRIDOR), ("area", "corridor"), "corridor_id"),
    "participation_event": TableFilter(
        _clause(_AREA, _CORRIDOR, _years("event_date")), ("area", "corridor", "period"), "event_id"
    ),
    "participation_comment": TableFilter(
        _clause(_AREA, _CORRIDOR, _years("comment_date")), ("area", "corridor", "period"), "comment_id"
    ),
    "traffic_count": TableFilter(_clause(_years("count_date")), ("period",), "site, count_date, hour"),
}

_PARAM = re.compile(r"\$([a-z_]+)")


def table_filter(table: str) -> TableFilter:
    """How ``table``'s download is filtered (a table with no filter: an empty clause that honours nothing)."""
    name = table_name(table)
    return FILTERS.get(name, TableFilter("", (), ""))


def filter_params(table: str, f: Filters) -> dict[str, Any]:
    """The bound parameters ``table``'s filter names, from the page's filters."""
    values = {**f.crash_params(), "corridor_id": f.corridor_id, "buffer_m": f.buffer_m}
    return {k: values[k] for k in set(_PARAM.findall(table_filter(table).where))}


def read_filtered(
    con: duckdb.DuckDBPyConnection, table: str, f: Filters, *, limit: int | None = None
) -> gpd.GeoDataFrame | pd.DataFrame:
    """The rows of ``table`` that its filter lets through (the whole table where it has none)."""
    tf = table_filter(table)
    where = f"{tf.where} ORDER BY {tf.order}" if tf.order else tf.where
    return read_table(con, table, where=where, params=filter_params(table, f), limit=limit)


def count_filtered(con: duckdb.DuckDBPyConnection, table: str, f: Filters) -> int:
    """Row count of :func:`read_filtered` (the same clause, values bound)."""
    name = table_name(table)
    sql = f"SELECT count(*) FROM {name} {table_filter(name).where}"  # noqa: S608 - allow-listed table, fixed clause
    row = con.execute(sql, filter_params(name, f)).fetchone()
    return int(row[0]) if row else 0


def _columns(table: str) -> list[str]:
    return [c.name for c in dictionary.BY_NAME[table].columns if c.name != "geom_utm"]


def read_table(
    con: duckdb.DuckDBPyConnection,
    table: str,
    *,
    where: str = "",
    params: list[Any] | dict[str, Any] | None = None,
    limit: int | None = None,
) -> gpd.GeoDataFrame | pd.DataFrame:
    """Read ``table`` (allow-listed) with an optional fixed ``where`` clause and bound params."""
    table = table_name(table)
    cols = _columns(table)
    select = ", ".join("ST_AsWKB(geom) AS geom" if c == "geom" else f'"{c}"' for c in cols)
    sql = f"SELECT {select} FROM {table} {where}"  # noqa: S608 - table and columns from the dictionary allow-list; where is a fixed clause
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    df = con.execute(sql, params or []).df()
    for c in dictionary.BY_NAME[table].columns:  # whole numbers stay whole where some are missing ("5", not "5.0")
        if c.type in ("INTEGER", "BIGINT") and c.name in df.columns and pd.api.types.is_float_dtype(df[c.name]):
            df[c.name] = df[c.name].astype("Int64")
    if "geom" not in df.columns:
        return df
    # a missing geometry arrives as None, NaN or pd.NA depending on pandas: all are "no geometry"
    geoms = shapely.from_wkb([bytes(b) if isinstance(b, bytes | bytearray | memoryview) else None for b in df["geom"]])
    return gpd.GeoDataFrame(df.drop(columns=["geom"]), geometry=gpd.GeoSeries(geoms, crs="EPSG:4326"))


_NUM = r"[+-]?\s*\d[\d.,]*\s*%?"
#: A signed figure shown as text: a number or percentage ("-42 %", "+3"), or a figure with its interval
#: ("-57 % a -20 %", "-51 % (-73 % a -29 %)", "12.4 (9.8–15.5)"). Only numbers, "a"/"to", dashes and
#: brackets: nothing a spreadsheet could run.
_SIGNED_NUMBER = rf"^[+-]\s*\d[\d.,]*\s*%?(?:\s+(?:a|to)\s+{_NUM}|\s*[(–]\s*{_NUM}|\s*\))*$"


_STARTS_LIKE_A_FORMULA = "^[" + re.escape("".join(_FORMULA_START)) + "]"


def _may_start_a_formula(s: pd.Series) -> bool:
    """Whether any cell of a text column starts like a formula: one Arrow pass for Arrow strings
    (pandas' ``str.startswith`` with six prefixes made twelve passes, a tenth of a page run under load)."""
    if isinstance(s.dtype, pd.StringDtype) and hasattr(s.array, "__arrow_array__"):
        hits = pc.match_substring_regex(pa.array(s.array), pattern=_STARTS_LIKE_A_FORMULA)
        return bool(pc.any(hits).as_py())
    return True  # other columns: the general check below


def neutralise_formulas(df: pd.DataFrame, *, signed_numbers_are_safe: bool = False, prefix: str = "'") -> pd.DataFrame:
    """Prefix text cells that start like a spreadsheet formula with an apostrophe (``prefix``).

    ``signed_numbers_are_safe`` leaves "-42 %" and "+3" as they are (tables on screen, whose toolbar
    CSV a spreadsheet reads as numbers); the open-data downloads prefix every ``+``/``-`` cell.
    Screen tables pass ``prefix=textsafe.WJ`` (an invisible word joiner): the value shows as
    stored, no apostrophe, and the toolbar's CSV still starts with text.
    """
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            s = out[col]
            if not _may_start_a_formula(s):  # the usual case, answered in one pass
                continue
            text = s.astype(str)
            mask = s.notna() & text.str.startswith(_FORMULA_START)
            if signed_numbers_are_safe:
                mask &= ~text.str.match(_SIGNED_NUMBER)
            if mask.any():
                out[col] = s.astype(object).where(~mask, prefix + s.astype(str))
    return out


def to_bytes(df: pd.DataFrame, fmt: str) -> bytes:
    """Serialise a frame (GeoDataFrame when it has geometry) in an open format."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fmt == "csv":
        plain = pd.DataFrame(df.drop(columns=["geometry"], errors="ignore"))
        if isinstance(df, gpd.GeoDataFrame) and "geometry" in df.columns:
            plain["wkt"] = df.geometry.to_wkt()
        return neutralise_formulas(plain).to_csv(index=False).encode("utf-8")
    gdf = (
        df
        if isinstance(df, gpd.GeoDataFrame)
        else gpd.GeoDataFrame(df, geometry=gpd.GeoSeries([None] * len(df), crs="EPSG:4326"))
    )
    gdf = _json_safe(gdf)
    fixed, changed = geo.drop_empty_parts(gdf.geometry.to_numpy())
    if changed:  # a line stored before empty parts were refused at import: RFC 7946 has no empty line ([])
        gdf[gdf.geometry.name] = gpd.GeoSeries(fixed, index=gdf.index, crs=gdf.crs)
    if fmt == "geojson":
        return gdf.to_json(drop_id=True, ensure_ascii=False).encode("utf-8")
    buf = io.BytesIO()
    gdf.to_parquet(buf, index=False)
    return buf.getvalue()


def _json_safe(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    out = gdf.copy()
    for col in out.columns:
        if col != "geometry" and (pd.api.types.is_datetime64_any_dtype(out[col])):
            out[col] = out[col].dt.strftime("%Y-%m-%dT%H:%M:%S")
    return out
