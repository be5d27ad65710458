"""Evaluation tables for officials who script: before/after with intervals, the high-injury network, exposure.

``nlmobility report before-after|hin|exposure [--json|--csv]`` prints the same figures Seguridad vial
shows (the same queries and rules), with what they are built from: the dataset version, whether
the data are sample, real or mixed, and the period and area.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

import duckdb
import pandas as pd

from nlmobility import db, figures, meta, queries, safety, stats
from nlmobility.filters import Filters

KINDS = ("before-after", "hin", "exposure")
#: The before/after report's columns: counts, the rest of the metro area, and both changes with their intervals.
REPORT_COLUMNS = (
    "corridor_id",
    "name",
    "works_start",
    "opening_date",
    "after_complete",
    "n_before",
    "n_after",
    "metro_before",
    "metro_after",
    "change",
    "change_low",
    "change_high",
    "change_adjusted",
    "adjusted_low",
    "adjusted_high",
)
#: Per corridor, each design's CMF and 95 % interval from nlmobility.safety (None when too few): column prefix per design.
DESIGN_COLUMNS: dict[safety.Design, str] = {"eb": "eb", "comparison": "cg", "naive": "naive"}


def data_end(cur: duckdb.DuckDBPyConnection) -> dt.date | None:
    """The last day the data cover: :func:`queries.data_end`, the one definition the pages use too (never today)."""
    return queries.data_end(cur)


def _provenance(cur: duckdb.DuckDBPyConnection, f: Filters) -> dict[str, Any]:
    end = data_end(cur)
    return {
        "dataset_version": queries.dataset_version(cur),
        "data_end": end.isoformat() if end else None,
        "built_from": meta.built_from(queries.dataset_meta(cur)),
        "sources": queries.data_sources(cur).to_dict("records"),
        "area": f.cvegeo or "metro",
        "buffer_m": f.buffer_m,
        "severity": f.severity,
        "mode": f.mode,
    }


def road_safety(cur: duckdb.DuckDBPyConnection, f: Filters, *, months: int) -> safety.Safety:
    """:func:`nlmobility.safety.evaluate` at the data's end: the figures Seguridad vial shows for the same filters."""
    return safety.evaluate(cur, f, months=months, data_end=data_end(cur))


def before_after(
    cur: duckdb.DuckDBPyConnection, f: Filters, *, months: int, evaluated: safety.Safety | None = None
) -> pd.DataFrame:
    """Per opened corridor: counts, change and adjusted change, and each design's CMF, with 95 % intervals (None when too few)."""
    s = evaluated or road_safety(cur, f, months=months)
    ba = s.table
    if ba.empty:
        return ba
    out = ba[list(REPORT_COLUMNS)].copy()
    out["too_few"] = [c.too_few for c in s.corridors]  # the one rule: incomplete window or too few crashes
    for c in ("change", "change_low", "change_high", "change_adjusted", "adjusted_low", "adjusted_high"):
        out[c] = out[c].where(~out["too_few"])
    for design, prefix in DESIGN_COLUMNS.items():
        ests = [c.estimates[design] for c in s.corridors]
        for name, attr in (("cmf", "cmf"), ("low", "cmf_low"), ("high", "cmf_high")):
            out[f"{prefix}_{name}"] = [getattr(e, attr) if e.shown else None for e in ests]
    return out


def safety_extra(s: safety.Safety) -> dict[str, Any]:
    """The report's programme-level objects: ``pooled`` per design, the SPF, and each corridor's quality statements."""
    return {
        "pooled": {d: p.as_dict() for d, p in s.pooled.items()},
        "spf": s.spf.as_dict() if s.spf is not None else None,
        "spf_reason": s.spf_reason,
        "quality": {c.corridor_id: {d: e.quality.as_dict() for d, e in c.estimates.items()} for c in s.corridors},
    }


def hin(cur: duckdb.DuckDBPyConnection, f: Filters) -> tuple[pd.DataFrame, list[tuple[int, int]]]:
    """The high-injury network's places (latest window) and the windows used."""
    return figures.high_injury_network(cur, cvegeo=f.cvegeo, mode=f.mode)


def exposure(cur: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Counts near each corridor and crashes per million passages over the whole years of the records."""
    years = queries.whole_years(cur, f.cvegeo, f.year_from, f.year_to)
    return figures.corridor_exposure(cur, buffer_m=f.buffer_m, years=years, cvegeo=f.cvegeo, corridor_id=f.corridor_id)


def _reason(code: str, text: str, fill: str | None, **facts: Any) -> dict[str, Any]:
    return {"code": code, "text": text, "fill": fill, **facts}


def _hin_reason(cur: duckdb.DuckDBPyConnection, f: Filters, area: str) -> dict[str, Any]:
    years = queries.whole_years(cur, f.cvegeo)
    if not queries.table_counts(cur).get("crash", 0):
        return _reason("no_crashes", "no crash records in this database", "nlmobility import crashes FILE")
    if not stats.hin_windows(years):
        return _reason(
            "too_few_whole_years",
            f"the crash records of {area} do not cover {stats.HIN_WINDOW_YEARS} consecutive whole calendar years "
            f"(whole years covered: {', '.join(map(str, years)) or 'none'}); the network needs them",
            "nlmobility import crashes FILE (--period FROM TO): crash files covering whole years of every covered municipality",
            whole_years=years,
            years_needed=stats.HIN_WINDOW_YEARS,
        )
    return _reason(
        "none_qualify",
        f"no place reaches a weighted score of {stats.HIN_MIN_SCORE} in the latest window: a count of zero places, not missing data",
        None,
        whole_years=years,
    )


def why_empty(cur: duckdb.DuckDBPyConnection, kind: str, f: Filters, table: pd.DataFrame) -> dict[str, Any] | None:
    """Why the ``kind`` report has no rows (no data is not zero), with the import that would fill it; None when it has rows.

    ``code`` is stable for scripts; ``text`` says it in words; ``fill`` is the import that gives the
    missing data (None when the data are there and simply nothing qualifies: a true zero).
    """
    if not table.empty:
        return None
    area = f"municipality {f.cvegeo}" if f.cvegeo else "the metro area"
    counts = queries.table_counts(cur)
    reason = _reason("none", "no rows for these filters", None)
    if kind == "hin":
        reason = _hin_reason(cur, f, area)
    elif not counts.get("corridor", 0):
        reason = _reason("no_corridors", "no corridors in this database", "nlmobility import corridors FILE")
    elif kind == "before-after":
        reason = _reason(
            "none_opened",
            f"no corridor of {area} has an opening date yet: nothing to compare before and after",
            "nlmobility import corridors FILE (with opening dates)",
        )
    elif kind == "exposure" and not counts.get("traffic_count", 0):
        reason = _reason(
            "no_counts", "no pedestrian or cyclist counts in this database", "nlmobility import counts FILE"
        )
    elif kind == "exposure" and not queries.whole_years(cur, f.cvegeo, f.year_from, f.year_to):
        reason = _reason(
            "no_whole_years",
            f"the crash records of {area} cover no whole calendar year in the period",
            "nlmobility import crashes FILE",
        )
    return reason


def _clean(v: Any) -> Any:
    if isinstance(v, float) and math.isnan(v):
        return None
    if isinstance(v, pd.Timestamp | dt.date):
        return v.isoformat()[:10]
    if hasattr(v, "item"):
        return _clean(v.item())
    return v


def as_json(kind: str, table: pd.DataFrame, about: dict[str, Any], **extra: Any) -> str:
    """The table with what it is built from, as JSON (NaN and NaT as null, dates as aaaa-mm-dd)."""
    rows = [{k: _clean(v) for k, v in r.items()} for r in table.to_dict("records")]
    return json.dumps({"report": kind, **about, **extra, "rows": rows}, ensure_ascii=False, indent=2, default=str)


def run(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    f: Filters,
    *,
    months: int = 12,
    fmt: str = "json",
    notes: list[str] | None = None,
) -> str:
    """The ``kind`` report as JSON or CSV text.

    An empty table carries why (``reason`` in the JSON); for CSV, which has no place for it, the
    reason's text and the import that would fill it are appended to ``notes`` (the command prints them on stderr).
    """
    cur = db.cursor(con)
    extra: dict[str, Any] = {}
    if kind == "before-after":
        evaluated = road_safety(cur, f, months=months)
        table = before_after(cur, f, months=months, evaluated=evaluated)
        extra = {
            "months": months,
            "method": "score interval (raw); Poisson log-linear Wald interval (adjusted); per design "
            "(eb, cg = comparison group, naive): Hauer's bias-corrected CMF with a log-scale 95 % interval",
            **safety_extra(evaluated),
        }
    elif kind == "hin":
        table, windows = hin(cur, f)
        extra = {
            "windows": [list(w) for w in windows],
            "weights": stats.HIN_WEIGHTS,
            "share": stats.HIN_SHARE,
            "min_score": stats.HIN_MIN_SCORE,
            "cell_m": stats.HIN_CELL_M,
        }
    elif kind == "exposure":
        table = exposure(cur, f)
    else:
        raise ValueError(f"unknown report {kind!r}; use one of: {', '.join(KINDS)}")
    reason = why_empty(cur, kind, f, table)
    if fmt == "csv":
        if reason is not None and notes is not None:
            notes.append(f"no rows: {reason['text']}" + (f"; to fill it: {reason['fill']}" if reason["fill"] else ""))
        return table.to_csv(index=False)
    return as_json(kind, table, _provenance(cur, f), **extra, reason=reason)
