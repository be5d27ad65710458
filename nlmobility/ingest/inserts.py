"""How each import kind writes its checked rows: one function per kind over the registered frame ``imp``.

Names in the SQL are fixed here (tables, columns of ``kinds.py``); every value comes from the
frame or is bound. Optional columns absent from the file become NULL or their documented default.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable

import duckdb
import pandas as pd

from nlmobility import db
from nlmobility.text.messages import msg

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


#: How far apart two records of one crash may lie, by how each was located (metres): a surveyed point, or an
#: intersection's point from a gazetteer. Measured on San Pedro's files: of the 148 pedestrian strikes with a
#: same-day, same-hour twin in the municipal file, 140 lie within 100 m of it and 141 within 300 m.
LINK_TOLERANCE_M = {"point": 50.0, "intersection": 250.0}
#: Two records that give the same known killed and injured counts may lie this many times farther apart when one
#: of them is an intersection's point (a fatal strike 532 m from its intersection in San Pedro's files).
SAME_VICTIMS_FACTOR = 2.0

_A = {"point": "a surveyed", "intersection": "an intersection's"}
_CRASH_FIELDS = (
    "occurred_at, severity, killed, injured, pedestrian, cyclist, motorcyclist, crash_type, cause, cvegeo, lon, lat"
)


def _imp_rows(con: duckdb.DuckDBPyConnection, cols: set[str]) -> None:
    """The incoming rows numbered (``rn``) with their UTM coordinates and placement, as the view ``imp_rn``."""
    c = _col(cols)
    df = con.execute(
        f"""SELECT row_number() OVER () AS rn, occurred_at, severity, killed, injured, pedestrian, cyclist, motorcyclist,
        crash_type, {c("cause")} AS cause, {c("cvegeo")} AS cvegeo, lon, lat, time_known,
        coalesce({c("placement")}, 'point') AS placement, {c("placement_score")} AS placement_score,
        {c("place_name")} AS place_name, {c("intersection")} AS given_name, {c("cvegeo_by")} AS cvegeo_by,
        ST_X({_UTM.format(g=_P)}) AS x, ST_Y({_UTM.format(g=_P)}) AS y FROM imp"""
    ).df()
    for col in ("cause", "cvegeo", "place_name", "given_name", "cvegeo_by"):
        df[col] = df[col].astype(object)
    con.register("imp_rn", df)


def _richness(
    victims_known: bool, placement: str, time_known: bool, *, killed: int | None, injured: int | None, source: str
) -> tuple[int, int, int, int, int, str]:
    """Which of two records of one crash is counted: known victims, then a surveyed point, then a known time.

    Between records equally rich, the one with more killed, then more injured, then the source named
    first in alphabetical order (never the order of the imports, so either order gives the same figures).
    """
    return (
        int(victims_known),
        int(placement == "point"),
        int(time_known),
        killed or 0,
        injured or 0,
        "".join(chr(0x10FFFF - ord(ch)) for ch in source),  # the first name alphabetically ranks highest
    )


#: Crash types that say nothing about the crash: they are compatible with any type.
_UNKNOWN_TYPES = "('', 'sin dato', 'na', 'n/a', 'sd', 's/d', 'otro', 'otros')"


def _pairs(con: duckdb.DuckDBPyConnection, source: str) -> list[dict[str, object]]:
    """Incoming rows and stored crashes of other sources that describe the same event, one to one, nearest first.

    Same day; the same hour where both give the time; the same pedestrian and cyclist involvement, and a
    compatible crash type (the same, one unknown, or a pedestrian's or cyclist's crash whose types are
    written differently); within the distance their ways of location allow (:data:`LINK_TOLERANCE_M`, twice
    that when one is an intersection's point and both give the same killed and injured, someone among them).
    """
    widest = 2 * LINK_TOLERANCE_M["intersection"] * SAME_VICTIMS_FACTOR
    rows = con.execute(
        f"""SELECT i.rn, k.crash_id, sqrt((i.x - k.x) ^ 2 + (i.y - k.y) ^ 2) AS d,
            i.placement, coalesce(p.method, 'point') AS stored_placement, i.time_known AND k.time_known AS same_hour,
            i.killed IS NOT DISTINCT FROM k.killed AND i.injured IS NOT DISTINCT FROM k.injured
                AND i.killed + i.injured > 0 AS same_victims,
            i.killed IS NOT NULL AND i.injured IS NOT NULL AS new_victims, i.time_known AS new_time, i.killed, i.injured,
            k.killed IS NOT NULL AND k.injured IS NOT NULL AS old_victims, k.time_known AS old_time, k.killed, k.injured,
            k.source
        FROM imp_rn i
        JOIN crash k ON k.occurred_at::DATE = i.occurred_at::DATE AND k.source <> ?
            AND k.source NOT IN (SELECT source FROM data_source WHERE is_sample)  -- never a real record to an invented one
            AND k.pedestrian = i.pedestrian AND k.cyclist = i.cyclist
            AND (NOT (i.time_known AND k.time_known) OR hour(k.occurred_at) = hour(i.occurred_at))
            AND abs(k.x - i.x) <= ? AND abs(k.y - i.y) <= ?
            AND (i.pedestrian OR i.cyclist OR lower(trim(i.crash_type)) = lower(trim(k.crash_type))
                 OR lower(trim(i.crash_type)) IN {_UNKNOWN_TYPES} OR lower(trim(k.crash_type)) IN {_UNKNOWN_TYPES})
        LEFT JOIN crash_placement p ON p.crash_id = k.crash_id
        ORDER BY d, i.rn, k.crash_id""",
        [source, widest, widest],
    ).fetchall()
    taken_new: set[int] = set()
    taken_old: set[int] = set()
    out: list[dict[str, object]] = []
    for rn, crash_id, d, new_pl, old_pl, same_hour, same_victims, nv, nt, nk, ni, ov, ot, ok, oi, old_source in rows:
        if rn in taken_new or crash_id in taken_old:
            continue
        kinds = ("point" if new_pl == "point" else "intersection", "point" if old_pl == "point" else "intersection")
        widen = bool(same_victims) and "intersection" in kinds  # an intersection's point may be far from the crash
        tolerance = sum(LINK_TOLERANCE_M[k] for k in kinds) * (SAME_VICTIMS_FACTOR if widen else 1.0)
        if d > tolerance:
            continue
        taken_new.add(rn)
        taken_old.add(crash_id)
        new_rank = _richness(nv, str(new_pl), nt, killed=nk, injured=ni, source=source)
        richer = new_rank > _richness(ov, str(old_pl), ot, killed=ok, injured=oi, source=str(old_source))
        rule = (
            f"same day{', same hour' if same_hour else ''}, same road users, {d:.0f} m apart "
            f"(at most {tolerance:.0f} m for {_A[kinds[0]]} and {_A[kinds[1]]} point"
            f"{', same killed and injured' if widen else ''})"
        )
        out.append({"rn": rn, "crash_id": crash_id, "d": float(d), "richer": richer, "rule": rule, "other": old_source})
    return out


def _link(con: duckdb.DuckDBPyConnection, source: str, pairs: list[dict[str, object]]) -> None:
    """Keep the poorer record of each pair in ``crash_link``; where the new one is richer it takes the crash's id."""
    con.register("link_pairs", pd.DataFrame(pairs, columns=["rn", "crash_id", "d", "richer", "rule", "other"]))
    try:
        con.execute(  # stored records that a richer new one replaces: kept as their source gave them
            """INSERT INTO crash_link SELECT k.crash_id, k.source, k.occurred_at, k.time_known, k.severity, k.killed,
            k.injured, k.pedestrian, k.cyclist, k.motorcyclist, k.crash_type, k.cause, k.cvegeo, k.lon, k.lat,
            coalesce(p.method, 'point'), p.place_name, l.d, l.rule, true, ?, current_timestamp::TIMESTAMP
            FROM link_pairs l JOIN crash k USING (crash_id) LEFT JOIN crash_placement p USING (crash_id)
            WHERE l.richer""",
            [source],
        )
        con.execute("DELETE FROM crash_placement WHERE crash_id IN (SELECT crash_id FROM link_pairs WHERE richer)")
        con.execute("DELETE FROM crash WHERE crash_id IN (SELECT crash_id FROM link_pairs WHERE richer)")
        con.execute(
            f"""INSERT INTO crash SELECT l.crash_id, {_CRASH_FIELDS}, {_P}, {_UTM.format(g=_P)}, ?, time_known, x, y
            FROM link_pairs l JOIN imp_rn USING (rn) WHERE l.richer""",
            [source],
        )
        con.execute(  # new records of crashes already counted from a richer record
            """INSERT INTO crash_link SELECT l.crash_id, ?, i.occurred_at, i.time_known, i.severity, i.killed, i.injured,
            i.pedestrian, i.cyclist, i.motorcyclist, i.crash_type, i.cause, i.cvegeo, i.lon, i.lat, i.placement,
            i.place_name, l.d, l.rule, false, ?, current_timestamp::TIMESTAMP
            FROM link_pairs l JOIN imp_rn i USING (rn) WHERE NOT l.richer""",
            [source, source],
        )
        con.execute(
            """INSERT INTO crash_placement SELECT l.crash_id, ?, i.placement, i.placement_score, i.given_name, i.place_name
            FROM link_pairs l JOIN imp_rn i USING (rn) WHERE l.richer AND i.placement <> 'point'""",
            [source],
        )
    finally:
        con.unregister("link_pairs")


#: The highest crash_id given so far: the stored ones, or one a new version of a source removed (never given again).
_NEXT_ID = """SELECT greatest(coalesce((SELECT max(crash_id) FROM crash), 0),
    coalesce((SELECT max(try_cast(value AS BIGINT)) FROM dataset_meta WHERE key = 'crash_id_high'), 0))"""


def crashes(con: duckdb.DuckDBPyConnection, cols: set[str], source: str) -> list[str]:
    """Insert crashes, each counted once across sources; the municipality is the declared or given one, else the boundary's.

    A new record that describes a crash already stored from another source (:func:`_pairs`) is linked
    to it instead of counted again (``crash_link``); where it is the richer record it is the one counted,
    under the stored crash's id. Returns notes: what was linked to which source, and how each row's
    municipality was decided (declared / given in the file / from the boundaries / outside them).
    """
    start = int(db.scalar(con, _NEXT_ID))
    _imp_rows(con, cols)
    try:
        pairs = _pairs(con, source)
        if pairs:
            _link(con, source, pairs)
        linked = {int(str(p["rn"])) for p in pairs}
        con.register("imp_linked", pd.DataFrame({"rn": sorted(linked)}, dtype="int64"))
        con.execute(
            f"""INSERT INTO crash SELECT {start} + row_number() OVER (ORDER BY rn), {_CRASH_FIELDS}, {_P},
            {_UTM.format(g=_P)}, ?, time_known, x, y
            FROM imp_rn WHERE rn NOT IN (SELECT rn FROM imp_linked)""",
            [source],
        )
        con.execute(
            f"""INSERT INTO crash_placement SELECT {start} + row_number() OVER (ORDER BY rn), ?, placement, placement_score,
            given_name, place_name FROM (SELECT * FROM imp_rn WHERE rn NOT IN (SELECT rn FROM imp_linked))
            QUALIFY placement <> 'point'""",
            [source],
        )
        by = dict(
            con.execute(
                """SELECT CASE WHEN cvegeo_by IS NOT NULL THEN 'declared' WHEN cvegeo IS NOT NULL THEN 'file' ELSE 'n' END,
                count(*) FROM imp_rn WHERE rn NOT IN (SELECT rn FROM imp_linked) GROUP BY 1"""
            ).fetchall()
        )
        border = int(db.scalar(con, "SELECT count(*) FROM imp_rn WHERE cvegeo_by = 'declared_border'"))
    finally:
        for view in ("imp_rn", "imp_linked"):
            with contextlib.suppress(duckdb.Error):
                con.unregister(view)
    con.execute(  # records linked to a crash counted from another source keep their own municipality too
        "UPDATE crash_link SET cvegeo = m.cvegeo FROM municipality m WHERE crash_link.source = ? AND crash_link.linked_by = ? "
        "AND crash_link.cvegeo IS NULL AND ST_Intersects(m.geom, ST_Point(crash_link.lon, crash_link.lat))",
        [source, source],
    )
    replaced = [int(str(p["crash_id"])) for p in pairs if p["richer"]]
    con.execute(
        "UPDATE crash SET cvegeo = m.cvegeo FROM municipality m "
        "WHERE (crash.crash_id > ? OR list_contains(?, crash.crash_id)) AND crash.cvegeo IS NULL "
        "AND ST_Intersects(m.geom, crash.geom)",
        [start, replaced],
    )
    total, outside = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE cvegeo IS NULL) FROM crash WHERE crash_id > ?", [start]
    ).fetchone() or (0, 0)
    declared, in_file = int(by.get("declared", 0)), int(by.get("file", 0))
    by_polygon = int(total) - declared - in_file - int(outside)
    notes: list[str] = []
    if pairs:
        per: dict[str, list[int]] = {}
        for p in pairs:
            per.setdefault(str(p["other"]), [0, 0])[0 if p["richer"] else 1] += 1
        parts = [msg("imp_inserts_linked_source", source=o, linked=a + b, richer=a) for o, (a, b) in per.items()]
        # each source said in each language: one mapping, each text takes its own
        said = {"en": "; ".join(parts), "es": "; ".join(p.es for p in parts)}
        notes.append(msg("imp_inserts_linked", records=len(pairs), said=said))
    notes.append(
        msg(
            "imp_inserts_crash_municipality",
            declared=declared,
            border=border,
            in_file=in_file,
            by_polygon=by_polygon,
            outside=int(outside),
        )
    )
    return notes


#: Every record of every source: the counted crashes and the records linked to them (a file's coverage counts both).
_RECORDS = (
    "(SELECT source, occurred_at, cvegeo FROM crash UNION ALL SELECT source, occurred_at, cvegeo FROM crash_link)"
)

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
            f"SELECT min(occurred_at)::DATE, max(occurred_at)::DATE FROM {_RECORDS} WHERE source = ?", [source]
        ).fetchone()
        or (None, None)
    )
    con.execute("DELETE FROM crash_coverage WHERE source = ?", [source])
    con.execute(
        f"""INSERT INTO crash_coverage
        SELECT source, cvegeo, ?, ? FROM (
            SELECT source, cvegeo, count(*) AS n, sum(count(*)) OVER () AS total
            FROM {_RECORDS} WHERE source = ? AND cvegeo IS NOT NULL GROUP BY source, cvegeo
        ) WHERE n >= ? * total""",
        [first, last, source, COVERAGE_SHARE],
    )
    rows = con.execute(
        "SELECT count(*), min(date_from), max(date_to) FROM crash_coverage WHERE source = ?", [source]
    ).fetchone() or (0, None, None)
    if not rows[0]:
        return []
    span = {"municipalities": rows[0], "start": rows[1], "end": rows[2]}
    return [msg("imp_inserts_coverage_given", **span) if period else msg("imp_inserts_coverage_from_dates", **span)]


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
    if known:  # executemany refuses an empty list
        con.executemany(
            "UPDATE municipality SET population = ? WHERE cvegeo = ? AND population IS NULL",
            [[population, cvegeo] for cvegeo, population in known.items()],
        )
    kept = before - int(db.scalar(con, missing))
    if not kept:
        return []
    if "population_source" in stored:
        return [msg("imp_inserts_population_kept", kept=kept, source=stored["population_source"], given=given)]
    return [msg("imp_inserts_population_kept_previous", kept=kept, given=given)]


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
