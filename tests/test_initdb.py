"""A database for real data (`nlmobility init`): no sample rows, honest unknowns, pages that say what to import."""

from __future__ import annotations

import pathlib
import shutil

import pytest
from streamlit.testing.v1 import AppTest

from nlmobility import cli, db, initdb, sample, sources
from nlmobility.ingest import run_import
from tests import shown
from tests.conftest import realdata

APP = str(pathlib.Path(__file__).resolve().parent.parent / "app.py")
PAGES = ["inicio", "mapa", "seguridad", "participacion", "avance", "datos", "metodologia", "taller"]


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    path = tmp_path_factory.mktemp("real") / "r.duckdb"
    assert cli.main(["init", "--db", str(path)]) == 0
    return path


def _open(path: pathlib.Path, page: str, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("NLMOBILITY_DB", str(path))
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    if page != "inicio":
        at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_init_holds_the_action_plan_and_nothing_synthetic(empty_db: pathlib.Path) -> None:
    con = db.connect(empty_db)
    try:
        counts = dict(sample.table_counts(con))
        statuses = con.execute(
            "SELECT list(DISTINCT status), count(*) FILTER (WHERE status_since IS NOT NULL) FROM milestone"
        ).fetchone()
        meta = dict(con.execute("SELECT key, value FROM dataset_meta").fetchall())
    finally:
        con.close()
    assert counts["commitment"] == 8 and counts["milestone"] == len(initdb.milestones()) == 48
    assert all(n == 0 for t, n in counts.items() if t not in ("commitment", "milestone")), counts
    assert statuses == (["unknown"], 0), "statuses unknown until imported, never invented"
    assert meta["is_sample"] == "false"
    assert cli.main(["init", "--db", str(empty_db)]) == 1, "init never overwrites a database"


@pytest.mark.parametrize("page", PAGES)
def test_every_page_works_on_an_empty_real_database(
    empty_db: pathlib.Path, monkeypatch: pytest.MonkeyPatch, page: str
) -> None:
    at = _open(empty_db, page, monkeypatch)
    assert not any("Datos de muestra" in i.value for i in at.info), "no sample notice on a real database"
    hints = [i.value for i in at.info if "Aún no hay datos" in i.value]
    if page in ("inicio", "mapa", "seguridad", "participacion", "taller"):
        assert hints and "nlmobility import" in hints[0], [i.value for i in at.info]


def test_unknown_milestones_are_neither_finished_nor_overdue(
    empty_db: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _open(empty_db, "avance", monkeypatch)
    values = {m.label: m.value for m in at.metric}
    assert values["Hitos finalizados"] == "—" and values["Vencidos"] == "Sin dato", "unknown statuses: no data, not 0"
    assert any("11 de 11 hitos aún no tienen estado" in i.value for i in at.info)


def test_a_milestones_import_gives_the_status(empty_db: pathlib.Path, tmp_path: pathlib.Path) -> None:
    path = tmp_path / "r2.duckdb"
    shutil.copy(empty_db, path)
    f = tmp_path / "avance.csv"
    f.write_text(
        "id,compromiso,numero,titulo,responsable,inicio,fin,estado,desde,evidencia\n"
        "MXMTY0005-H01,MXMTY0005,1,Diagnóstico transversal de los corredores,SMPU,2023-01-01,2023-04-30,finalizado,2023-05-02,"
        "https://example.org/diagnostico\n",
        encoding="utf-8",
    )
    r = run_import(path, "milestones", f)
    assert r.ok, r.lines()
    con = db.connect(path)
    try:
        got = con.execute("SELECT status, status_since FROM milestone WHERE milestone_id = 'MXMTY0005-H01'").fetchone()
        others = con.execute("SELECT count(*) FROM milestone WHERE status = 'unknown'").fetchone()[0]
    finally:
        con.close()
    assert got[0] == "finished" and got[1].isoformat() == "2023-05-02" and others == 47


def test_real_boundaries_and_state_portal_crashes_on_a_real_database(
    empty_db: pathlib.Path, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    boundaries = realdata("Nuevo León.json")
    apodaca = realdata("indices-de-estadisticas-de-accidentes-viales-apodaca.csv")
    path = tmp_path / "real.duckdb"
    shutil.copy(empty_db, path)
    assert run_import(path, "municipalities", boundaries).inserted == 51
    r = run_import(path, "crashes", apodaca, partial=True)
    # a state-portal dataset is its municipality's: points over 100 m outside Apodaca are refused, the rest keep it
    assert r.ok and r.accepted >= 7_500 and r.rejected_by_reason.get("outside_municipality", 0) > 0, r.lines()[:10]
    assert any(n.startswith(f"municipality of each new crash: {r.accepted:,} the file's declared") for n in r.notes)
    con = db.connect(path)
    try:
        by_mun = dict(con.execute("SELECT cvegeo, count(*) FROM crash GROUP BY 1").fetchall())
        far = con.execute(
            "SELECT count(*) FROM crash k, municipality m WHERE m.cvegeo = '19006' AND NOT ST_DWithin(k.geom_utm, m.geom_utm, 100)"
        ).fetchone()[0]
    finally:
        con.close()
    assert by_mun.get("19006", 0) >= 7_400, by_mun
    assert far <= 0.01 * r.accepted, f"{far} crashes farther than 100 m from Apodaca's real boundary"
    at = _open(path, "seguridad", monkeypatch)
    assert not any("Datos de muestra" in i.value for i in at.info)
    assert any("no registran lesionados ni fallecidos" in w.value for w in at.warning), (
        "unknown severity is said, not hidden"
    )
    assert at.slider(key="nlm_periodo").value == (2021, 2022), (
        "the default period is the latest span of whole covered years"
    )
    assert any("Apodaca 2021-01-01 – 2023-03-31" in c.value for c in at.caption), [c.value for c in at.caption][:5]
    assert not [w for w in at.warning if "no cubren completos" in w.value]
    monkeypatch.setenv("NLMOBILITY_DB", str(path))
    wide = AppTest.from_file(APP, default_timeout=180)
    wide.query_params["periodo"] = ["2021", "2023"]
    wide.run()
    wide.switch_page("app_pages/seguridad.py").run()
    assert any("no cubren completos en esta zona: 2023" in w.value for w in wide.warning), "a partial year is flagged"


def test_intersection_keys_ignore_case_accents_street_words_initials_and_order() -> None:
    from nlmobility.ingest.rules import intersection_key

    same = [
        "Alfonso Reyes con A. Lopez Mateos",
        "LÓPEZ MATEOS y Av. Alfonso Reyes",
        "Av Alfonso Reyes / Adolfo López Mateos",
    ]
    assert intersection_key(same[0]) == intersection_key(same[1]) == "alfonso reyes|lopez mateos"
    assert intersection_key(same[2]) == "adolfo lopez mateos|alfonso reyes", "a full first name is a different name"
    assert intersection_key("Gral. Pedro Martinez con Calz. del Valle") == intersection_key(
        "Calzada Del Valle con General Pedro Martinez"
    )
    assert intersection_key("Sin cruce") is None and intersection_key("A con B con C") is None


def test_crashes_located_only_by_intersection_are_placed_from_the_gazetteer(
    empty_db: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    gazetteer = realdata("hin_new_comp.csv")
    crashes = realdata("hechosviales_lite.csv")
    path = tmp_path / "sp.duckdb"
    shutil.copy(empty_db, path)
    assert run_import(path, "municipalities", realdata("Nuevo León.json")).ok
    places = run_import(path, "intersections", gazetteer)
    assert places.ok and places.inserted == 916, places.lines()[:5]
    refused = run_import(path, "crashes", crashes)
    assert not refused.ok and refused.rejected_by_reason.get("unmatched", 0) > 0, (
        "unmatched rows refuse the file without --partial"
    )
    r = run_import(path, "crashes", crashes, partial=True)
    assert r.ok, r.lines()[:5]
    placed = next(n for n in r.notes if "placed by their intersection" in n)
    assert placed.startswith(f"{r.accepted:,} of "), placed
    assert r.unmatched_intersections and sum(r.unmatched_intersections.values()) == sum(
        r.rejected_by_reason.get(code, 0) for code in ("unmatched", "ambiguous", "weak")
    )
    assert r.accepted > 30_000, r.lines()[:5]
    con = db.connect(path)
    try:
        far, sev, years = con.execute(
            "SELECT count(*) FILTER (WHERE cvegeo IS DISTINCT FROM '19019'), list(DISTINCT severity ORDER BY severity), "
            "[min(year(occurred_at)), max(year(occurred_at))] FROM crash"
        ).fetchone()
        gazetteer_points = con.execute(
            "SELECT count(*) FROM crash k SEMI JOIN intersection i ON k.lon = i.lon AND k.lat = i.lat"
        ).fetchone()[0]
    finally:
        con.close()
    assert gazetteer_points == r.accepted, "every accepted crash sits on an imported intersection"
    # Border avenues (Gómez Morín, Constitución) have gazetteer points just across the real boundary.
    assert far <= 0.05 * r.accepted, f"{far} crashes placed outside San Pedro Garza García"
    assert set(sev) <= {"damage", "fatal", "injury", "unknown"} and "injury" in sev, (
        "severity from lesionados/fallecidos"
    )
    assert years == [2015, 2020]


def test_real_rows_into_the_sample_are_refused_unless_mixing_is_accepted(
    fixture_db: pathlib.Path, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pedestrians = realdata("atropellos_2015-2019.csv")
    path = tmp_path / "sample.duckdb"
    shutil.copy(fixture_db, path)
    before = sample.data_checksum(db.connect(path))
    refused = run_import(path, "crashes", pedestrians)
    assert not refused.ok and "nlmobility init" in refused.error and "--mix-with-sample" in refused.error
    assert "nlmobility init" in refused.error_es and "mezcla" in refused.error_es
    con = db.connect(path)
    try:
        assert sample.data_checksum(con) == before, "nothing changed"
    finally:
        con.close()
    assert run_import(path, "crashes", pedestrians, dry_run=True).ok, "a dry run changes nothing: no mixing to refuse"
    mixed = run_import(path, "crashes", pedestrians, mix_with_sample=True)
    assert mixed.ok and mixed.inserted == 270
    con = db.connect(path)
    try:
        source = con.execute(
            "SELECT title, licence, is_sample FROM data_source WHERE source = 'atropellos_2015-2019.csv'"
        ).fetchone()
        flag = con.execute("SELECT value FROM dataset_meta WHERE key = 'mixed'").fetchone()
    finally:
        con.close()
    assert source == ("Municipio de San Pedro Garza García (sanpgg/atropellos-spgg)", "GPL-3.0", False)
    assert flag == ("true",)
    for page in ("inicio", "seguridad"):
        at = _open(path, page, monkeypatch)
        assert any("Datos mixtos" in w.value and "San Pedro" in w.value for w in at.warning), page
        assert not any("Datos de muestra." in i.value for i in at.info), "not presented as only a sample"
    at = _open(path, "datos", monkeypatch)
    listed = " ".join(t.to_string() for t in shown.tables(at))
    assert "GPL-3.0" in listed and "CC BY 4.0" in listed, "the sources table names both licences"


def test_imports_into_a_real_database_record_their_source_and_show_no_notice(
    empty_db: pathlib.Path, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "r3.duckdb"
    shutil.copy(empty_db, path)
    assert run_import(path, "municipalities", realdata("Nuevo León.json")).ok
    assert run_import(
        path, "crashes", realdata("atropellos_2015-2019.csv"), source=sources.Source("Mi oficina", "CC0")
    ).ok
    con = db.connect(path)
    try:
        rows = con.execute("SELECT source, title, licence FROM data_source ORDER BY source").fetchall()
    finally:
        con.close()
    assert rows == [
        ("Nuevo León.json", "INEGI Marco Geoestadístico vía PhantomInsights/mexico-geojson", "MIT"),
        ("atropellos_2015-2019.csv", "Mi oficina", "CC0"),
    ]
    at = _open(path, "seguridad", monkeypatch)
    assert not [w for w in at.warning if "Datos mixtos" in w.value] and not [
        i for i in at.info if "Datos de muestra" in i.value
    ]


def test_a_file_declared_of_one_municipality_keeps_only_its_points(
    empty_db: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    path = tmp_path / "apodaca.duckdb"
    shutil.copy(empty_db, path)
    assert run_import(path, "municipalities", realdata("Nuevo León.json")).ok
    apodaca = realdata("indices-de-estadisticas-de-accidentes-viales-apodaca.csv")
    assert cli.main(["import", "crashes", str(apodaca), "--db", str(path), "--partial", "--municipality", "19006"]) == 0
    con = db.connect(path)
    try:
        accepted, far, codes = con.execute(
            "SELECT count(*), count(*) FILTER (WHERE NOT ST_DWithin(k.geom_utm, m.geom_utm, 100)), list(DISTINCT k.cvegeo) "
            "FROM crash k, municipality m WHERE m.cvegeo = '19006'"
        ).fetchone()
        coverage = con.execute("SELECT list(DISTINCT cvegeo) FROM crash_coverage").fetchone()[0]
    finally:
        con.close()
    assert accepted >= 7_500 and far == 0 and codes == ["19006"] and coverage == ["19006"]
    refused = run_import(path, "crashes", apodaca, partial=True, municipality="19006", dry_run=True)
    outside = [p for p in refused.problems if p["code"] == "outside_municipality"]
    assert outside and all("fuera de Apodaca" in p["reason_es"] for p in outside)
    assert run_import(path, "crashes", apodaca, municipality="99999").error.endswith("(import the boundaries first)")
