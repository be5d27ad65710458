"""No data is not zero, and one data end (issue 22, items 4 and 5).

On an ``init`` database with only crash files, the reports say why a table is empty, the sources
count the rows they gave, the digest counts unknown statuses apart, and the municipalities keep
their census population; the pages and ``nlmobility report`` read the same last day of the data.
"""

from __future__ import annotations

import datetime as dt
import json
import pathlib
import shutil

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from nlmobility import cli, db, digest, digest_render, initdb, queries, reference, report
from nlmobility.filters import Filters
from nlmobility.ingest import run_import
from tests.conftest import realdata

APODACA = "indices-de-estadisticas-de-accidentes-viales-apodaca.csv"


@pytest.fixture(scope="module")
def init_db(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    path = tmp_path_factory.mktemp("nodata") / "init.duckdb"
    assert cli.main(["init", "--db", str(path)]) == 0
    return path


@pytest.fixture(scope="module")
def crash_only_db(init_db: pathlib.Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[pathlib.Path, int]:
    """``init``, Nuevo León.json and Apodaca's state-portal file declared Apodaca's (as the README says)."""
    boundaries, apodaca = realdata("Nuevo León.json"), realdata(APODACA)
    path = tmp_path_factory.mktemp("nodata") / "crashes.duckdb"
    shutil.copy(init_db, path)
    assert run_import(path, "municipalities", boundaries).inserted == 51
    r = run_import(path, "crashes", apodaca, partial=True, municipality="19006")
    assert r.ok, r.lines()[:5]
    return path, r.inserted


def _report(path: pathlib.Path, kind: str, capsys: pytest.CaptureFixture[str], *extra: str) -> dict:
    assert cli.main(["report", kind, "--json", "--db", str(path), *extra]) == 0
    return json.loads(capsys.readouterr().out)


def test_hin_report_on_a_metro_without_three_whole_years_says_why(
    crash_only_db: tuple[pathlib.Path, int], capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = crash_only_db
    got = _report(path, "hin", capsys)
    assert got["rows"] == [] and got["windows"] == []
    reason = got["reason"]
    assert reason["code"] == "too_few_whole_years", reason
    assert reason["whole_years"] == [2021, 2022] and reason["years_needed"] == 3
    assert "nlmobility import crashes" in reason["fill"]
    assert got["data_end"] == "2023-03-31", "the latest day the crash import covers"
    # CSV has no room for it: the reason goes to stderr
    assert cli.main(["report", "hin", "--csv", "--db", str(path)]) == 0
    out = capsys.readouterr()
    assert out.out.strip().startswith("cell,") and "3 consecutive whole calendar years" in out.err


def test_before_after_report_counts_each_sources_rows_and_says_why_empty(
    crash_only_db: tuple[pathlib.Path, int], capsys: pytest.CaptureFixture[str]
) -> None:
    path, crashes = crash_only_db
    got = _report(path, "before-after", capsys)
    rows = {s["kind"]: s["rows"] for s in got["sources"]}
    assert rows == {"municipalities": 51, "crashes": crashes}, "an imported file never reads 'rows: 0'"
    assert got["rows"] == [] and got["reason"]["code"] == "no_corridors"
    assert got["reason"]["fill"] == "nlmobility import corridors FILE"


def test_a_report_with_rows_has_no_reason(fixture_db: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    got = _report(fixture_db, "before-after", capsys)
    assert got["rows"] and got["reason"] is None


def test_init_stores_the_census_population_and_the_boundaries_import_keeps_it(
    crash_only_db: tuple[pathlib.Path, int],
) -> None:
    path, _ = crash_only_db
    con = db.connect(path)
    try:
        meta = queries.dataset_meta(con.cursor())
        pops = dict(con.execute("SELECT cvegeo, population FROM municipality WHERE is_metro").fetchall())
        others = con.execute(
            "SELECT count(*) FROM municipality WHERE NOT is_metro AND population IS NOT NULL"
        ).fetchone()
    finally:
        con.close()
    census = {code: p for code, _n, p, _x, _y in reference.MUNICIPALITIES}
    assert json.loads(meta["population"]) == census and len(census) == 13
    assert meta["population_source"].startswith("INEGI, Censo de Población y Vivienda 2020")
    assert pops == census, "Nuevo León.json has no population column: the census figures are kept"
    assert others == (0,), "no population is invented for municipalities outside the metro area"


def _one_municipality(path: pathlib.Path, population: int | None) -> pathlib.Path:
    cols = {"cvegeo": ["19039"], "nombre": ["Monterrey"]}
    if population is not None:
        cols["poblacion"] = [population]
    gpd.GeoDataFrame(cols, geometry=[box(-100.40, 25.60, -100.25, 25.75)], crs="EPSG:4326").to_file(
        path, driver="GeoJSON"
    )
    return path


def _population(path: pathlib.Path) -> tuple[int | None, str | None]:
    con = db.connect(path)
    try:
        pop = con.execute("SELECT population FROM municipality WHERE cvegeo = '19039'").fetchone()[0]
        return pop, queries.dataset_meta(con.cursor()).get("population_source")
    finally:
        con.close()


def test_a_municipalities_file_without_population_keeps_the_known_one(
    fixture_db: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    path = tmp_path / "s.duckdb"
    shutil.copy(fixture_db, path)
    r = run_import(path, "municipalities", _one_municipality(tmp_path / "m.geojson", None), mix_with_sample=True)
    assert r.ok, r.lines()
    assert any("1 municipalities keep" in n for n in r.lines()), r.lines()
    assert _population(path) == (reference.census_population()["19039"], None), "the replaced row's population"
    given = run_import(
        path, "municipalities", _one_municipality(tmp_path / "p.geojson", 1_200_000), mix_with_sample=True
    )
    assert given.ok, given.lines()
    assert _population(path) == (1_200_000, "p.geojson"), "a file that gives populations is their source"


def test_digest_counts_unknown_statuses_apart_and_never_says_real_or_zero(
    init_db: pathlib.Path, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    as_of = dt.date(2026, 12, 7)
    con = db.connect(init_db)
    try:
        d = digest.build(con, as_of=as_of)
    finally:
        con.close()
    assert d.listed == d.unknown == 48 and d.no_status
    assert all(r["overdue"] == "—" and r["stuck"] == "—" and r["unknown"] == r["milestones"] for r in d.summary)
    md = digest_render.to_markdown(d)
    assert "Datos reales" not in md and "Estados de los hitos sin dato" in md
    assert "## Vencidos (sin dato)" in md and "Vencidos (0)" not in md and "| 0 |" not in md
    assert "nlmobility import milestones ARCHIVO" in md
    assert "milestone statuses: no data" in _digest_cli(init_db, tmp_path, capsys)

    # one status imported: "datos reales" for it, the other 47 still counted apart
    path = tmp_path / "one.duckdb"
    shutil.copy(init_db, path)
    f = tmp_path / "avance.csv"
    f.write_text(
        "id,compromiso,numero,titulo,responsable,inicio,fin,estado,desde\n"
        "MXMTY0005-H01,MXMTY0005,1,Diagnóstico transversal de los corredores,SMPU,2023-01-01,2023-04-30,en_progreso,2023-05-02\n",
        encoding="utf-8",
    )
    assert run_import(path, "milestones", f).ok
    con = db.connect(path)
    try:
        d = digest.build(con, as_of=as_of)
    finally:
        con.close()
    assert (d.listed, d.unknown) == (48, 47) and not d.no_status
    t1 = next(r for r in d.summary if r["commitment"].startswith("T1"))
    assert t1["overdue"] == 1 and t1["unknown"] == 10
    t2 = next(r for r in d.summary if r["commitment"].startswith("T2"))
    assert t2["overdue"] == "—", "a commitment without any recorded status has no overdue count"
    md = digest_render.to_markdown(d)
    assert "Datos reales" in md and "47 de 48 hitos sin estado registrado" in md
    assert "## Vencidos (1)" in md


def _digest_cli(path: pathlib.Path, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert cli.main(["digest", "--db", str(path), "--format", "md", "--out", str(tmp_path / "d.md")]) == 0
    out = capsys.readouterr()
    return out.out + out.err


def _ends(path: pathlib.Path) -> tuple[dt.date | None, pd.DataFrame]:
    """The page path's data end and before/after (nlmobility.ui.data, cached like the app), for ``path``."""
    from nlmobility.ui import data

    data._cached.clear()
    end = data.data_date()
    return end, data.before_after(Filters(), months=12, data_end=end)


def test_pages_and_report_share_one_data_end(
    fixture_db: pathlib.Path, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "nodate.duckdb"
    shutil.copy(fixture_db, path)
    con = db.connect(path, read_only=False)
    try:
        stored = queries.data_end(con.cursor())
        con.execute("DELETE FROM dataset_meta WHERE key = 'data_date'")
        # coverage that ends before the last crash: the covered day wins over the last crash day
        con.execute("UPDATE crash_coverage SET date_to = DATE '2025-06-30'")
    finally:
        con.close()
    assert stored == dt.date(2025, 12, 31), "the sample's stored date comes first"
    monkeypatch.setenv("NLMOBILITY_DB", str(path))
    page_end, page_ba = _ends(path)
    con = db.connect(path)
    try:
        report_end = report.data_end(con.cursor())
        report_ba = report.before_after(con.cursor(), Filters(), months=12)
        last_crash = con.execute("SELECT max(occurred_at)::DATE FROM crash").fetchone()[0]
    finally:
        con.close()
    assert page_end == report_end == dt.date(2025, 6, 30) != dt.date.today()
    assert last_crash > page_end, "the covered day, not the last crash day"
    complete_page = set(page_ba.loc[page_ba["after_complete"], "corridor_id"])
    complete_report = set(report_ba.loc[report_ba["after_complete"], "corridor_id"])
    assert complete_page == complete_report
    opened = page_ba.assign(end=pd.to_datetime(page_ba["opening_date"]) + pd.DateOffset(months=12))
    assert complete_page == set(
        opened.loc[opened["end"] <= pd.Timestamp(page_end) + pd.Timedelta(days=1), "corridor_id"]
    )
    today_complete = set(opened.loc[opened["end"] <= pd.Timestamp.today(), "corridor_id"])
    assert today_complete - complete_page, "the fixture has a window that only 'today' would call complete"

    # no coverage recorded: the last crash day; no crash at all: no date (never today)
    nocov = tmp_path / "nocov.duckdb"
    shutil.copy(path, nocov)  # the page path keeps ``path`` open, as the app does
    con = db.connect(nocov, read_only=False)
    try:
        con.execute("DELETE FROM crash_coverage")
        assert queries.data_end(con.cursor()) == last_crash
    finally:
        con.close()
    con = db.connect(initdb.init(tmp_path / "empty.duckdb"))
    try:
        assert queries.data_end(con.cursor()) is None
        assert report.before_after(con.cursor(), Filters(), months=12).empty
    finally:
        con.close()
