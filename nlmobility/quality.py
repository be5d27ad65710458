"""The quality report to read before publishing: ``nlmobility check`` and the Administración panel.

Per imported file (``data_source`` with its latest ``import_log`` row): rows accepted and refused by
reason, and for crash files the records counted and linked to a crash counted from another source,
how they were placed (own point, exact intersection name, looser match, not placed), points outside
their municipality, the shares of unknown severity and unknown time, and the coverage. Then the
figures that would show "no data" (never 0) and the import that fills each.

Every finding has a **level**:

* ``review`` — something an official must look at before publishing; ``nlmobility check`` exits 1:
  rows refused for a reason other than repeating another row of the file (intersection names not
  placed among them), names that could be several intersections or match one only weakly, counted
  crashes farther outside their municipality than the import's tolerance, crashes outside every
  imported boundary, records of one event whose sources give different killed or injured counts,
  and gaps in the crash records (days between two covered spans of a municipality; a whole covered
  month without any record from a file that averages :data:`EMPTY_MONTH_MIN` or more a month there).
* ``no_data`` — a figure the pages and reports show as "sin dato" until an import fills it
  (population for rates, three whole years for the high-injury network, corridors for before/after,
  milestone statuses, years or municipalities the crash records do not cover). Not an error: exit
  status 0 unless ``--strict``.
* ``note`` — worth knowing, nothing wrong: records linked across sources, looser placements,
  points outside their municipality within the tolerance, unknown severity or time, repeated rows.

JSON shape (:data:`FORMAT` 1; keys are always present, ``null`` where they do not apply)::

    {"check": "quality", "format": 1, "dataset_version", "data_end", "built_from",
     "status": "review" | "no_data" | "clean", "counts": {"review", "no_data", "note"},
     "tolerance_m": {"point", "intersection"},
     "findings": [{"level", "code", "source", "n", "text", "text_es", "fill", "fill_es"}],
     "sources": [{"source", "kind", "title", "is_sample", "imported_at", "import_id", "rows_accepted",
                  "rows_refused", "refused": [{"code", "n"}],
                  "crashes": null | {"records", "counted", "linked", "linked_to": {source: n},
                      "linked_from": {source: n}, "conflicting_victims",
                      "placement": {"point", "exact", "normalised", "unplaced"},
                      "outside_municipality": {"n", "max_m", "beyond_tolerance",
                                               "by_municipality": [{"cvegeo", "name", "n", "max_m", "beyond_tolerance"}]},
                      "unknown_severity": {"n", "share"}, "unknown_time": {"n", "share"}, "no_municipality",
                      "coverage": [{"cvegeo", "name", "date_from", "date_to"}],
                      "empty_months": [{"cvegeo", "month", "per_month"}],
                      "unplaced": [{"code", "name", "candidates": [...], "n"}],
                      "loose": [{"given_name", "place_name", "method", "score", "n"}]}}],
                      # placement counts every record of the file; loose lists the counted crashes
     "links": [{"source", "counted_source", "crash_id", "occurred_at", "time_known", "killed", "injured",
                "counted_killed", "counted_injured", "conflicting_victims", "placement", "place_name",
                "distance_m", "rule", "was_counted", "linked_by"}],
     "coverage": {"municipalities": [{"cvegeo", "name", "date_from", "date_to", "gaps": [[from, to]],
                                      "whole_years": [...], "years_not_whole": [...], "hin": bool}],
                  "metro_whole_years": [...], "hin_windows": [[first, last]], "not_covered": [{"cvegeo", "name"}]},
     "no_data": [{"code", "text", "text_es", "fill", "fill_es", "items": [...]}]}

Counts are rows; shares are 0..1; distances are metres in UTM 14N; dates are YYYY-MM-DD. ``fill`` says
what would settle a finding (the import that fills a figure; :data:`FILLS`), ``null`` for notes.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import asdict, dataclass, field
from typing import Any

import duckdb
import pandas as pd

from nlmobility import meta, queries, stats
from nlmobility.ingest import rules

#: The version of the JSON shape above: it changes only when a key is removed or changes meaning.
FORMAT = 1
LEVELS = ("review", "no_data", "note")
#: A whole covered month with no record is a gap only where the file averages this many records a month there.
EMPTY_MONTH_MIN = 10
#: Refusal codes that are not a loss of data: a row repeating another row of the same file.
HARMLESS_REFUSALS = frozenset({"duplicate"})
#: Codes of intersection names the import could not place (one import_issue row per name).
UNPLACED = tuple(rules.UNPLACED)
#: Tables the check reads that databases made before issue 22 lack.
NEEDS = ("crash_link", "crash_placement", "import_issue")


#: What settles each finding, by code (English, Spanish): the import that fills a figure, or what to check.
FILLS: dict[str, tuple[str, str]] = {
    "unplaced": (
        "nlmobility import intersections FILE with the missing names, then the crash file again",
        "nlmobility import intersections ARCHIVO con los nombres que faltan y luego otra vez el archivo de siniestros",
    ),
    "ambiguous": (
        "a gazetteer entry named as the file writes it, or the names corrected in the file",
        "una entrada del nomenclátor con el nombre como lo escribe el archivo, o los nombres corregidos en el archivo",
    ),
    "outside_beyond_tolerance": (
        "check the points, or the municipality given or declared (--municipality)",
        "revisar los puntos, o el municipio dado o declarado (--municipality)",
    ),
    "no_municipality": ("nlmobility import municipalities FILE", "nlmobility import municipalities ARCHIVO"),
    "conflicting_victims": (
        "check both records with their publishers",
        "revisar ambos registros con quienes los publican",
    ),
    "coverage_gap": (
        "nlmobility import crashes FILE covering those days",
        "nlmobility import crashes ARCHIVO que cubra esos días",
    ),
    "empty_months": (
        "ask the file's publisher whether those months are missing from it",
        "preguntar a quien publica el archivo si le faltan esos meses",
    ),
    "no_crashes": ("nlmobility import crashes FILE", "nlmobility import crashes ARCHIVO"),
    "municipalities_not_covered": (
        "nlmobility import crashes FILE --municipality CVEGEO",
        "nlmobility import crashes ARCHIVO --municipality CVEGEO",
    ),
    "years_not_covered": (
        "nlmobility import crashes FILE (--period FROM:TO) covering those years",
        "nlmobility import crashes ARCHIVO (--period DESDE:HASTA) que cubra esos años",
    ),
    "no_hin": (
        "nlmobility import crashes FILE covering whole years of every covered municipality",
        "nlmobility import crashes ARCHIVO que cubra años completos de cada municipio cubierto",
    ),
    "no_population": (
        "nlmobility import municipalities FILE with a population column",
        "nlmobility import municipalities ARCHIVO con una columna de población",
    ),
    "no_corridors": ("nlmobility import corridors FILE", "nlmobility import corridors ARCHIVO"),
    "none_opened": (
        "nlmobility import corridors FILE with opening dates",
        "nlmobility import corridors ARCHIVO con fechas de apertura",
    ),
    "milestones_unknown": ("nlmobility import milestones FILE", "nlmobility import milestones ARCHIVO"),
    "no_counts": ("nlmobility import counts FILE", "nlmobility import counts ARCHIVO"),
    "no_participation": (
        "nlmobility import participation_events FILE",
        "nlmobility import participation_events ARCHIVO",
    ),
}


#: What settles rows refused for a reason other than an intersection name (a date, a point outside …).
REFUSED_FILL = (
    "the import's report (--report R.json) names each refused row and why: correct the file and import it again",
    "el reporte de la carga (--report R.json) nombra cada fila rechazada y por qué: corregir el archivo y cargarlo otra vez",
)


class OldDatabase(RuntimeError):
    """The database predates the tables the check reads (``nlmobility upgrade`` adds them)."""


@dataclass(frozen=True)
class Finding:
    """One thing the check found: its level (:data:`LEVELS`), a stable code, the file it is about, a count and words."""

    level: str
    code: str
    source: str | None
    n: int
    text: str
    text_es: str
    fill: str | None = field(init=False)
    fill_es: str | None = field(init=False)

    def __post_init__(self) -> None:
        fill = FILLS.get(self.code) or (
            REFUSED_FILL if self.code.startswith("refused_") and self.level == "review" else None
        )
        object.__setattr__(self, "fill", fill[0] if fill else None)
        object.__setattr__(self, "fill_es", fill[1] if fill else None)


def _q(cur: duckdb.DuckDBPyConnection, name: str, **params: Any) -> pd.DataFrame:
    return queries.run(cur, name, params)


def sources(cur: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every source with its latest import (``sql/quality_sources.sql``)."""
    return _q(cur, "quality_sources")


def records(cur: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Per crash source: records, counted, linked and the unknowns (``sql/quality_records.sql``)."""
    return _q(cur, "quality_records")


def placement(cur: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Per crash source and method: how its records were located (``sql/quality_placement.sql``)."""
    return _q(cur, "quality_placement")


def loose(cur: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Crashes placed by a looser match, by given and chosen name (``sql/quality_loose.sql``)."""
    return _q(cur, "quality_loose")


def links(cur: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every record linked to a crash counted from another source (``sql/quality_links.sql``)."""
    return _q(cur, "quality_links")


def outside(cur: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Counted crashes outside their municipality's polygon, per source and municipality (``sql/quality_outside.sql``)."""
    return _q(
        cur,
        "quality_outside",
        tolerance_point=rules.BORDER_TOLERANCE_M,
        tolerance_intersection=rules.BORDER_TOLERANCE_INTERSECTION_M,
    )


def issues(cur: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """What each import refused or could not place (``sql/quality_issues.sql``)."""
    return _q(cur, "quality_issues")


def empty_months(cur: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Whole covered months without any record from a file that usually has many (``sql/quality_empty_months.sql``)."""
    return _q(cur, "quality_empty_months", min_per_month=EMPTY_MONTH_MIN)


def municipalities(cur: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The metro municipalities and their population (``sql/quality_municipalities.sql``)."""
    return _q(cur, "quality_municipalities")


def milestones(cur: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Milestones and those never given a status; corridors and those opened (``sql/quality_milestones.sql``)."""
    row = _q(cur, "quality_milestones").iloc[0]
    return {str(k): int(v) for k, v in row.items()}


# --- helpers -------------------------------------------------------------------------------------------------


def _clean(v: Any) -> Any:
    """A JSON value: NaN/NaT/NA as null, numpy scalars as Python, dates as YYYY-MM-DD, timestamps as ISO."""
    if hasattr(v, "item") and not isinstance(v, pd.Timestamp):
        v = v.item()
    if v is None or v is pd.NaT or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return None
    if isinstance(v, dt.datetime):  # pd.Timestamp too: midnight is a day
        return v.date().isoformat() if v.time() == dt.time() else v.isoformat(timespec="seconds")
    return v.isoformat() if isinstance(v, dt.date) else v


def _rows(df: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): _clean(v) for k, v in r.items()} for r in df.to_dict("records")]


def _share(n: int, total: int) -> float | None:
    return round(n / total, 4) if total else None


def _years(years: list[int]) -> str:
    """2015, 2016, 2017, 2019 -> "2015–2017, 2019"."""
    out: list[str] = []
    for y in sorted(years):
        if out and out[-1].split("–")[-1] == str(y - 1):
            out[-1] = f"{out[-1].split('–')[0]}–{y}"
        else:
            out.append(str(y))
    return ", ".join(out)


def _gaps(spans: pd.DataFrame) -> list[tuple[dt.date, dt.date]]:
    """The days between the covered spans of one municipality (from, to), none when they touch or overlap."""
    out: list[tuple[dt.date, dt.date]] = []
    reach: dt.date | None = None
    days = zip(pd.to_datetime(spans["date_from"]).dt.date, pd.to_datetime(spans["date_to"]).dt.date, strict=True)
    for a, b in sorted(days):
        if reach is not None and a > reach + dt.timedelta(days=1):
            out.append((reach + dt.timedelta(days=1), a - dt.timedelta(days=1)))
        reach = b if reach is None else max(reach, b)
    return out


# --- per source ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Frames:
    """The check's query results, read once and sliced per source."""

    records: pd.DataFrame
    placement: pd.DataFrame
    links: pd.DataFrame
    outside: pd.DataFrame
    issues: pd.DataFrame
    loose: pd.DataFrame
    coverage: pd.DataFrame
    empty_months: pd.DataFrame


def _crash_section(src: str, q: _Frames) -> dict[str, Any]:
    """The crash figures of one source (the ``crashes`` object of the JSON shape)."""
    rec, pl, lk, out, iss, lo, cov, em = (
        q.records,
        q.placement,
        q.links,
        q.outside,
        q.issues,
        q.loose,
        q.coverage,
        q.empty_months,
    )
    r = rec[rec["source"] == src]
    total = int(r["records"].sum()) if not r.empty else 0
    counted = int(r["counted"].sum()) if not r.empty else 0
    unknown_sev = int(r["unknown_severity"].sum()) if not r.empty else 0
    unknown_time = int(r["unknown_time"].sum()) if not r.empty else 0
    by_method = {str(m): int(n) for m, n in pl[pl["source"] == src][["method", "n"]].itertuples(index=False)}
    mine = iss[(iss["source"] == src) & iss["value"].notna() & iss["code"].isin(UNPLACED)]
    own_links = lk[lk["source"] == src]
    their_links = lk[(lk["counted_source"] == src) & (lk["source"] != src)]
    o = out[out["source"] == src]
    return {
        "records": total,
        "counted": counted,
        "linked": total - counted,
        "linked_to": {str(k): int(v) for k, v in own_links.groupby("counted_source").size().items()},
        "linked_from": {str(k): int(v) for k, v in their_links.groupby("source").size().items()},
        "conflicting_victims": int(own_links["conflicting_victims"].fillna(False).astype(bool).sum()),
        "placement": {
            "point": by_method.get("point", 0),
            "exact": by_method.get("exact", 0),
            "normalised": by_method.get("normalised", 0),
            "unplaced": int(mine["n"].sum()),
        },
        "outside_municipality": {
            "n": int(o["n"].sum()),
            "max_m": float(o["max_m"].max()) if not o.empty else None,
            "beyond_tolerance": int(o["beyond_tolerance"].sum()),
            "by_municipality": _rows(o[["cvegeo", "name", "n", "max_m", "beyond_tolerance"]]),
        },
        "unknown_severity": {"n": unknown_sev, "share": _share(unknown_sev, total)},
        "unknown_time": {"n": unknown_time, "share": _share(unknown_time, total)},
        "no_municipality": int(r["no_municipality"].sum()) if not r.empty else 0,
        "coverage": _rows(cov[cov["source"] == src][["cvegeo", "name", "date_from", "date_to"]]),
        "empty_months": _rows(em[em["source"] == src][["cvegeo", "month", "per_month"]]),
        "unplaced": [
            {
                "code": str(x.code),
                "name": str(x.value),
                "candidates": [c for c in str(x.candidates).split(" | ") if c] if isinstance(x.candidates, str) else [],
                "n": int(str(x.n)),
            }
            for x in mine.itertuples(index=False)
        ],
        "loose": _rows(lo[lo["source"] == src][["given_name", "place_name", "method", "score", "n"]]),
    }


def _source_findings(s: dict[str, Any]) -> list[Finding]:
    src = s["source"]
    found: list[Finding] = []
    for r in s["refused"]:
        code, n = r["code"], r["n"]
        if code in UNPLACED:
            continue
        level = "note" if code in HARMLESS_REFUSALS else "review"
        found.append(
            Finding(
                level,
                f"refused_{code}",
                src,
                n,
                f"{n:,} rows refused: {code}" + (" (repeat another row of the file)" if level == "note" else ""),
                f"{n:,} filas rechazadas: {code}" + (" (repiten otra fila del archivo)" if level == "note" else ""),
            )
        )
    return found


def _placement_findings(src: str, c: dict[str, Any]) -> list[Finding]:
    found: list[Finding] = []
    unmatched = [u for u in c["unplaced"] if u["code"] == "unmatched"]
    if unmatched:
        n = sum(u["n"] for u in unmatched)
        found.append(
            Finding(
                "review",
                "unplaced",
                src,
                n,
                f"{n:,} rows not placed: {len(unmatched):,} intersection names match no gazetteer entry (not counted)",
                f"{n:,} filas sin ubicar: {len(unmatched):,} nombres de intersección sin entrada en el nomenclátor (no se cuentan)",
            )
        )
    unsure = [u for u in c["unplaced"] if u["code"] != "unmatched"]
    if unsure:
        n = sum(u["n"] for u in unsure)
        found.append(
            Finding(
                "review",
                "ambiguous",
                src,
                n,
                f"{n:,} rows not placed: {len(unsure):,} intersection names could be several entries or match one only "
                "weakly (candidates listed)",
                f"{n:,} filas sin ubicar: {len(unsure):,} nombres de intersección podrían ser varias entradas o se "
                "parecen a una solo de lejos (candidatas en la lista)",
            )
        )
    if c["placement"]["normalised"]:
        n = c["placement"]["normalised"]
        found.append(
            Finding(
                "note",
                "loose_placement",
                src,
                n,
                f"{n:,} records placed by a looser match than the exact name ({len(c['loose']):,} names, each with the "
                "intersection chosen and its score)",
                f"{n:,} registros ubicados por una coincidencia aproximada ({len(c['loose']):,} nombres, cada uno con la "
                "intersección elegida y su puntaje)",
            )
        )
    return found


def _outside_findings(src: str, c: dict[str, Any]) -> list[Finding]:
    found: list[Finding] = []
    o = c["outside_municipality"]
    if o["beyond_tolerance"]:
        n = o["beyond_tolerance"]
        found.append(
            Finding(
                "review",
                "outside_beyond_tolerance",
                src,
                n,
                f"{n:,} crashes lie farther outside their municipality than the tolerance (up to {o['max_m']:,.0f} m)",
                f"{n:,} siniestros quedan más lejos de su municipio que la tolerancia (hasta {o['max_m']:,.0f} m)",
            )
        )
    if o["n"] > o["beyond_tolerance"]:
        n = o["n"] - o["beyond_tolerance"]
        found.append(
            Finding(
                "note",
                "outside_within_tolerance",
                src,
                n,
                f"{n:,} crashes lie just outside their municipality, within the tolerance (farthest {o['max_m']:,.0f} m)",
                f"{n:,} siniestros quedan apenas fuera de su municipio, dentro de la tolerancia (el más lejano a "
                f"{o['max_m']:,.0f} m)",
            )
        )
    if c["no_municipality"]:
        n = c["no_municipality"]
        found.append(
            Finding(
                "review",
                "no_municipality",
                src,
                n,
                f"{n:,} crashes lie outside every imported municipal boundary (no municipality)",
                f"{n:,} siniestros quedan fuera de todo límite municipal importado (sin municipio)",
            )
        )
    return found


def _crash_findings(src: str, c: dict[str, Any], names: dict[str, str]) -> list[Finding]:
    found: list[Finding] = []
    for other, n in c["linked_to"].items():
        found.append(
            Finding(
                "note",
                "linked",
                src,
                n,
                f"{n:,} records describe crashes counted from {other}: linked, counted once",
                f"{n:,} registros describen siniestros contados de {other}: vinculados, se cuentan una vez",
            )
        )
    if c["conflicting_victims"]:
        n = c["conflicting_victims"]
        found.append(
            Finding(
                "review",
                "conflicting_victims",
                src,
                n,
                f"{n:,} linked records give other killed or injured counts than the crash counted for them",
                f"{n:,} registros vinculados dan otras cifras de fallecidos o lesionados que el siniestro contado",
            )
        )
    found += _outside_findings(src, c)
    for key, en, es in (
        ("unknown_severity", "severity not recorded", "gravedad sin dato"),
        ("unknown_time", "time of day not recorded", "hora sin dato"),
    ):
        u = c[key]
        if u["n"]:
            found.append(
                Finding(
                    "note",
                    key,
                    src,
                    u["n"],
                    f"{u['n']:,} of {c['records']:,} records ({100 * u['share']:.1f} %): {en}",
                    f"{u['n']:,} de {c['records']:,} registros ({100 * u['share']:.1f} %): {es}",
                )
            )
    by_mun: dict[str, list[str]] = {}
    for e in c["empty_months"]:
        by_mun.setdefault(str(e["cvegeo"]), []).append(str(e["month"])[:7])
    for cvegeo, months in by_mun.items():
        name = names.get(cvegeo, cvegeo)
        shown = ", ".join(months[:12]) + (" …" if len(months) > 12 else "")
        found.append(
            Finding(
                "review",
                "empty_months",
                src,
                len(months),
                f"{len(months):,} whole covered months of {name} without any record ({shown})",
                f"{len(months):,} meses completos cubiertos de {name} sin ningún registro ({shown})",
            )
        )
    return found


# --- coverage and no-data figures ----------------------------------------------------------------------------


def _coverage(cov: pd.DataFrame, munis: pd.DataFrame) -> dict[str, Any]:
    out: list[dict[str, Any]] = []
    first_year = pd.to_datetime(cov["date_from"]).min().year if not cov.empty else None
    last_year = pd.to_datetime(cov["date_to"]).max().year if not cov.empty else None
    for cvegeo, spans in cov.groupby("cvegeo", sort=False):
        whole = stats.whole_years(cov, str(cvegeo))
        span = range(first_year, last_year + 1) if first_year is not None and last_year is not None else range(0)
        out.append(
            {
                "cvegeo": str(cvegeo),
                "name": str(spans["name"].iloc[0]),
                "date_from": _clean(pd.to_datetime(spans["date_from"]).min()),
                "date_to": _clean(pd.to_datetime(spans["date_to"]).max()),
                "gaps": [[a.isoformat(), b.isoformat()] for a, b in _gaps(spans)],
                "whole_years": whole,
                "years_not_whole": [y for y in span if y not in whole],
                "hin": bool(stats.hin_windows(whole)),
            }
        )
    metro = stats.whole_years(cov)
    covered = set(cov["cvegeo"].astype(str))
    return {
        "municipalities": sorted(out, key=lambda m: m["name"]),
        "metro_whole_years": metro,
        "hin_windows": [list(w) for w in stats.hin_windows(metro)],
        "not_covered": _rows(munis[~munis["cvegeo"].astype(str).isin(covered)][["cvegeo", "name"]]),
    }


def _no_data(
    counts: dict[str, int], coverage: dict[str, Any], munis: pd.DataFrame, ms: dict[str, int]
) -> list[dict[str, Any]]:
    """The figures the pages and reports show as "sin dato", each with the import that fills it."""
    out: list[dict[str, Any]] = []

    def add(code: str, en: str, es: str, items: list[Any]) -> None:
        fill = FILLS[code]
        out.append({"code": code, "text": en, "text_es": es, "fill": fill[0], "fill_es": fill[1], "items": items})

    if not counts.get("crash"):
        add(
            "no_crashes",
            "no crash records: every road-safety figure",
            "sin registros de siniestros: todas las cifras de seguridad vial",
            [],
        )
    else:
        not_covered = coverage["not_covered"]
        if not_covered:
            names = ", ".join(m["name"] for m in not_covered)
            add(
                "municipalities_not_covered",
                f"{len(not_covered)} metro municipalities have no crash records ({names}): their figures and the "
                "metro's are without them",
                f"{len(not_covered)} municipios metropolitanos sin registros de siniestros ({names}): sus cifras y "
                "las metropolitanas no los incluyen",
                not_covered,
            )
        partial = [m for m in coverage["municipalities"] if m["years_not_whole"]]
        if partial:
            said = "; ".join(f"{m['name']}: {_years(m['years_not_whole'])}" for m in partial)
            add(
                "years_not_covered",
                f"years the crash records do not cover whole, per municipality ({said}): no yearly figure there, and "
                "no metro figure for a year any municipality lacks",
                f"años que los registros no cubren completos, por municipio ({said}): sin cifra anual ahí, ni "
                "metropolitana en un año que le falte a algún municipio",
                [{"cvegeo": m["cvegeo"], "name": m["name"], "years": m["years_not_whole"]} for m in partial],
            )
        if not coverage["hin_windows"]:
            whole = coverage["metro_whole_years"]
            add(
                "no_hin",
                f"the metro's crash records do not cover {stats.HIN_WINDOW_YEARS} consecutive whole years for every "
                f"covered municipality (whole years: {_years(whole) or 'none'}): no high-injury network",
                f"los registros no cubren {stats.HIN_WINDOW_YEARS} años completos seguidos en todos los municipios "
                f"cubiertos (años completos: {_years(whole) or 'ninguno'}): sin red de alta siniestralidad",
                whole,
            )
    no_pop = munis[munis["population"].isna()]
    if not no_pop.empty:
        add(
            "no_population",
            f"{len(no_pop)} of {len(munis)} metro municipalities have no population: no rates per inhabitant "
            f"({', '.join(no_pop['name'].astype(str))})",
            f"{len(no_pop)} de {len(munis)} municipios metropolitanos sin población: sin tasas por habitante "
            f"({', '.join(no_pop['name'].astype(str))})",
            _rows(no_pop[["cvegeo", "name"]]),
        )
    if not ms["corridors"]:
        add(
            "no_corridors",
            "no corridors: no map of corridors, no crashes near them, no before/after",
            "sin corredores: sin mapa de corredores, sin siniestros cercanos, sin antes/después",
            [],
        )
    elif not ms["corridors_opened"]:
        add(
            "none_opened",
            f"none of the {ms['corridors']} corridors has an opening date: no before/after",
            f"ninguno de los {ms['corridors']} corredores tiene fecha de apertura: sin antes/después",
            [],
        )
    if ms["milestones_unknown"]:
        add(
            "milestones_unknown",
            f"{ms['milestones_unknown']} of {ms['milestones']} milestones have no status (never imported): the "
            "digest and Avance count them apart, never as overdue or finished",
            f"{ms['milestones_unknown']} de {ms['milestones']} hitos sin estado (nunca importado): el resumen y "
            "Avance los cuentan aparte, nunca como vencidos ni finalizados",
            [],
        )
    if not counts.get("traffic_count"):
        add(
            "no_counts",
            "no pedestrian or cyclist counts: no crashes per passage",
            "sin conteos de peatones o ciclistas: sin siniestros por paso",
            [],
        )
    if not counts.get("participation_event"):
        add(
            "no_participation",
            "no participation events: Participación and the corridors' 'you said' are empty",
            "sin eventos de participación: Participación y «ustedes dijeron» quedan vacíos",
            [],
        )
    return out


def _coverage_findings(coverage: dict[str, Any]) -> list[Finding]:
    found = []
    for m in coverage["municipalities"]:
        for a, b in m["gaps"]:
            days = (dt.date.fromisoformat(b) - dt.date.fromisoformat(a)).days + 1
            found.append(
                Finding(
                    "review",
                    "coverage_gap",
                    None,
                    days,
                    f"{m['name']}: no crash file covers {a} – {b} ({days:,} days) between two covered spans; "
                    "the pages count those days as covered",
                    f"{m['name']}: ningún archivo cubre del {a} al {b} ({days:,} días) entre dos periodos cubiertos; "
                    "las páginas cuentan esos días como cubiertos",
                )
            )
    return found


# --- the report ----------------------------------------------------------------------------------------------


def check(cur: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """The quality report of the database behind ``cur`` (the JSON shape of this module's docstring)."""
    tables = {r[0] for r in cur.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    missing = [t for t in NEEDS if t not in tables]
    if missing:
        raise OldDatabase(f"the database lacks {', '.join(missing)}: run nlmobility upgrade --db PATH first")
    src = sources(cur)
    rec, pl, lk, out, iss, lo = records(cur), placement(cur), links(cur), outside(cur), issues(cur), loose(cur)
    cov, em, munis = queries.crash_coverage(cur), empty_months(cur), municipalities(cur)
    frames = _Frames(rec, pl, lk, out, iss, lo, cov, em)
    names = dict(zip(munis["cvegeo"].astype(str), munis["name"].astype(str), strict=True))
    crash_sources = set(rec["source"]) | set(cov["source"]) | set(iss["source"])
    per_source: list[dict[str, Any]] = []
    findings: list[Finding] = []
    for s in _rows(src):
        name = s["source"]
        mine = iss[(iss["source"] == name)]
        refused = mine.groupby("code", sort=False)["n"].sum().sort_values(ascending=False, kind="stable")
        s["rows_refused"] = s.pop("rows_rejected")
        s.pop("dataset_version", None)
        entry = {
            **s,
            "refused": [{"code": str(k), "n": int(v)} for k, v in refused.items()],
            "crashes": _crash_section(name, frames) if s["kind"] == "crashes" or name in crash_sources else None,
        }
        per_source.append(entry)
        findings += _source_findings(entry)
        if entry["crashes"] is not None:
            findings += _placement_findings(name, entry["crashes"]) + _crash_findings(name, entry["crashes"], names)
    coverage = _coverage(cov, munis)
    findings += _coverage_findings(coverage)
    counts = meta.table_counts(cur)
    no_data = _no_data(counts, coverage, munis, milestones(cur))
    findings += [Finding("no_data", g["code"], None, len(g["items"]), g["text"], g["text_es"]) for g in no_data]
    findings.sort(key=lambda f: LEVELS.index(f.level))
    tally = {level: sum(1 for f in findings if f.level == level) for level in LEVELS}
    end = queries.data_end(cur)
    return {
        "check": "quality",
        "format": FORMAT,
        "dataset_version": queries.dataset_version(cur),
        "data_end": end.isoformat() if end else None,
        "built_from": meta.built_from(queries.dataset_meta(cur)),
        "status": "review" if tally["review"] else "no_data" if tally["no_data"] else "clean",
        "counts": tally,
        "tolerance_m": {
            "point": rules.BORDER_TOLERANCE_M,
            "intersection": rules.BORDER_TOLERANCE_INTERSECTION_M,
        },
        "findings": [asdict(f) for f in findings],
        "sources": per_source,
        "links": _rows(lk),
        "coverage": coverage,
        "no_data": no_data,
    }


def exit_status(report: dict[str, Any], *, strict: bool = False) -> int:
    """1 when something must be reviewed (or, with ``strict``, a figure would show no data); else 0."""
    c = report["counts"]
    return 1 if c["review"] or (strict and c["no_data"]) else 0


def as_json(report: dict[str, Any]) -> str:
    """The report as JSON text (UTF-8 names as they are)."""
    return json.dumps(report, ensure_ascii=False, indent=2, default=str)


def _n(v: Any) -> str:
    return f"{v:,}" if isinstance(v, int) else "—"


def text(report: dict[str, Any], *, limit: int = 10) -> str:
    """The report as plain text (English), findings first, then each source, then the lists (``limit`` lines each)."""
    c = report["counts"]
    lines = [
        f"quality check: dataset {report['dataset_version'] or 'none'}, data end {report['data_end'] or 'none'}, "
        f"built from {report['built_from']}",
        f"status: {report['status']} ({c['review']} to review, {c['no_data']} figures without data, {c['note']} notes)",
    ]
    heads = {
        "review": "to review before publishing (exit status 1):",
        "no_data": 'figures that will show "no data", and the import that fills each:',
        "note": "notes:",
    }
    for level in LEVELS:
        mine = [f for f in report["findings"] if f["level"] == level]
        if mine:
            lines += ["", heads[level]]
            for f in mine:
                where = f"{f['source']}: " if f["source"] else ""
                lines.append(f"  [{f['code']}] {where}{f['text']}")
                if f["fill"]:
                    lines.append(f"      fill: {f['fill']}")
    for s in report["sources"]:
        lines += ["", f"{s['source']} ({s['kind']}; imported {str(s['imported_at'])[:16]})"]
        lines.append(f"  rows: {_n(s['rows_accepted'])} accepted, {_n(s['rows_refused'])} refused")
        if s["refused"]:
            lines.append("  refused by reason: " + ", ".join(f"{r['code']} {r['n']:,}" for r in s["refused"]))
        k = s["crashes"]
        if k is None:
            continue
        lines.append(
            f"  records: {k['records']:,} ({k['counted']:,} counted, {k['linked']:,} linked to another source)"
        )
        for other, n in k["linked_from"].items():
            lines.append(f"  {n:,} records of {other} are linked to crashes counted from this file")
        p = k["placement"]
        lines.append(
            f"  placement: {p['point']:,} own point, {p['exact']:,} exact name, {p['normalised']:,} looser match, "
            f"{p['unplaced']:,} not placed"
        )
        o = k["outside_municipality"]
        lines.append(
            f"  outside their municipality: {o['n']:,}"
            + (f" (farthest {o['max_m']:,.1f} m; {o['beyond_tolerance']:,} beyond the tolerance)" if o["n"] else "")
        )
        us, ut = k["unknown_severity"], k["unknown_time"]
        lines.append(
            f"  unknown severity {us['n']:,} ({100 * (us['share'] or 0):.1f} %), unknown time {ut['n']:,} "
            f"({100 * (ut['share'] or 0):.1f} %), no municipality {k['no_municipality']:,}"
        )
        for cv in k["coverage"]:
            lines.append(f"  covers {cv['name']} {cv['date_from']} – {cv['date_to']}")

    def listing(title: str, items: list[str]) -> None:
        if items:
            shown = items[:limit]
            more = f" (first {limit}; --json lists all)" if len(items) > limit else ""
            lines.extend(["", f"{title}: {len(items):,}{more}", *(f"  {i}" for i in shown)])

    listing(
        "records linked to a crash counted from another source",
        [
            f"{r['source']} {r['occurred_at']} -> crash {r['crash_id']} of {r['counted_source']}: {r['rule']}"
            + (" [conflicting victims]" if r["conflicting_victims"] else "")
            for r in report["links"]
        ],
    )
    loose_all = [(s["source"], x) for s in report["sources"] if s["crashes"] for x in s["crashes"]["loose"]]
    listing(
        "names placed by a looser match",
        [
            f"{src}: {x['given_name']!r} -> {x['place_name']!r} ({x['score']:.2f}; {x['n']:,} rows)"
            for src, x in loose_all
        ],
    )
    unplaced = sorted(
        ((s["source"], u) for s in report["sources"] if s["crashes"] for u in s["crashes"]["unplaced"]),
        key=lambda su: (su[1]["code"] == "unmatched", -su[1]["n"]),
    )
    listing(
        "intersection names not placed (ambiguous and weak first, then most frequent)",
        [
            f"{src}: {u['name']!r} {u['code']} ({u['n']:,} rows)"
            + (f"; candidates: {' | '.join(u['candidates'])}" if u["candidates"] else "")
            for src, u in unplaced
        ],
    )
    return "\n".join(lines)
