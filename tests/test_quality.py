"""The quality report to read before publishing (issue 22, item 6): ``nlmobility check`` and the admin panel.

A small database is built here from crafted files: two square municipalities, a gazetteer of five
intersections (two of them share a looser name), a file of surveyed points declared San Pedro's (one
point just across the border, one far across, an empty month), a file located only by intersection names
(exact, looser, ambiguous and unmatched names, and the same pedestrian strike as a surveyed point with
other victims), and a late file that leaves a gap in San Pedro's coverage. The real files are checked
too when ../shared/realdata is beside the clone.
"""

from __future__ import annotations

import json
import pathlib
import shutil

import geopandas as gpd
import pytest
from shapely.geometry import box
from streamlit.testing.v1 import AppTest

from nlmobility import auth, cli, db, quality
from nlmobility.ingest import run_import
from tests import shown
from tests.conftest import realdata

APP = str(pathlib.Path(__file__).resolve().parent.parent / "app.py")
PASSWORD = "correcto-caballo-bateria"
SAN_PEDRO, MONTERREY = "19019", "19039"
POINTS, NAMES, LATE = "puntos.csv", "cruces.csv", "tarde.csv"
HTML_NAME = "<b>Nada</b> con Nadie"
GAZETTEER = {
    "Av. Alfonso Reyes con Lopez Mateos": (-100.40, 25.65),
    "Calle Hidalgo con Morelos": (-100.39, 25.655),
    "Av. Hidalgo con Morelos": (-100.385, 25.655),
    "Vasconcelos con Rosales": (-100.38, 25.64),
    "Gomez Morin con Frontera": (-100.359, 25.65),  # ~100 m inside Monterrey: a border crossing
}
POINT_HEADER = "fecha,hora,lat,lon,lesionados,fallecidos,tipo_accidente"


def _points() -> str:
    """San Pedro's surveyed points: 15 in January, none in February, 16 in March, and two across the border."""
    rows = [POINT_HEADER]
    for month, days in ((1, range(1, 16)), (3, [*range(1, 16), 31])):
        for i, d in enumerate(days):
            rows.append(f"2021-{month:02d}-{d:02d},10:15,25.645,{-100.415 + i * 0.002:.4f},0,0,Choque")
    rows[5] = "2021-01-05,10:15,25.6502,-100.3995,1,0,Atropello"  # the pedestrian strike also in cruces.csv
    rows.append("2021-01-20,11:00,25.66,-100.3595,0,0,Choque")  # ~50 m across the border: within the tolerance
    rows.append("2021-01-21,11:00,25.66,-100.33,0,0,Choque")  # ~3 km inside Monterrey: refused
    return "\n".join(rows) + "\n"


NAMES_BODY = (
    "fecha,hora,interseccion,lesionados,fallecidos,tipo_accidente\n"
    "2021-01-05,10:30,Av. Alfonso Reyes con Lopez Mateos,2,0,Atropello\n"  # the twin of a point, with other victims
    "2021-02-01,09:00,Alfonso Reyes con Lopez Mateos,0,0,Choque\n"  # a looser match ("Av." dropped)
    "2021-02-02,09:00,Vasconcelos con Rosales,0,0,Choque\n"
    "2021-02-03,09:00,VASCONCELOS con rosales,1,0,Choque\n"
    "2021-02-04,09:00,Gomez Morin con Frontera,0,0,Choque\n"  # exact, across the border within 300 m
    "2021-02-05,09:00,Hidalgo con Morelos,0,0,Choque\n"  # could be Calle or Av. Hidalgo: ambiguous
    f"2021-02-06,09:00,{HTML_NAME},0,0,Choque\n"
    f"2021-02-07,09:00,{HTML_NAME},0,0,Choque\n"
)
LATE_BODY = f"{POINT_HEADER}\n2021-06-02,08:00,25.645,-100.41,0,0,Choque\n2021-07-10,08:00,25.645,-100.41,0,0,Choque\n"


def _municipalities(tmp: pathlib.Path) -> pathlib.Path:
    g = gpd.GeoDataFrame(
        {"cvegeo": [SAN_PEDRO, MONTERREY], "nombre": ["San Pedro Garza García", "Monterrey"]},
        geometry=[box(-100.42, 25.63, -100.36, 25.67), box(-100.36, 25.63, -100.28, 25.67)],
        crs="EPSG:4326",
    )
    path = tmp / "municipios.geojson"
    g.to_file(path, driver="GeoJSON")
    return path


def _base(tmp: pathlib.Path) -> pathlib.Path:
    path = tmp / "q.duckdb"
    assert cli.main(["init", "--db", str(path)]) == 0
    assert run_import(path, "municipalities", _municipalities(tmp)).ok
    return path


def _crashes(path: pathlib.Path, tmp: pathlib.Path, name: str, body: str) -> None:
    f = tmp / name
    f.write_text(body, encoding="utf-8")
    r = run_import(path, "crashes", f, partial=True, municipality=SAN_PEDRO)
    assert r.ok, r.lines()[:8]


@pytest.fixture(scope="module")
def crafted(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    tmp = tmp_path_factory.mktemp("quality")
    path = _base(tmp)
    gaz = tmp / "cruces-nomenclator.csv"
    gaz.write_text("nombre,lat,lon\n" + "".join(f"{n},{lat},{lon}\n" for n, (lon, lat) in GAZETTEER.items()), "utf-8")
    assert run_import(path, "intersections", gaz).ok
    _crashes(path, tmp, POINTS, _points())
    _crashes(path, tmp, NAMES, NAMES_BODY)
    _crashes(path, tmp, LATE, LATE_BODY)
    return path


@pytest.fixture(scope="module")
def report(crafted: pathlib.Path) -> dict:
    con = db.connect(crafted)
    try:
        return quality.check(db.cursor(con))
    finally:
        con.close()


def _source(report: dict, name: str) -> dict:
    return next(s for s in report["sources"] if s["source"] == name)


def _codes(report: dict, level: str, source: str | None = None) -> set[str]:
    return {f["code"] for f in report["findings"] if f["level"] == level and (source is None or f["source"] == source)}


def test_the_json_has_its_documented_shape(report: dict) -> None:
    assert report["check"] == "quality" and report["format"] == quality.FORMAT
    assert set(report) == {
        "check",
        "format",
        "dataset_version",
        "data_end",
        "built_from",
        "status",
        "counts",
        "tolerance_m",
        "findings",
        "sources",
        "links",
        "coverage",
        "no_data",
    }
    assert report["built_from"] == "real" and report["status"] == "review"
    assert report["counts"] == {lv: sum(f["level"] == lv for f in report["findings"]) for lv in quality.LEVELS}
    assert json.loads(quality.as_json(report)) == json.loads(json.dumps(report, default=str)), "plain JSON values"
    assert [s["source"] for s in report["sources"]] == [
        "municipios.geojson",
        "cruces-nomenclator.csv",
        POINTS,
        NAMES,
        LATE,
    ]
    assert _source(report, "municipios.geojson")["crashes"] is None, "crash figures only for crash files"


def test_placement_by_method_and_the_names_not_placed(report: dict) -> None:
    names = _source(report, NAMES)
    assert names["rows_accepted"] == 5 and names["rows_refused"] == 3
    c = names["crashes"]
    assert c["placement"] == {"point": 0, "exact": 4, "normalised": 1, "unplaced": 3}, "the linked record too"
    assert c["loose"] == [
        {
            "given_name": "Alfonso Reyes con Lopez Mateos",
            "place_name": "Av. Alfonso Reyes con Lopez Mateos",
            "method": "normalised",
            "score": c["loose"][0]["score"],
            "n": 1,
        }
    ]
    assert 0.6 <= c["loose"][0]["score"] < 1
    unplaced = {u["name"]: u for u in c["unplaced"]}
    assert unplaced[HTML_NAME] == {"code": "unmatched", "name": HTML_NAME, "candidates": [], "n": 2}
    assert unplaced["Hidalgo con Morelos"]["code"] == "ambiguous"
    assert sorted(unplaced["Hidalgo con Morelos"]["candidates"]) == [
        "Av. Hidalgo con Morelos",
        "Calle Hidalgo con Morelos",
    ]
    assert {"unplaced", "ambiguous"} <= _codes(report, "review", NAMES)
    assert "loose_placement" in _codes(report, "note", NAMES)
    points = _source(report, POINTS)["crashes"]["placement"]
    assert points == {"point": 32, "exact": 0, "normalised": 0, "unplaced": 0}


def test_a_record_linked_to_a_crash_counted_from_another_file_with_other_victims_is_to_review(report: dict) -> None:
    c = _source(report, NAMES)["crashes"]
    assert (c["records"], c["counted"], c["linked"]) == (5, 4, 1)
    assert c["linked_to"] == {POINTS: 1} and c["conflicting_victims"] == 1
    assert _source(report, POINTS)["crashes"]["linked_from"] == {NAMES: 1}
    [link] = report["links"]
    assert link["source"] == NAMES and link["counted_source"] == POINTS
    assert (link["injured"], link["counted_injured"], link["conflicting_victims"]) == (2, 1, True)
    assert link["occurred_at"].startswith("2021-01-05T10:30") and link["placement"] == "exact"
    assert "conflicting_victims" in _codes(report, "review", NAMES)
    assert "linked" in _codes(report, "note", NAMES)


def test_points_outside_their_municipality_against_the_tolerance(report: dict) -> None:
    points = _source(report, POINTS)
    o = points["crashes"]["outside_municipality"]
    assert o["n"] == 1 and o["beyond_tolerance"] == 0 and 40 < o["max_m"] < 60
    assert o["by_municipality"][0]["cvegeo"] == SAN_PEDRO
    assert points["refused"] == [{"code": "outside_municipality", "n": 1}]
    assert "refused_outside_municipality" in _codes(report, "review", POINTS)
    assert "outside_within_tolerance" in _codes(report, "note", POINTS)
    crossing = _source(report, NAMES)["crashes"]["outside_municipality"]
    assert crossing["n"] == 1 and crossing["beyond_tolerance"] == 0 and 80 < crossing["max_m"] < 120, (
        "an intersection's point has the wider tolerance"
    )
    assert "outside_beyond_tolerance" not in _codes(report, "review")


def test_gaps_in_the_records_are_to_review(report: dict) -> None:
    [sp] = report["coverage"]["municipalities"]
    assert sp["cvegeo"] == SAN_PEDRO and sp["gaps"] == [["2021-04-01", "2021-06-01"]]
    gap = next(f for f in report["findings"] if f["code"] == "coverage_gap")
    assert gap["level"] == "review" and gap["n"] == 62
    empty = _source(report, POINTS)["crashes"]["empty_months"]
    assert [e["month"] for e in empty] == ["2021-02-01"], "15 in January, 16 in March, none in February"
    assert "empty_months" in _codes(report, "review", POINTS)
    assert not _source(report, NAMES)["crashes"]["empty_months"], "a file with a few records a month has quiet months"


def test_the_figures_that_would_show_no_data_name_the_import_that_fills_them(report: dict) -> None:
    gaps = {g["code"]: g for g in report["no_data"]}
    assert {"no_hin", "no_corridors", "milestones_unknown", "no_counts", "no_participation"} <= set(gaps)
    assert gaps["no_corridors"]["fill"] == "nlmobility import corridors FILE"
    assert "48 of 48 milestones" in gaps["milestones_unknown"]["text"]
    assert gaps["no_hin"]["items"] == [], "no whole year covered"
    assert [m["name"] for m in gaps["municipalities_not_covered"]["items"]] == ["Monterrey"]
    assert _codes(report, "no_data") == set(gaps)
    assert all(f["text_es"] and f["text"] for f in report["findings"])
    assert all(f["fill"] and f["fill_es"] for f in report["findings"] if f["level"] != "note"), "what settles each"


def test_municipalities_without_population_mean_no_rates(crafted: pathlib.Path, tmp_path: pathlib.Path) -> None:
    path = tmp_path / "nopop.duckdb"
    shutil.copy(crafted, path)
    con = db.connect(path, read_only=False)
    try:
        con.execute("UPDATE municipality SET population = NULL WHERE cvegeo = ?", [MONTERREY])
        r = quality.check(db.cursor(con))
    finally:
        con.close()
    gap = next(g for g in r["no_data"] if g["code"] == "no_population")
    assert gap["items"] == [{"cvegeo": MONTERREY, "name": "Monterrey"}]


def test_exit_status_is_1_to_review_0_when_only_no_data_and_1_with_strict(
    crafted: pathlib.Path, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["check", "--db", str(crafted)]) == 1
    out = capsys.readouterr().out
    assert "to review before publishing (exit status 1):" in out and f"{NAMES}: 2 rows not placed" in out
    assert f"{HTML_NAME!r} unmatched (2 rows)" in out
    clean = _base(tmp_path)
    _crashes(clean, tmp_path, "limpio.csv", f"{POINT_HEADER}\n2021-01-01,08:00,25.645,-100.41,0,0,Choque\n")
    capsys.readouterr()
    assert cli.main(["check", "--db", str(clean), "--json"]) == 0
    r = json.loads(capsys.readouterr().out)
    assert r["status"] == "no_data" and r["counts"]["review"] == 0
    assert cli.main(["check", "--db", str(clean), "--strict"]) == 1
    capsys.readouterr()
    assert cli.main(["check", "--db", str(tmp_path / "absent.duckdb")]) == 2


def test_the_sample_database_is_checked_too(fixture_db: pathlib.Path) -> None:
    con = db.connect(fixture_db)
    try:
        r = quality.check(db.cursor(con))
    finally:
        con.close()
    assert r["built_from"] == "sample" and r["sources"][0]["is_sample"]
    assert r["sources"][0]["crashes"]["records"] == r["sources"][0]["crashes"]["counted"] > 0


def test_the_admin_panel_shows_the_check_with_names_as_text(
    crafted: pathlib.Path, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "admin.duckdb"
    shutil.copy(crafted, path)
    monkeypatch.setenv("NLMOBILITY_DB", str(path))
    monkeypatch.setenv(auth.ENV_USERS, str(tmp_path / "users.json"))
    auth.add_user("oficial", PASSWORD)
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page("app_pages/admin.py").run()
    at.text_input(key="admin_login_user").set_value("oficial")
    at.text_input(key="admin_login_password").set_value(PASSWORD)
    at.button(key="admin_login_button").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Calidad de los datos" in [t.label for t in at.tabs]
    assert any("puntos que revisar antes de publicar" in e.value for e in at.error), [e.value for e in at.error]
    tables = shown.tables(at)
    findings = next(t for t in tables if "Qué" in t.columns)
    assert "Revisar" in set(findings["Nivel"]) and "Sin dato" in set(findings["Nivel"])
    assert any("filas sin ubicar" in str(v) for v in findings["Qué"]), "findings in the user's language"
    unplaced = next(t for t in tables if "Candidatas" in t.columns)
    assert HTML_NAME in set(unplaced["Nombre en el archivo"]), "a file's name shown as it is, in a table"
    assert not [m for m in at.markdown if "<b>" in m.value or "Nada" in m.value], "never as Markdown"
    assert at.get("download_button"), "the JSON to download"


@pytest.fixture(scope="module")
def real_db(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    """The real boundaries, San Pedro's gazetteer, its pedestrian strikes and its 2015 municipal records."""
    hechos = realdata("hechosviales_lite.csv")
    tmp = tmp_path_factory.mktemp("quality-real")
    lines = hechos.read_bytes().splitlines(keepends=True)  # Latin-1: kept as bytes
    year = [ln for ln in lines[1:] if ln.split(b",")[2] == b"2015"]  # dia,mes,año,...
    assert len(year) > 1_000
    short = tmp / "hechosviales_lite.csv"  # the real name: the file is known to be San Pedro's
    short.write_bytes(lines[0] + b"".join(year))
    path = tmp / "real.duckdb"
    assert cli.main(["init", "--db", str(path)]) == 0
    assert run_import(path, "municipalities", realdata("Nuevo León.json")).ok
    assert run_import(path, "intersections", realdata("hin_new_comp.csv")).ok
    for f in (short, realdata("atropellos_2015-2019.csv")):
        r = run_import(path, "crashes", f, partial=True)
        assert r.ok, r.lines()[:5]
    return path


def test_the_real_files_links_placements_and_gaps(real_db: pathlib.Path) -> None:
    con = db.connect(real_db)
    try:
        r = quality.check(db.cursor(con))
        linked, placed, counted = con.execute(
            "SELECT (SELECT count(*) FROM crash_link), (SELECT count(*) FROM crash_placement), (SELECT count(*) FROM crash)"
        ).fetchone()
    finally:
        con.close()
    hechos, atropellos = _source(r, "hechosviales_lite.csv"), _source(r, "atropellos_2015-2019.csv")
    assert linked > 20 and len(r["links"]) == linked, "every linked record is listed"
    assert hechos["crashes"]["linked_to"] == {"atropellos_2015-2019.csv": linked}
    assert atropellos["crashes"]["linked_from"] == {"hechosviales_lite.csv": linked}
    assert hechos["crashes"]["records"] + atropellos["crashes"]["records"] == counted + linked
    p = hechos["crashes"]["placement"]
    assert p["point"] == 0 and p["exact"] > 1_000 and p["unplaced"] > 0
    assert p["exact"] + p["normalised"] == placed + linked, "the linked records were placed by name too"
    assert hechos["rows_accepted"] == hechos["crashes"]["records"]
    assert atropellos["crashes"]["placement"]["point"] == 270
    assert "unplaced" in _codes(r, "review", "hechosviales_lite.csv")
    for s in (hechos, atropellos):
        assert s["crashes"]["no_municipality"] == 0
        assert s["crashes"]["outside_municipality"]["beyond_tolerance"] == 0, "the declared file keeps San Pedro"
    assert {"no_corridors", "milestones_unknown"} <= {g["code"] for g in r["no_data"]}
    [sp] = r["coverage"]["municipalities"]
    assert sp["cvegeo"] == "19019" and sp["gaps"] == [], "2015 municipal records, 2015-2019 pedestrian strikes"
    assert sp["whole_years"] == [2015, 2016, 2017, 2018] and sp["hin"], "the pedestrian file ends 2019-12-23"
    assert "no_hin" not in {g["code"] for g in r["no_data"]}


def test_check_on_a_file_that_is_not_a_database_says_so(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bogus = tmp_path / "no-es-base.duckdb"
    bogus.write_text("hola\n", encoding="utf-8")
    assert cli.main(["check", "--db", str(bogus)]) == 2
    err = capsys.readouterr().err
    assert str(bogus) in err and "not a valid DuckDB database" in err, err
