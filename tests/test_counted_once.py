"""Real figures an official can publish (issue 22): each crash counted once across sources, placed at the
intersection its name gives, in the municipality whose file reported it.

San Pedro Garza García publishes its pedestrian strikes (``atropellos_2015-2019.csv``, surveyed points) and
its complete municipal records (``hechosviales_lite.csv``, located only by an intersection name); most
pedestrian strikes are in both. The expected totals are computed here from the raw files with pandas and
pyproj, by the rule the import documents (same day and hour, same road users, within the distance their
ways of location allow, nearest first, one to one), not by the importer's code.
"""

from __future__ import annotations

import datetime as dt
import pathlib
import shutil

import numpy as np
import pandas as pd
import pyproj
import pytest

from nlmobility import cli, db, queries
from nlmobility.filters import Filters
from nlmobility.ingest import inserts, rules, run_import
from tests.conftest import realdata

HECHOS = "hechosviales_lite.csv"
ATROPELLOS = "atropellos_2015-2019.csv"
SAN_PEDRO = "19019"


@pytest.fixture(scope="module")
def gazetteer_db(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    """An init database with the real municipal boundaries and San Pedro's gazetteer of intersections."""
    path = tmp_path_factory.mktemp("once") / "base.duckdb"
    assert cli.main(["init", "--db", str(path)]) == 0
    assert run_import(path, "municipalities", realdata("Nuevo León.json")).ok
    assert run_import(path, "intersections", realdata("hin_new_comp.csv")).ok
    return path


def _build(base: pathlib.Path, order: tuple[str, ...]) -> tuple[pathlib.Path, dict[str, object]]:
    path = base.with_name("-".join(n.split("_")[0] for n in order) + ".duckdb")
    shutil.copy(base, path)
    reports = {}
    for name in order:
        if name != order[0]:  # a dry run first: what it would link, before anything lands
            reports[f"dry:{name}"] = run_import(path, "crashes", realdata(name), partial=True, dry_run=True)
            con = db.connect(path)
            try:
                reports[f"links-after-dry:{name}"] = con.execute("SELECT count(*) FROM crash_link").fetchone()[0]
            finally:
                con.close()
        r = run_import(path, "crashes", realdata(name), partial=True)
        assert r.ok, r.lines()[:5]
        reports[name] = r
    return path, reports


@pytest.fixture(scope="module")
def both_orders(gazetteer_db: pathlib.Path) -> dict[str, tuple[pathlib.Path, dict[str, object]]]:
    return {
        "hechos_first": _build(gazetteer_db, (HECHOS, ATROPELLOS)),
        "atropellos_first": _build(gazetteer_db, (ATROPELLOS, HECHOS)),
    }


def _utm(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    t = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:32614", always_xy=True)
    x, y = t.transform(lon, lat)
    return np.asarray(x), np.asarray(y)


def _raw_pedestrian_strikes() -> pd.DataFrame:
    a = pd.read_csv(realdata(ATROPELLOS), encoding="utf-8-sig", dtype=str)
    day = pd.to_datetime(a["fecha"], format="%d/%m/%Y")
    hour = a["hora"].str.split(":").str[0].astype(int)
    out = pd.DataFrame(
        {
            "day": day.dt.date,
            "hour": hour,
            "killed": a["fallecidos"].astype(int),
            "injured": a["lesionados"].astype(int),
            "lon": a["lon"].astype(float),
            "lat": a["lat"].astype(float),
        }
    )
    out["x"], out["y"] = _utm(out["lon"].to_numpy(), out["lat"].to_numpy())
    return out


def _stored_municipal_records(path: pathlib.Path) -> pd.DataFrame:
    """Every record of the municipal file the import accepted, counted or linked (its placement is tested apart)."""
    con = db.connect(path)
    try:
        h = con.execute(
            f"""SELECT occurred_at, time_known, killed, injured, pedestrian, cyclist, lon, lat FROM crash WHERE source = '{HECHOS}'
            UNION ALL SELECT occurred_at, time_known, killed, injured, pedestrian, cyclist, lon, lat FROM crash_link
            WHERE source = '{HECHOS}'"""
        ).df()
    finally:
        con.close()
    h["day"] = h["occurred_at"].dt.date
    h["hour"] = h["occurred_at"].dt.hour
    h["x"], h["y"] = _utm(h["lon"].to_numpy(), h["lat"].to_numpy())
    return h


def _expected_union(h: pd.DataFrame, a: pd.DataFrame) -> dict[str, int]:
    """Crashes, killed and injured of San Pedro 2015-2019 when every event is counted once (the richer record)."""
    point, intersection = inserts.LINK_TOLERANCE_M["point"], inserts.LINK_TOLERANCE_M["intersection"]
    pairs = []
    ped = h[h["pedestrian"] & ~h["cyclist"]]
    for ai, ar in a.iterrows():
        same = ped[(ped["day"] == ar["day"]) & (~ped["time_known"] | (ped["hour"] == ar["hour"]))]
        for hi, hr in same.iterrows():
            d = float(np.hypot(hr["x"] - ar["x"], hr["y"] - ar["y"]))
            same_victims = hr["killed"] == ar["killed"] and hr["injured"] == ar["injured"]
            if d <= (point + intersection) * (inserts.SAME_VICTIMS_FACTOR if same_victims else 1.0):
                pairs.append((d, ai, hi))
    used_a: set[int] = set()
    used_h: set[int] = set()
    for _d, ai, hi in sorted(pairs):
        if ai not in used_a and hi not in used_h:
            used_a.add(ai)
            used_h.add(hi)
    # a surveyed point with its victims is richer than an intersection's point: the pedestrian file's record counts
    kept_h = h.drop(index=list(used_h))
    union = pd.concat([kept_h[["day", "killed", "injured"]], a[["day", "killed", "injured"]]])
    union = union[[dt.date(2015, 1, 1) <= d <= dt.date(2019, 12, 31) for d in union["day"]]]
    return {
        "crashes": len(union),
        "killed": int(union["killed"].sum()),
        "injured": int(union["injured"].sum()),
        "twins": len(used_a),
    }


def _figures(path: pathlib.Path) -> dict[str, int]:
    con = db.connect(path)
    try:
        stored = con.execute(
            "SELECT count(*), sum(killed), sum(injured) FROM crash WHERE year(occurred_at) BETWEEN 2015 AND 2019 "
            f"AND source IN ('{HECHOS}', '{ATROPELLOS}')"
        ).fetchone()
        page = queries.crash_by_severity_mode(db.cursor(con), Filters(cvegeo=SAN_PEDRO, year_from=2015, year_to=2019))
    finally:
        con.close()
    assert stored is not None
    return {
        "crashes": int(stored[0]),
        "killed": int(stored[1]),
        "injured": int(stored[2]),
        "page_crashes": int(page["crashes"].sum()),
        "page_killed": int(page["killed"].sum()),
        "page_injured": int(page["injured"].sum()),
    }


def test_each_pedestrian_crash_is_counted_once_in_either_order(
    both_orders: dict[str, tuple[pathlib.Path, dict[str, object]]], tmp_path: pathlib.Path
) -> None:
    first, _ = both_orders["hechos_first"]
    second, _ = both_orders["atropellos_first"]
    a = _raw_pedestrian_strikes()
    expected = _expected_union(_stored_municipal_records(first), a)
    assert expected["twins"] >= 130, expected  # 141 of the 270 strikes are already in the municipal file
    for path in (first, second):
        got = _figures(path)
        assert (got["crashes"], got["killed"], got["injured"]) == (
            expected["crashes"],
            expected["killed"],
            expected["injured"],
        ), (path.name, got, expected)
        # Seguridad vial's severity x road user table gives the same killed and injured
        assert (got["page_killed"], got["page_injured"]) == (expected["killed"], expected["injured"]), got
    # what an official downloads agrees too
    out = tmp_path / "crashes.csv"
    assert cli.main(["export", "crashes", "--db", str(second), "--format", "csv", "--out", str(out)]) == 0
    exported = pd.read_csv(out, dtype={"cvegeo": str})
    years = pd.to_datetime(exported["occurred_at"]).dt.year
    sp = exported[exported["source"].isin([HECHOS, ATROPELLOS]) & years.between(2015, 2019)]
    assert (len(sp), int(sp["killed"].sum()), int(sp["injured"].sum())) == (
        expected["crashes"],
        expected["killed"],
        expected["injured"],
    )


def test_a_link_keeps_what_each_source_said_and_its_rule(
    both_orders: dict[str, tuple[pathlib.Path, dict[str, object]]],
) -> None:
    path, reports = both_orders["hechos_first"]
    con = db.connect(path)
    try:
        # 24/11/2016 20:38, a fatal strike at Morones Prieto y Humberto Lobo: in both files
        row = con.execute(
            """SELECT k.source, k.lat, l.source, l.placement, l.place_name, l.distance_m, l.rule, l.was_counted
            FROM crash_link l JOIN crash k USING (crash_id)
            WHERE k.occurred_at = TIMESTAMP '2016-11-24 20:38:00'"""
        ).fetchone()
        counted_from = dict(con.execute("SELECT was_counted, count(*) FROM crash_link GROUP BY 1").fetchall())
    finally:
        con.close()
    assert row is not None, "the example strike is linked to its municipal record"
    assert row[0] == ATROPELLOS and row[2] == HECHOS, "the surveyed point is the one counted"
    assert row[3] == "exact" and row[4] == "Morones Prieto con Humberto Lobo" and row[5] <= 50
    assert row[6].startswith("same day, same hour, same road users") and row[7] is True
    assert counted_from == {True: reports[ATROPELLOS].linked[HECHOS]["linked"]}  # type: ignore[attr-defined]
    # the other order: the pedestrian file's records stay counted, the municipal ones are the linked records
    _, other = both_orders["atropellos_first"]
    assert other[HECHOS].linked == {  # type: ignore[attr-defined]
        ATROPELLOS: {"linked": counted_from[True], "counted_from_this_file": 0}
    }
    assert any("counted once" in n for n in other[HECHOS].notes)  # type: ignore[attr-defined]


def test_reimporting_a_linked_file_adds_nothing(both_orders: dict[str, tuple[pathlib.Path, dict[str, object]]]) -> None:
    path, _ = both_orders["hechos_first"]
    before = _figures(path)
    r = run_import(path, "crashes", realdata(ATROPELLOS), dry_run=True)
    assert r.ok and r.inserted == 0 and r.already_present == 270, r.lines()[:3]
    assert _figures(path) == before


def test_names_in_the_gazetteer_are_placed_at_that_intersection(
    both_orders: dict[str, tuple[pathlib.Path, dict[str, object]]],
) -> None:
    path, reports = both_orders["hechos_first"]
    con = db.connect(path)
    try:
        placed = con.execute(
            """SELECT given_name, place_name, method, score FROM crash_placement
            UNION ALL SELECT NULL, place_name, placement, NULL FROM crash_link WHERE place_name IS NOT NULL"""
        ).df()
        names = [r[0] for r in con.execute("SELECT name FROM intersection").fetchall()]
    finally:
        con.close()
    exact_keys = {rules.exact_intersection_key(n): n for n in names}
    given = placed.dropna(subset=["given_name"])
    for name, chosen in [
        ("Corregidora con Manuel J. Clouthier", "Corregidora con Manuel J. Clouthier"),
        ("Jose Vasconcelos con Los Rosales", "Jose Vasconcelos con Los Rosales"),
        ("Benito Juarez con Privada Fco I Madero", "Benito Juarez con Privada Fco I Madero"),
        ("Emiliano Zapata con P. Gonzalez Garza", "Emiliano Zapata con P. Gonzalez Garza"),
    ]:
        rows = given[given["given_name"] == name]
        assert len(rows) > 0 and set(rows["place_name"]) == {chosen} and set(rows["method"]) == {"exact"}, name
    # every name whose streets are in the gazetteer exactly is stored at that entry
    exact_given = given[[rules.exact_intersection_key(g) in exact_keys for g in given["given_name"]]]
    wrong = exact_given[
        [
            exact_keys[rules.exact_intersection_key(g)] != p
            for g, p in zip(exact_given.given_name, exact_given.place_name, strict=True)
        ]
    ]
    assert wrong.empty, wrong.head()
    assert set(exact_given["method"]) == {"exact"} and (exact_given["score"] == 1).all()
    # looser matches carry their method, a score below 1 and the name chosen, in the table and the report
    loose = given[given["method"] == "normalised"]
    assert len(loose) > 0 and (loose["score"] < 1).all() and (loose["score"] >= rules.LOOSE_MATCH_MIN_SCORE).all()
    report = reports[HECHOS]
    assert set(report.loose_intersections) == set(loose["given_name"])  # type: ignore[attr-defined]
    # a street's own privada is another street: never a looser match for it
    assert "Calzada San Pedro con Calzada San Pedro" not in set(given["given_name"])
    assert "Calzada San Pedro con Calzada San Pedro" in report.unmatched_intersections  # type: ignore[attr-defined]


def test_san_pedro_files_keep_san_pedro_up_to_the_border_tolerance(
    both_orders: dict[str, tuple[pathlib.Path, dict[str, object]]],
) -> None:
    path, reports = both_orders["atropellos_first"]
    con = db.connect(path)
    try:
        elsewhere = con.execute(
            "SELECT count(*) FROM (SELECT cvegeo FROM crash UNION ALL SELECT cvegeo FROM crash_link) "
            "WHERE cvegeo IS DISTINCT FROM ?",
            [SAN_PEDRO],
        ).fetchone()[0]
        outside = con.execute(
            "SELECT count(*), max(ST_Distance(m.geom_utm, k.geom_utm)) FROM crash k, municipality m "
            "WHERE m.cvegeo = ? AND NOT ST_Intersects(m.geom, k.geom)",
            [SAN_PEDRO],
        ).fetchone()
    finally:
        con.close()
    assert elsewhere == 0, "no San Pedro-file crash is assigned to another municipality"
    assert outside[0] > 0 and outside[1] <= rules.BORDER_TOLERANCE_INTERSECTION_M
    note = next(n for n in reports[HECHOS].notes if n.startswith("municipality of each new crash"))  # type: ignore[attr-defined]
    assert "the file's declared municipality" in note and "up to the border tolerance" in note


def test_a_dry_run_shows_the_links_before_anything_lands(
    both_orders: dict[str, tuple[pathlib.Path, dict[str, object]]],
) -> None:
    _, reports = both_orders["atropellos_first"]
    dry, real = reports[f"dry:{HECHOS}"], reports[HECHOS]
    assert dry.ok and dry.dry_run and dry.linked == real.linked, (dry.linked, real.linked)  # type: ignore[attr-defined]
    assert dry.linked[ATROPELLOS]["linked"] > 100  # type: ignore[attr-defined]
    assert reports[f"links-after-dry:{HECHOS}"] == 0, "a dry run lands nothing"


def test_an_ambiguous_name_is_not_placed_and_names_its_candidates() -> None:
    g = rules.Gazetteer(
        [
            ("Benito Juarez con Fco I Madero", -100.40, 25.66),
            ("Benito Juarez con F. I. Madero", -100.41, 25.67),
            ("Jose Vasconcelos con Rosales", -100.35, 25.65),
            ("Jose Vasconcelos con Los Rosales", -100.351, 25.651),
            ("Alfonso Reyes con A. Lopez Mateos", -100.37, 25.65),
        ]
    )
    assert g.place("JOSE VASCONCELOS con los rosales") == rules.Placement(
        "Jose Vasconcelos con Los Rosales", -100.351, 25.651, "exact", 1.0
    )
    assert g.place("Lopez Mateos y Av. Alfonso Reyes").method == "normalised"  # type: ignore[union-attr]
    # "Los" is dropped by the looser match, so it cannot tell these two apart: not placed, both named
    why, candidates = g.place("Jose Vasconcelos y Av. Los Rosales")  # type: ignore[misc]
    assert why == "ambiguous" and candidates == ["Jose Vasconcelos con Los Rosales", "Jose Vasconcelos con Rosales"]
    assert g.place("Benito Juarez con Privada Fco I Madero") == ("unmatched", [])
    assert g.place("Alfonso Reyes con Reyes")[0] == "unmatched"  # type: ignore[index]
    # one pair of streets at two points of a gazetteer: the name written exactly picks its entry, any other is not placed
    two = rules.Gazetteer(
        [("Av. Vasconcelos con Gomez Morin", -100.40, 25.66), ("Gomez Morin con Av. Vasconcelos", -100.403, 25.66)]
    )
    assert two.place("Gomez Morin con Av. Vasconcelos").lon == -100.403  # type: ignore[union-attr]
    assert two.place("gomez morin y av vasconcelos")[0] == "ambiguous"  # type: ignore[index]


def test_two_surveyed_records_link_only_within_their_tolerance(tmp_path: pathlib.Path) -> None:
    """Same day and hour, same road users: 40 m apart is one crash, 150 m apart two; another hour is another crash."""
    path = tmp_path / "crafted.duckdb"
    assert cli.main(["init", "--db", str(path)]) == 0
    head = "fecha,hora,latitud,longitud,fallecidos,lesionados,tipo_accidente\n"
    (tmp_path / "a.csv").write_text(
        head + "2022-03-04,12:10,25.67000,-100.31000,0,1,Atropello\n2022-03-04,18:05,25.68000,-100.32000,0,1,Choque\n",
        encoding="utf-8",
    )
    (tmp_path / "b.csv").write_text(
        head
        + "2022-03-04,12:40,25.67036,-100.31000,0,1,Atropello\n"  # 40 m north, same hour: the same strike
        + "2022-03-04,18:20,25.68135,-100.32000,0,1,Choque\n"  # 150 m: another crash
        + "2022-03-04,14:10,25.67000,-100.31000,0,,Atropello\n",  # same place, another hour: another crash
        encoding="utf-8",
    )
    assert run_import(path, "crashes", tmp_path / "a.csv").ok
    r = run_import(path, "crashes", tmp_path / "b.csv")
    assert r.ok and r.inserted == 3 and r.linked == {"a.csv": {"linked": 1, "counted_from_this_file": 0}}, r.linked
    con = db.connect(path)
    try:
        assert con.execute("SELECT count(*) FROM crash").fetchone()[0] == 4
        link = con.execute("SELECT source, round(distance_m), placement, was_counted FROM crash_link").fetchall()
    finally:
        con.close()
    assert link == [("b.csv", 40.0, "point", False)], "the first record of the event stays counted (equally rich)"


def test_an_import_into_a_database_of_an_earlier_version_says_how_to_upgrade(
    fixture_db: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    path = tmp_path / "old.duckdb"
    shutil.copy(fixture_db, path)
    con = db.connect(path, read_only=False)
    try:
        con.execute("DROP TABLE crash_link")
    finally:
        con.close()
    (tmp_path / "c.csv").write_text(
        "fecha,hora,latitud,longitud,fallecidos,lesionados,tipo_accidente\n2022-03-04,12:10,25.67,-100.31,0,1,Choque\n",
        encoding="utf-8",
    )
    r = run_import(path, "crashes", tmp_path / "c.csv", mix_with_sample=True)
    assert not r.ok and r.error is not None and f"nlmobility upgrade --db {path}" in r.error, r.error
    assert r.error_es is not None and "actualícela primero" in r.error_es
