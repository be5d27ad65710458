"""How each import kind writes its checked rows: one function per kind over the registered frame ``imp``.

Names in the SQL are fixed here (tables, columns of ``kinds.py``); every value comes from the
frame or is bound. Optional columns absent from the file become NULL or their documented default.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import duckdb

from nlmobility import db
from nlmobility.ingest.messages import m

#: Insert the frame registered as ``imp`` (its columns: ``cols``) with ``source`` as the rows' source;
#: returns notes for the report (None: nothing to say).
Insert = Callable[[duckdb.DuckDBPyConnection, set[str], str], list[str] | None]

_UTM = "ST_Transform({g}, 'EPSG:4326', 'EPSG:32614', always_xy := true)"
_G = "ST_GeomFromWKB(wkb)"
_P = "ST_Point(lon, lat)"
#: The 13 municipalities of the Monterrey Metropolitan Area (INEGI codes).
METRO = "('19006','19009','19010','19018','19019','19021','19026','19031','19039','19045','19046','19048','19049')"


def _col(cols: set[str]) -> Callable[..., str]:
    def c(name: str, default: str = "NULL") -> str:
        return name if name in cols else default

    return c


def crashes(con: duckdb.DuckDBPyConnection, cols: set[str], source: str) -> list[str]:
    """Insert crashes; the municipality is the one the file gives, else the boundary the point falls in.

    Returns how each row's municipality was assigned (given / from the boundaries / outside them).
    """
    c = _col(cols)
    start = int(db.scalar(con, "SELECT coalesce(max(crash_id), 0) FROM crash"))
    con.execute(
        f"""INSERT INTO crash SELECT {start} + row_number() OVER (), occurred_at, severity, killed, injured, pedestrian,
        cyclist, motorcyclist, crash_type, {c("cause")}, {c("cvegeo")}, lon, lat, {_P}, {_UTM.format(g=_P)}, ?, time_known,
        ST_X({_UTM.format(g=_P)}), ST_Y({_UTM.format(g=_P)})
        FROM imp""",
        [source],
    )
    given = int(db.scalar(con, "SELECT count(*) FROM crash WHERE crash_id > ? AND cvegeo IS NOT NULL", [start]))
    con.execute(
        "UPDATE crash SET cvegeo = m.cvegeo FROM municipality m "
        "WHERE crash.crash_id > ? AND crash.cvegeo IS NULL AND ST_Intersects(m.geom, crash.geom)",
        [start],
    )
    total, outside = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE cvegeo IS NULL) FROM crash WHERE crash_id > ?", [start]
    ).fetchone() or (0, 0)
    by_polygon = int(total) - given - int(outside)
    return [
        m(
            f"municipality of each crash: {given:,} given in the file, {by_polygon:,} from the municipal boundaries, "
            f"{int(outside):,} outside every imported boundary (no municipality)",
            f"municipio de cada siniestro: {given:,} dados en el archivo, {by_polygon:,} por los límites municipales, "
            f"{int(outside):,} fuera de todo límite importado (sin municipio)",
        )
    ]


#: A crash file covers a municipality when at least this share of its located rows fall there.
COVERAGE_SHARE = 0.05


def crash_coverage(con: duckdb.DuckDBPyConnection, source: str, period: tuple[dt.date, dt.date] | None) -> list[str]:
    """Record what a crash file covers: the municipalities it is about, over the span of its dates or ``period``.

    A file is about the municipalities holding at least ``COVERAGE_SHARE`` of its rows (a file of
    Apodaca with a few points across the border does not cover the neighbours); the span is the
    file's first to last crash date unless given.
    """
    first, last = (
        period
        or con.execute(
            "SELECT min(occurred_at)::DATE, max(occurred_at)::DATE FROM crash WHERE source = ?", [source]
        ).fetchone()
        or (None, None)
    )
    con.execute("DELETE FROM crash_coverage WHERE source = ?", [source])
    con.execute(
        """INSERT INTO crash_coverage
        SELECT source, cvegeo, ?, ? FROM (
            SELECT source, cvegeo, count(*) AS n, sum(count(*)) OVER () AS total
            FROM crash WHERE source = ? AND cvegeo IS NOT NULL GROUP BY source, cvegeo
        ) WHERE n >= ? * total""",
        [first, last, source, COVERAGE_SHARE],
    )
    rows = con.execute(
        "SELECT count(*), min(date_from), max(date_to) FROM crash_coverage WHERE source = ?", [source]
    ).fetchone() or (0, None, None)
    if not rows[0]:
        return []
    return [
        m(
            f"coverage recorded: {rows[0]} municipalities, {rows[1]} to {rows[2]}"
            + (" (as given)" if period else " (from the crash dates; --period sets it)"),
            f"cobertura registrada: {rows[0]} municipios, del {rows[1]} al {rows[2]}"
            + (" (la indicada)" if period else " (según las fechas de los siniestros; --period la fija)"),
        )
    ]


def municipalities(con: duckdb.DuckDBPyConnection, cols: set[str], source: str) -> list[str]:
    """Insert municipalities; where the file gives no population, the one already known is kept.

    Known is the population of the row being replaced, else the 2020 census figure ``nlmobility
    init`` stores in ``dataset_meta`` (key ``population``, with ``population_source``): boundary
    files such as Nuevo León.json carry no population, and a rate per inhabitant needs one. When the
    file does give populations, ``population_source`` names the file.
    """
    import json  # here: this function is the only user in the module

    c = _col(cols)
    stored = dict(con.execute("SELECT key, value FROM dataset_meta WHERE key LIKE 'population%'").fetchall())
    known: dict[str, int] = {str(k): int(v) for k, v in json.loads(stored.get("population", "{}")).items()}
    known.update(
        con.execute(
            "SELECT cvegeo, population FROM municipality WHERE population IS NOT NULL AND cvegeo IN (SELECT cvegeo FROM imp)"
        ).fetchall()
    )
    con.execute("DELETE FROM municipality WHERE cvegeo IN (SELECT cvegeo FROM imp)")

    con.execute(f"""INSERT INTO municipality SELECT cvegeo, name, {c("population")}, cvegeo IN {METRO}, false,
        ST_Area({_UTM.format(g=_G)}) / 1e6, {_G}, {_UTM.format(g=_G)} FROM imp""")
    given = int(db.scalar(con, "SELECT count(*) FROM imp WHERE population IS NOT NULL")) if "population" in cols else 0
    if given:
        # not INSERT OR REPLACE: a lake has no keys
        con.execute("DELETE FROM dataset_meta WHERE key = 'population_source'")
        con.execute(
            "INSERT INTO dataset_meta VALUES ('population_source', ?)",
            [f"{source}" + (f"; {stored['population_source']}" if stored.get("population_source") else "")],
        )
    missing = "SELECT count(*) FROM municipality WHERE population IS NULL AND cvegeo IN (SELECT cvegeo FROM imp)"
    before = int(db.scalar(con, missing))
    con.executemany(
        "UPDATE municipality SET population = ? WHERE cvegeo = ? AND population IS NULL",
        [[population, cvegeo] for cvegeo, population in known.items()],
    )
    kept = before - int(db.scalar(con, missing))
    if not kept:
        return []
    return [
        m(
            f"population: {kept} municipalities keep the one known ({stored.get('population_source', 'the previous import')}); "
            f"{given} given in the file",
            f"población: {kept} municipios conservan la conocida ({stored.get('population_source', 'la importación anterior')}); "
            f"{given} dadas en el archivo",
        )
    ]


def corridors(con: duckdb.DuckDBPyConnection, cols: set[str], source: str) -> None:
    """Insert corridors."""
    c = _col(cols)
    con.execute("DELETE FROM corridor WHERE corridor_id IN (SELECT corridor_id FROM imp)")
    con.execute(
        f"""INSERT INTO corridor SELECT corridor_id, name, cvegeo, status, {c("works_start")}, {c("works_end")},
        {c("opening_date")}, ST_Length({_UTM.format(g=_G)}), {c("budget_mxn")}, {c("description")}, false, ?, {_G}, {_UTM.format(g=_G)},
        {c("progress_pct")} FROM imp""",
        [source],
    )


def participation_events(con: duckdb.DuckDBPyConnection, cols: set[str], source: str) -> None:
    """Insert participation events."""
    c = _col(cols)
    geom = f"CASE WHEN lon IS NULL THEN NULL ELSE {_P} END" if "lon" in cols else "NULL"
    geom_utm = f"CASE WHEN lon IS NULL THEN NULL ELSE {_UTM.format(g=_P)} END" if "lon" in cols else "NULL"
    con.execute(
        f"""INSERT INTO participation_event SELECT event_id, event_date, kind, coalesce({c("title")}, kind), {c("corridor_id")},
        cvegeo, {c("place")}, participants_total, coalesce({c("women")}, 0), coalesce({c("men")}, 0),
        coalesce({c("gender_other")}, participants_total - coalesce({c("women")}, 0) - coalesce({c("men")}, 0)),
        coalesce({c("children")}, 0), coalesce({c("adolescents")}, 0), coalesce({c("adults")}, 0), coalesce({c("older_adults")}, 0),
        coalesce({c("with_disability")}, 0), {geom}, {geom_utm}, ? FROM imp""",
        [source],
    )


def participation_comments(con: duckdb.DuckDBPyConnection, cols: set[str], source: str) -> None:
    """Insert participation comments."""
    c = _col(cols)
    geom = f"CASE WHEN lon IS NULL THEN NULL ELSE {_P} END" if "lon" in cols else "NULL"
    con.execute(
        f"""INSERT INTO participation_comment SELECT comment_id, {c("event_id")}, {c("corridor_id")}, {c("cvegeo")}, comment_date,
        topic, text, {c("reply_text")}, {c("reply_date")}, {c("replied_by")}, {geom}, ? FROM imp""",
        [source],
    )


def milestones(con: duckdb.DuckDBPyConnection, cols: set[str], _source: str) -> None:
    """Insert milestones."""
    c = _col(cols)
    # an anti-join instead of ON CONFLICT: the same statement works on a lake (DuckLake has no primary keys)
    con.execute("""INSERT INTO milestone_status_history SELECT i.milestone_id, i.status_since, i.status, 'Importado'
        FROM imp i LEFT JOIN milestone m USING (milestone_id) WHERE m.status IS DISTINCT FROM i.status
        AND NOT EXISTS (SELECT 1 FROM milestone_status_history h WHERE h.milestone_id = i.milestone_id
                        AND h.changed_on = i.status_since AND h.status = i.status)""")
    con.execute("DELETE FROM milestone WHERE milestone_id IN (SELECT milestone_id FROM imp)")
    con.execute(f"""INSERT INTO milestone SELECT milestone_id, commitment_id, seq, title_es, coalesce({c("title_en")}, title_es), responsible,
        planned_start, planned_end, {c("actual_start")}, {c("actual_end")}, status, status_since, {c("stuck_reason")},
        {c("evidence_url")}, false FROM imp""")


def transit_lines(con: duckdb.DuckDBPyConnection, cols: set[str], _source: str) -> None:
    """Insert transit lines."""
    c = _col(cols)
    con.execute("DELETE FROM transit_line WHERE line_id IN (SELECT line_id FROM imp)")
    con.execute(f"""INSERT INTO transit_line SELECT line_id, name, mode, status, coalesce({c("color")}, '#666666'),
        ST_Length({_UTM.format(g=_G)}), false, {_G}, {_UTM.format(g=_G)} FROM imp""")


def intersections(con: duckdb.DuckDBPyConnection, cols: set[str], source: str) -> None:  # noqa: ARG001 - one signature for every insert
    """Insert intersections (a name already present is replaced)."""
    con.execute("DELETE FROM intersection WHERE name IN (SELECT name FROM imp)")
    con.execute(
        f"INSERT INTO intersection SELECT name, name_key, lon, lat, {_P}, {_UTM.format(g=_P)}, ? FROM imp", [source]
    )


def counts(con: duckdb.DuckDBPyConnection, cols: set[str], source: str) -> None:
    """Insert counts of people and vehicles at a site (fields the file does not give are NULL: not counted)."""
    c = _col(cols)
    counted = ", ".join(
        c(k) for k in ("hour", "pedestrians", "women", "men", "children", "cyclists", "motorcyclists", "vehicles")
    )
    con.execute(
        f"INSERT INTO traffic_count SELECT site, count_date, {counted}, lon, lat, {_P}, {_UTM.format(g=_P)}, ? FROM imp",
        [source],
    )


def transit_stations(con: duckdb.DuckDBPyConnection, cols: set[str], _source: str) -> None:
    """Insert transit stations."""
    _col(cols)
    con.execute("DELETE FROM transit_station WHERE station_id IN (SELECT station_id FROM imp)")
    con.execute(
        f"INSERT INTO transit_station SELECT station_id, line_id, name, seq, {_P}, {_UTM.format(g=_P)} FROM imp"
    )
