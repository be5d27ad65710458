"""The sample generator: determinism, magnitudes, geometry, planted effects, dictionary."""

from __future__ import annotations

import datetime as dt
import json
import pathlib

import pytest
from pyproj import Geod
from shapely import wkb
from shapely.geometry import LineString

from nlmobility import db, dictionary, reference, sample


@pytest.fixture(scope="module")
def con(default_db: pathlib.Path):
    c = db.connect(default_db)
    yield c
    c.close()


def test_same_seed_gives_identical_data_and_other_seed_differs(tmp_path: pathlib.Path) -> None:
    sums = []
    for name, seed in (("a", 11), ("b", 11), ("c", 12)):
        p = tmp_path / f"{name}.duckdb"
        sample.build(p, seed=seed, crashes=5_000)
        c = db.connect(p)
        sums.append(sample.data_checksum(c))
        c.close()
    assert sums[0] == sums[1]
    assert sums[0] != sums[2]


def test_default_sample_sizes(con) -> None:
    counts = dict(sample.table_counts(con))
    assert all(n > 0 for n in counts.values()), counts
    assert counts["municipality"] >= 13
    assert counts["corridor"] >= 10
    assert counts["participation_event"] >= 40
    assert counts["participation_comment"] >= 200
    assert counts["milestone"] >= 40
    assert 400_000 <= counts["crash"] <= 600_000


def test_crash_magnitudes_per_year(con) -> None:
    rows = con.execute(
        """SELECT year(occurred_at), count(*), avg((severity = 'injury')::INT), avg((severity = 'fatal')::INT),
                  sum(pedestrian::INT), sum(cyclist::INT), sum(motorcyclist::INT)
           FROM crash GROUP BY 1 ORDER BY 1"""
    ).fetchall()
    assert [r[0] for r in rows] == list(range(2019, 2026))
    for year, n, injury, fatal, ped, cyc, moto in rows:
        assert 55_000 <= n <= 85_000, year
        assert 0.02 <= injury <= 0.09, year  # "a few percent with injuries"
        assert 0.001 <= fatal <= 0.009, year  # "a few tenths of a percent fatal"
        assert ped > 0 and cyc > 0 and moto > 0


def test_vulnerable_users_dominate_fatal_crashes(con) -> None:
    share = con.execute("SELECT avg(pedestrian::INT) FROM crash WHERE severity = 'fatal'").fetchone()[0]
    assert 0.3 <= share <= 0.5  # about 40 % of road deaths were pedestrians


def test_crashes_concentrate_on_arterials(con) -> None:
    lines = ", ".join(f"ST_GeomFromText('{LineString(c).wkt}')" for _, c in reference.ARTERIALS)
    near = con.execute(
        f"""WITH a AS (SELECT ST_Transform(g, 'EPSG:4326', 'EPSG:32614', always_xy := true) AS g FROM (SELECT unnest([{lines}]) AS g))
            SELECT avg(CASE WHEN EXISTS (SELECT 1 FROM a WHERE ST_DWithin(a.g, c.geom_utm, 30)) THEN 1 ELSE 0 END)
            FROM (SELECT geom_utm FROM crash USING SAMPLE 5000 ROWS (reservoir, 3)) c"""
    ).fetchone()[0]
    assert near >= 0.6


def test_hour_weekday_and_season_patterns(con) -> None:
    by_hour = dict(con.execute("SELECT hour(occurred_at), count(*) FROM crash GROUP BY 1").fetchall())
    assert by_hour[18] > 3 * by_hour[4]
    by_dow = dict(con.execute("SELECT isodow(occurred_at), count(*) FROM crash GROUP BY 1").fetchall())
    assert by_dow[5] > by_dow[7]  # Friday busier than Sunday
    by_month = dict(con.execute("SELECT month(occurred_at), count(*) FROM crash GROUP BY 1").fetchall())
    assert by_month[12] > by_month[4]


def test_every_geometry_is_valid_and_inside_the_metro_area(con) -> None:
    for table in (
        "municipality",
        "corridor",
        "crash",
        "transit_line",
        "transit_station",
        "participation_event",
        "participation_comment",
    ):
        bad = con.execute(
            f"""WITH metro AS (SELECT ST_Union_Agg(geom) AS g FROM municipality)
                SELECT count(*) FILTER (WHERE NOT ST_IsValid(t.geom)),
                       count(*) FILTER (WHERE NOT ST_Covers(metro.g, t.geom))
                FROM {table} t, metro WHERE t.geom IS NOT NULL"""
        ).fetchone()
        assert bad == (0, 0), table
    assert con.execute("SELECT count(*) FROM crash WHERE cvegeo IS NULL").fetchone()[0] == 0


def test_municipality_codes_are_inegi_codes(con) -> None:
    codes = dict(con.execute("SELECT cvegeo, name FROM municipality").fetchall())
    assert codes["19039"] == "Monterrey" and codes["19019"] == "San Pedro Garza García"
    assert all(len(c) == 5 and c.startswith("19") for c in codes)


def test_stored_lengths_agree_with_geodesic_length_within_one_percent(con) -> None:
    geod = Geod(ellps="WGS84")
    for table in ("corridor", "transit_line"):
        for ident, length_m, geom in con.execute(f"SELECT 1, length_m, ST_AsWKB(geom) FROM {table}").fetchall():
            true_len = geod.geometry_length(wkb.loads(bytes(geom)))
            assert abs(length_m - true_len) / true_len < 0.01, (table, ident, length_m, true_len)


def test_named_real_corridors_are_present_with_published_facts(con) -> None:
    rows = {r[0]: r[1:] for r in con.execute("SELECT name, status, opening_date, length_m FROM corridor").fetchall()}
    names = " | ".join(rows)
    for needle in (
        "Puente Verde",
        "Ocampo",
        "Modesto Arreola",
        "Federico Gómez",
        "Guadalupe",
        "Exposición",
        "Constitución",
        "Vasconcelos",
    ):
        assert needle in names
    status, opening, length = rows["Puente Verde"]
    assert status == "finished" and opening == dt.date(2023, 8, 29) and 480 <= length <= 520
    statuses = {r[0] for r in rows.values()}
    assert statuses == {"planned", "in_works", "finished"}
    assert 5_900 <= rows["Parque Lineal Constitución"][2] <= 6_300


def test_planted_effects_are_documented_in_the_database(con) -> None:
    meta = dict(con.execute("SELECT key, value FROM dataset_meta").fetchall())
    assert meta["is_sample"] == "true"
    assert json.loads(meta["planted_effects"]) == sample.PLANTED_EFFECTS


def test_planted_drop_in_victim_crashes_near_opened_corridors(con) -> None:
    pe = sample.PLANTED_EFFECTS
    rows = con.execute(
        """SELECT c.corridor_id,
                  count(*) FILTER (WHERE k.occurred_at >= c.works_start - INTERVAL 365 DAY AND k.occurred_at < c.works_start),
                  count(*) FILTER (WHERE k.occurred_at >= c.opening_date AND k.occurred_at < c.opening_date + INTERVAL 365 DAY)
           FROM corridor c JOIN crash k ON ST_DWithin(k.geom_utm, c.geom_utm, ?) AND k.severity IN ('injury', 'fatal')
           WHERE c.opening_date + INTERVAL 365 DAY <= DATE '2025-12-31'
             AND c.corridor_id <> ?  -- the regression-to-the-mean trap's before window is high by design
           GROUP BY 1""",
        [pe["near_corridor_buffer_m"], pe["rtm_trap"]["corridor_id"]],
    ).fetchall()
    assert len(rows) >= 5
    before = sum(r[1] for r in rows)
    after = sum(r[2] for r in rows)
    assert after / before == pytest.approx(1 - pe["victim_crash_drop_after_opening"], abs=0.03)


def test_planted_metro_trend(con) -> None:
    by_year = dict(con.execute("SELECT year(occurred_at), count(*) FROM crash GROUP BY 1").fetchall())
    growth = (by_year[2025] / by_year[2019]) ** (1 / 6) - 1
    assert growth == pytest.approx(sample.PLANTED_EFFECTS["metro_trend_per_year"], abs=0.005)


def test_participation_breakdowns_add_up_and_women_are_half(con) -> None:
    bad = con.execute(
        """SELECT count(*) FROM participation_event
           WHERE women + men + gender_other <> participants_total
              OR children + adolescents + adults + older_adults <> participants_total
              OR with_disability > participants_total"""
    ).fetchone()[0]
    assert bad == 0
    women, total = con.execute("SELECT sum(women), sum(participants_total) FROM participation_event").fetchone()
    assert women / total >= sample.PLANTED_EFFECTS["women_share_min"]
    replied = con.execute(
        "SELECT count(*) FILTER (WHERE reply_text IS NOT NULL), count(*) FROM participation_comment"
    ).fetchone()
    assert 0 < replied[0] < replied[1]


def test_milestones_follow_the_real_lists_and_history_matches_status(con) -> None:
    per = dict(con.execute("SELECT commitment_id, count(*) FROM milestone GROUP BY 1").fetchall())
    assert per["MXSPG0003"] == 13
    assert per["MXNLE0001"] == 24
    assert per["MXMTY0005"] >= 8
    mismatched = con.execute(
        """SELECT count(*) FROM milestone m
           WHERE m.status <> (SELECT h.status FROM milestone_status_history h WHERE h.milestone_id = m.milestone_id
                              ORDER BY h.changed_on DESC LIMIT 1)"""
    ).fetchone()[0]
    assert mismatched == 0
    stuck = con.execute("SELECT count(*) FROM milestone WHERE status = 'stuck' AND stuck_reason IS NULL").fetchone()[0]
    assert stuck == 0
    first = con.execute(
        "SELECT planned_start, planned_end FROM milestone WHERE milestone_id = 'MXSPG0003-H01'"
    ).fetchone()
    assert first == (dt.date(2023, 2, 1), dt.date(2023, 4, 30))


def test_every_column_is_in_the_data_dictionary(fixture_db: pathlib.Path) -> None:
    c = db.connect(fixture_db)
    try:
        live = c.execute("SELECT table_name, column_name, data_type FROM information_schema.columns").fetchall()
    finally:
        c.close()
    live_tables = {t for t, _, _ in live}
    assert live_tables == set(dictionary.BY_NAME)
    for table, column, dtype in live:
        cols = {col.name: col for col in dictionary.BY_NAME[table].columns}
        assert column in cols, f"{table}.{column} missing from the data dictionary"
        # information_schema shows GEOMETRY without its CRS; the CRS is checked in test_db.
        assert cols[column].type.split("(")[0].upper() == dtype.split("(")[0].upper(), (table, column, dtype)
        assert cols[column].meaning_es and cols[column].meaning_en
    for t in dictionary.TABLES:
        names = {c for tt, c, _ in live if tt == t.name}
        assert {col.name for col in t.columns} == names, t.name
