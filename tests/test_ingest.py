"""Imports: real files, a corpus of malformed files, atomicity (including SIGKILL), re-imports."""

from __future__ import annotations

import datetime as dt
import json
import os
import pathlib
import shutil
import signal
import subprocess
import sys
import time
import zipfile

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import LineString, Point, Polygon

from nlmobility import db, sample
from nlmobility.ingest import run_import
from tests.conftest import realdata

HEADER = "fecha,hora,lat,lon,lesionados,fallecidos,tipo_accidente,causa_accidente"
GOOD = "15/03/2024,08:30,25.6866,-100.3161,1,0,Atropello,Distracción"


@pytest.fixture()
def dbfile(fixture_db: pathlib.Path, tmp_path: pathlib.Path) -> pathlib.Path:
    p = tmp_path / "work.duckdb"
    shutil.copy(fixture_db, p)
    return p


def state(path: pathlib.Path) -> tuple[dict[str, int], str, int]:
    con = db.connect(path)
    try:
        counts = dict(sample.table_counts(con))
        logs = con.execute("SELECT count(*) FROM import_log").fetchone()[0]
        return counts, sample.data_checksum(con), logs
    finally:
        con.close()


def test_real_municipal_boundaries_import_as_51_with_accents_and_padded_codes(dbfile: pathlib.Path) -> None:
    r = run_import(dbfile, "municipalities", realdata("Nuevo León.json"), mix_with_sample=True)
    assert r.ok, r.lines()
    assert r.inserted == 51 and r.rejected == 0
    con = db.connect(dbfile)
    try:
        rows = dict(con.execute("SELECT cvegeo, name FROM municipality").fetchall())
        assert len(rows) == 51
        assert rows["19039"] == "Monterrey"
        assert rows["19046"] == "San Nicolás de los Garza" and rows["19019"] == "San Pedro Garza García"
        assert all(len(c) == 5 and c.startswith("19") for c in rows)
        assert con.execute("SELECT count(*) FROM municipality WHERE is_metro").fetchone()[0] == 13
        assert con.execute("SELECT count(*) FROM municipality WHERE NOT ST_IsValid(geom)").fetchone()[0] == 0
        version = con.execute("SELECT dataset_version FROM import_log ORDER BY import_id DESC LIMIT 1").fetchone()[0]
    finally:
        con.close()
    assert version == r.dataset_version


def test_real_pedestrian_crashes_import_as_270_derived_and_inside_the_metro(dbfile: pathlib.Path) -> None:
    before, _, _ = state(dbfile)
    r = run_import(dbfile, "crashes", realdata("atropellos_2015-2019.csv"), mix_with_sample=True)
    assert r.ok, r.lines()
    assert (r.rows_read, r.inserted, r.rejected) == (270, 270, 0)
    assert r.detected["encoding"] == "utf-8-sig"
    con = db.connect(dbfile)
    try:
        rows = con.execute(
            """SELECT count(*), count(*) FILTER (WHERE pedestrian), count(*) FILTER (WHERE severity = 'fatal'),
                      count(*) FILTER (WHERE severity = 'injury'), count(*) FILTER (WHERE cvegeo IS NULL),
                      min(occurred_at), max(occurred_at)
               FROM crash WHERE source = 'atropellos_2015-2019.csv'"""
        ).fetchone()
        fatal_expected = con.execute(
            "SELECT count(*) FROM read_csv_auto(?, all_varchar = true) WHERE CAST(fallecidos AS INT) > 0",
            [str(realdata("atropellos_2015-2019.csv"))],
        ).fetchone()[0]
        inside = con.execute(
            "SELECT count(*) FROM crash k WHERE source = 'atropellos_2015-2019.csv' AND EXISTS (SELECT 1 FROM municipality m WHERE m.is_metro AND ST_Covers(m.geom, k.geom))"
        ).fetchone()[0]
    finally:
        con.close()
    n, ped, fatal, injury, no_mun, first, last = rows
    assert (n, ped) == (270, 270)
    assert fatal == fatal_expected and fatal + injury == 270
    assert no_mun == 0 and inside == 270
    assert first.year == 2015 and last.year == 2019
    after, _, _ = state(dbfile)
    assert after["crash"] == before["crash"] + 270
    again = run_import(dbfile, "crashes", realdata("atropellos_2015-2019.csv"), mix_with_sample=True)
    assert again.ok and again.inserted == 0 and again.already_present == 270
    assert state(dbfile)[0]["crash"] == after["crash"]


def test_neighbourhood_budget_file_is_refused_as_participation_events(dbfile: pathlib.Path) -> None:
    before = state(dbfile)
    r = run_import(dbfile, "participation-events", realdata("junta_vecinal_2020.csv"), mix_with_sample=True)
    assert not r.ok
    assert "junta_vecinal_2020.csv" in r.error and "missing required columns" in r.error
    for col in ("event_date", "participants_total", "cvegeo"):
        assert col in r.error
    assert state(dbfile) == before


def test_cli_import_exit_status_and_report(dbfile: pathlib.Path, tmp_path: pathlib.Path) -> None:
    good = tmp_path / "ok.csv"
    good.write_text(f"{HEADER}\n{GOOD}\n", encoding="utf-8")
    report = tmp_path / "report.json"
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "nlmobility.cli",
            "import",
            "crashes",
            str(good),
            "--db",
            str(dbfile),
            "--report",
            str(report),
            "--mix-with-sample",
        ],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(report.read_text())["inserted"] == 1
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{HEADER}\n32/13/2024,08:30,25.68,-100.31,1,0,Atropello,x\n", encoding="utf-8")
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "nlmobility.cli",
            "import",
            "crashes",
            str(bad),
            "--db",
            str(dbfile),
            "--mix-with-sample",
        ],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 1
    assert "bad.csv: row 2, column 'fecha'" in out.stderr and "unchanged" in out.stderr


def test_latin1_semicolon_split_dates_and_mapping(dbfile: pathlib.Path, tmp_path: pathlib.Path) -> None:
    f = tmp_path / "c5_latin1.csv"
    text = "Año;Mes;Día;Hora;Latitud;Longitud;Heridos;Muertos;Tipo;Colonia\n2023;5;17;7:05;25,6866;-100,3161;2;0;Choque con ciclista;Centro\n2023;6;2;23:40:00;-100.30;25.70;0;1;Atropello;Obispado\n"
    f.write_bytes(text.encode("latin-1"))
    r = run_import(dbfile, "crashes", f, mapping={"Tipo": "crash_type"}, mix_with_sample=True)
    assert r.ok, r.lines()
    assert r.inserted == 2 and r.detected["delimiter"] == ";" and r.detected["encoding"] != "utf-8"
    assert any("swapped" in n for n in r.notes)
    con = db.connect(dbfile)
    try:
        rows = con.execute(
            "SELECT occurred_at, severity, cyclist, pedestrian, lat FROM crash WHERE source = 'c5_latin1.csv' ORDER BY occurred_at"
        ).fetchall()
    finally:
        con.close()
    assert rows[0] == (dt.datetime(2023, 5, 17, 7, 5), "injury", True, False, pytest.approx(25.6866))
    assert rows[1][1:4] == ("fatal", False, True) and rows[1][4] == pytest.approx(25.70)


def test_partial_accepts_valid_rows_and_dry_run_changes_nothing(dbfile: pathlib.Path, tmp_path: pathlib.Path) -> None:
    f = tmp_path / "mixed.csv"
    f.write_text(
        f"{HEADER}\n{GOOD}\n01/01/2099,08:00,25.68,-100.31,1,0,Atropello,x\n16/03/2024,09:00,25.69,-100.32,0,0,Alcance,y\n",
        encoding="utf-8",
    )
    before = state(dbfile)
    dry = run_import(dbfile, "crashes", f, dry_run=True, partial=True, mix_with_sample=True)
    assert dry.ok and dry.accepted == 2 and dry.rejected == 1 and dry.dataset_version is None
    assert dry.inserted == 2 and "would insert 2" in dry.lines()[0]
    assert state(dbfile) == before
    refused = run_import(dbfile, "crashes", f, mix_with_sample=True)
    assert not refused.ok and "row 3" in "\n".join(refused.lines())
    assert state(dbfile) == before
    part = run_import(dbfile, "crashes", f, partial=True, mix_with_sample=True)
    assert part.ok and part.inserted == 2 and part.rejected == 1
    assert state(dbfile)[0]["crash"] == before[0]["crash"] + 2


def _geo_files(tmp: pathlib.Path) -> dict[str, pathlib.Path]:
    poly = Polygon([(-100.35, 25.65), (-100.30, 25.65), (-100.30, 25.70), (-100.35, 25.70)])
    gdf = gpd.GeoDataFrame({"CVEGEO": ["19039"], "NOMGEO": ["Monterrey"]}, geometry=[poly], crs="EPSG:4326")
    out = {}
    out["gpkg"] = tmp / "mun.gpkg"
    gdf.to_file(out["gpkg"], driver="GPKG")
    shp_dir = tmp / "shp"
    shp_dir.mkdir()
    gdf.to_crs("EPSG:32614").to_file(shp_dir / "mun.shp")
    out["zip"] = tmp / "mun.zip"
    with zipfile.ZipFile(out["zip"], "w") as z:
        for p in shp_dir.iterdir():
            z.write(p, p.name)
    out["parquet"] = tmp / "mun.parquet"
    gdf.to_parquet(out["parquet"])
    return out


@pytest.mark.parametrize("fmt", ["gpkg", "zip", "parquet"])
def test_geo_formats_import_with_crs_honoured(dbfile: pathlib.Path, tmp_path: pathlib.Path, fmt: str) -> None:
    f = _geo_files(tmp_path)[fmt]
    r = run_import(dbfile, "municipalities", f, mix_with_sample=True)
    assert r.ok, r.lines()
    con = db.connect(dbfile)
    try:
        x = con.execute("SELECT ST_XMin(geom) FROM municipality WHERE cvegeo = '19039'").fetchone()[0]
    finally:
        con.close()
    assert x == pytest.approx(-100.35, abs=1e-6)
    if fmt == "zip":
        assert any("reprojected" in n for n in r.notes)


def test_xlsx_import(dbfile: pathlib.Path, tmp_path: pathlib.Path) -> None:
    f = tmp_path / "talleres.xlsx"
    pd.DataFrame(
        [
            {
                "id": "EV-X1",
                "fecha": "2024-05-04",
                "tipo": "taller",
                "cvegeo": "19039",
                "participantes": 20,
                "mujeres": 12,
                "hombres": 8,
                "discapacidad": 2,
                "lat": 25.68,
                "lon": -100.31,
            }
        ]
    ).to_excel(f, index=False)
    r = run_import(dbfile, "participation_events", f, mix_with_sample=True)
    assert r.ok and r.inserted == 1, r.lines()


# --- the malformed corpus --------------------------------------------------------------------


def _corpus(tmp: pathlib.Path) -> list[tuple[str, str, pathlib.Path, dict[str, str]]]:
    """(case, kind, file, mapping): at least 40 files that must all be refused."""
    items: list[tuple[str, str, pathlib.Path, dict[str, str]]] = []

    def text(
        name: str, body: str, kind: str = "crashes", enc: str = "utf-8", mapping: dict[str, str] | None = None
    ) -> None:
        p = tmp / name
        p.write_bytes(body.encode(enc))
        items.append((name, kind, p, mapping or {}))

    def raw(name: str, body: bytes, kind: str = "crashes") -> None:
        p = tmp / name
        p.write_bytes(body)
        items.append((name, kind, p, {}))

    raw("empty.csv", b"")
    raw("binary.csv", bytes(range(256)) * 40)
    text("header_only.csv", HEADER + "\n")
    text("truncated_quote.csv", f'{HEADER}\n{GOOD}\n"15/03/2024,08:30,25.68')
    text("wrong_delimiter.csv", HEADER.replace(",", ":") + "\n" + GOOD.replace(",", ":") + "\n")
    text("utf16_no_bom.csv", f"{HEADER}\n{GOOD}\n", enc="utf-16-le")
    text("missing_lat.csv", "fecha,hora,lon,lesionados,fallecidos\n15/03/2024,08:30,-100.31,1,0\n")
    text("missing_date.csv", "hora,lat,lon,lesionados,fallecidos\n08:30,25.68,-100.31,1,0\n")
    text("bad_date.csv", f"{HEADER}\n32/13/2024,08:30,25.68,-100.31,1,0,Atropello,x\n")
    text("future_date.csv", f"{HEADER}\n01/01/2099,08:30,25.68,-100.31,1,0,Atropello,x\n")
    text("ancient_date.csv", f"{HEADER}\n01/01/1900,08:30,25.68,-100.31,1,0,Atropello,x\n")
    text("bad_time.csv", f"{HEADER}\n15/03/2024,25:99,25.68,-100.31,1,0,Atropello,x\n")
    text("text_latitude.csv", f"{HEADER}\n15/03/2024,08:30,abc,-100.31,1,0,Atropello,x\n")
    text("madrid.csv", f"{HEADER}\n15/03/2024,08:30,40.4168,-3.7038,1,0,Atropello,x\n")
    text("null_island.csv", f"{HEADER}\n15/03/2024,08:30,0,0,1,0,Atropello,x\n")
    text("infinite_lon.csv", f"{HEADER}\n15/03/2024,08:30,25.68,inf,1,0,Atropello,x\n")
    text("negative_injured.csv", f"{HEADER}\n15/03/2024,08:30,25.68,-100.31,-1,0,Atropello,x\n")
    text("fractional_killed.csv", f"{HEADER}\n15/03/2024,08:30,25.68,-100.31,0,1.5,Atropello,x\n")
    text("severity_conflict.csv", "fecha,lat,lon,lesionados,fallecidos,gravedad\n15/03/2024,25.68,-100.31,0,0,fatal\n")
    text("unknown_severity.csv", "fecha,lat,lon,gravedad\n15/03/2024,25.68,-100.31,grave\n")
    text("duplicate_rows.csv", f"{HEADER}\n{GOOD}\n{GOOD}\n")
    text("enormous_field.csv", f"{HEADER}\n15/03/2024,08:30,25.68,-100.31,1,0,Atropello,{'x' * 20_000}\n")
    text("duplicate_columns.csv", "fecha,fecha,lat,lon,lesionados\n15/03/2024,15/03/2024,25.68,-100.31,1\n")
    text("year_conflict.csv", "fecha,año,lat,lon,lesionados\n15/03/2024,2019,25.68,-100.31,1\n")
    text("split_date_invalid.csv", "año,mes,día,lat,lon,lesionados\n2023,2,30,25.68,-100.31,1\n")
    text("one_bad_among_good.csv", f"{HEADER}\n{GOOD}\n16/03/2024,08:30,25.68,,1,0,Atropello,x\n")
    raw("damaged.xlsx", b"PK\x03\x04 not really a spreadsheet")
    text("not_json.geojson", '{"type": "FeatureCollection", "features": [', kind="municipalities")
    line = gpd.GeoDataFrame(
        {"CVEGEO": ["19039"], "NOMGEO": ["Monterrey"]},
        geometry=[LineString([(-100.3, 25.6), (-100.2, 25.7)])],
        crs="EPSG:4326",
    )
    line.to_file(tmp / "line_as_municipality.geojson", driver="GeoJSON")
    items.append(("line_as_municipality.geojson", "municipalities", tmp / "line_as_municipality.geojson", {}))
    far = gpd.GeoDataFrame(
        {"CVEGEO": ["19039"], "NOMGEO": ["Monterrey"]}, geometry=[Polygon([(2, 41), (3, 41), (3, 42)])], crs="EPSG:4326"
    )
    far.to_file(tmp / "polygon_in_spain.geojson", driver="GeoJSON")
    items.append(("polygon_in_spain.geojson", "municipalities", tmp / "polygon_in_spain.geojson", {}))
    bad_code = gpd.GeoDataFrame(
        {"CVEGEO": ["ABC"], "NOMGEO": ["X"]},
        geometry=[Polygon([(-100.35, 25.65), (-100.3, 25.65), (-100.3, 25.7)])],
        crs="EPSG:4326",
    )
    bad_code.to_file(tmp / "bad_code.geojson", driver="GeoJSON")
    items.append(("bad_code.geojson", "municipalities", tmp / "bad_code.geojson", {}))
    noname = gpd.GeoDataFrame(
        {"CVEGEO": ["19039"]}, geometry=[Polygon([(-100.35, 25.65), (-100.3, 25.65), (-100.3, 25.7)])], crs="EPSG:4326"
    )
    noname.to_file(tmp / "no_name.geojson", driver="GeoJSON")
    items.append(("no_name.geojson", "municipalities", tmp / "no_name.geojson", {}))
    spike = Polygon([(-100.35, 25.65), (-100.30, 25.65), (-100.30, 25.65), (-100.35, 25.65)])
    gpd.GeoDataFrame({"CVEGEO": ["19039"], "NOMGEO": ["M"]}, geometry=[spike], crs="EPSG:4326").to_file(
        tmp / "degenerate_polygon.geojson", driver="GeoJSON"
    )
    items.append(("degenerate_polygon.geojson", "municipalities", tmp / "degenerate_polygon.geojson", {}))
    nocrs = gpd.GeoDataFrame(
        {"CVEGEO": ["19039"], "NOMGEO": ["M"]}, geometry=[Polygon([(-100.35, 25.65), (-100.3, 25.65), (-100.3, 25.7)])]
    )
    nocrs.to_file(tmp / "no_crs.gpkg", driver="GPKG")
    items.append(("no_crs.gpkg", "municipalities", tmp / "no_crs.gpkg", {}))
    with zipfile.ZipFile(tmp / "no_shp.zip", "w") as z:
        z.writestr("readme.txt", "nothing here")
    items.append(("no_shp.zip", "municipalities", tmp / "no_shp.zip", {}))
    raw("damaged.zip", b"PK\x05\x06garbage", kind="municipalities")
    shp = tmp / "noprj"
    shp.mkdir()
    nocrs.to_file(shp / "m.shp")
    with zipfile.ZipFile(tmp / "shapefile_without_prj.zip", "w") as z:
        for p in shp.iterdir():
            if p.suffix != ".prj":
                z.write(p, p.name)
    items.append(("shapefile_without_prj.zip", "municipalities", tmp / "shapefile_without_prj.zip", {}))
    raw("garbage.parquet", b"PAR1 this is not parquet", kind="municipalities")
    ev = "id,fecha,tipo,cvegeo,participantes,mujeres,hombres,otro_genero,discapacidad"
    text("events_sum_mismatch.csv", f"{ev}\nE1,2024-01-10,taller,19039,20,15,15,0,1\n", kind="participation_events")
    text(
        "events_disability_too_high.csv",
        f"{ev}\nE1,2024-01-10,taller,19039,20,10,10,0,25\n",
        kind="participation_events",
    )
    text("events_negative.csv", f"{ev}\nE1,2024-01-10,taller,19039,-3,0,0,0,0\n", kind="participation_events")
    text(
        "events_duplicate_id.csv",
        f"{ev}\nE1,2024-01-10,taller,19039,20,10,10,0,1\nE1,2024-01-11,taller,19039,20,10,10,0,1\n",
        kind="participation_events",
    )
    ms = "id,compromiso,numero,titulo,responsable,inicio,fin,estado,desde"
    text(
        "milestone_unknown_status.csv",
        f"{ms}\nH1,MXMTY0005,1,Hito,Secretaría,2023-01-01,2023-02-01,casi listo,2023-02-01\n",
        kind="milestones",
    )
    text(
        "milestone_end_before_start.csv",
        f"{ms}\nH1,MXMTY0005,1,Hito,Secretaría,2023-05-01,2023-02-01,finished,2023-02-01\n",
        kind="milestones",
    )
    text("corridor_no_geometry.csv", "id,nombre,cvegeo,estado\nC1,X,19039,planned\n", kind="corridors")
    text("station_unknown_kind.csv", "id,linea,nombre,orden,lat,lon\nS1,L1,X,1,25.68,-100.31\n", kind="tranvias")
    text("unsupported.docx", "not a data file")
    text("map_to_unknown_field.csv", f"{HEADER}\n{GOOD}\n", mapping={"tipo_accidente": "no_such_field"})
    # --- issue 8: files once accepted and stored wrong, or that raised instead of refusing ---
    text("count_with_decimal_comma.csv", f'{HEADER}\n15/03/2024,08:30,25.68,-100.31,"1,5",0,Atropello,x\n')
    text(
        "budget_decimal_comma_in_comma_file.csv",
        'id,nombre,cvegeo,estado,presupuesto\nC1,X,19039,planned,"25,67"\n',
        kind="corridors",
    )
    text("duplicate_headers_by_case.csv", "fecha,Fecha,lat,lon,lesionados\n15/03/2024,16/03/2024,25.68,-100.31,1\n")
    dup = tmp / "duplicate_headers.xlsx"
    pd.DataFrame(
        [["15/03/2024", "16/03/2024", "25.68", "-100.31", "1"]], columns=["fecha", "fecha ", "lat", "lon", "lesionados"]
    ).to_excel(dup, index=False)
    items.append(("duplicate_headers.xlsx", "crashes", dup, {}))
    raw("nul_in_field.csv", (HEADER + "\n" + GOOD.replace("Distracción", "Dis\x00tracción") + "\n").encode("utf-8"))
    text("control_character.csv", HEADER + "\n" + GOOD.replace("Atropello", "Atro\x07pello") + "\n")
    formula = tmp / "formula_without_value.xlsx"
    _xlsx_with_formulas(formula)
    items.append(("formula_without_value.xlsx", "crashes", formula, {}))
    text("too_many_values.csv", f"{HEADER}\n{GOOD},extra,more\n")
    text("exponent_count.csv", f"{HEADER}\n15/03/2024,08:30,25.68,-100.31,1e3,0,Atropello,x\n")
    text("implausible_killed.csv", f"{HEADER}\n15/03/2024,08:30,25.68,-100.31,0,5000,Atropello,x\n")
    cm = "comment_id,event_id,cvegeo,comment_date,topic,text,reply_text,reply_date"
    text(
        "comment_of_unknown_event.csv",
        f"{cm}\nCX1,EV-NO-EXISTE,19039,2024-01-10,tema,texto,,\n",
        kind="participation_comments",
    )
    text(
        "reply_before_comment.csv",
        f"{cm}\nCX1,EV-001,19039,2024-01-10,tema,texto,respuesta,2024-01-05\n",
        kind="participation_comments",
    )
    text(
        "reply_date_without_text.csv",
        f"{cm}\nCX1,EV-001,19039,2024-01-10,tema,texto,,2024-01-12\n",
        kind="participation_comments",
    )
    text(
        "comment_of_unknown_municipality.csv",
        f"{cm}\nCX1,EV-001,99999,2024-01-10,tema,texto,,\n",
        kind="participation_comments",
    )
    text(
        "event_of_unknown_corridor.csv",
        f"{ev},corredor\nE1,2024-01-10,taller,19039,20,10,10,0,1,CV-NO-EXISTE\n",
        kind="participation_events",
    )
    line_wkt = "LINESTRING (-100.35 25.65, -100.30 25.70)"
    cor = "id,nombre,cvegeo,estado,inicio_obra,fin_obra,apertura,presupuesto"
    for name, row in (
        ("corridor_of_unknown_municipality", "C1,X,19999,planned,,,,1000"),
        ("corridor_works_end_before_start", "C1,X,19039,in_works,2024-05-01,2024-02-01,,1000"),
        ("corridor_opening_before_works", "C1,X,19039,finished,2024-05-01,2024-06-01,2024-01-01,1000"),
        ("corridor_budget_1e308", "C1,X,19039,planned,,,,1e308"),
    ):
        gpd.GeoDataFrame(
            pd.DataFrame([dict(zip(cor.split(","), row.split(","), strict=True))]),
            geometry=gpd.GeoSeries.from_wkt([line_wkt]),
            crs="EPSG:4326",
        ).to_file(tmp / f"{name}.geojson", driver="GeoJSON")
        items.append((f"{name}.geojson", "corridors", tmp / f"{name}.geojson", {}))
    msx = "id,compromiso,numero,titulo,responsable,inicio,fin,inicio_real,fin_real,estado,desde,evidencia"
    for name, row in (
        (
            "milestone_of_unknown_commitment",
            "H1,NO-EXISTE,1,Hito,Secretaría,2023-01-01,2023-02-01,,,not_started,2023-01-01,",
        ),
        (
            "milestone_actual_end_before_start",
            "H1,MXMTY0005,1,Hito,Secretaría,2023-01-01,2023-02-01,2023-03-01,2023-02-01,finished,2023-03-01,",
        ),
        (
            "milestone_history_backwards",
            "MXMTY0005-H02,MXMTY0005,2,Hito,Secretaría,2023-01-01,2023-02-01,,,in_progress,2023-01-05,",
        ),
        (
            "milestone_javascript_url",
            "H1,MXMTY0005,1,Hito,Secretaría,2023-01-01,2023-02-01,,,not_started,2023-01-01,javascript:alert(1)",
        ),
        (
            "milestone_data_url",
            "H1,MXMTY0005,1,Hito,Secretaría,2023-01-01,2023-02-01,,,not_started,2023-01-01,data:text/html;base64,PHNjcmlwdD4=",
        ),
    ):
        text(f"{name}.csv", f"{msx}\n{row}\n", kind="milestones")
    text(
        "station_of_unknown_line.csv",
        "id,linea,nombre,orden,lat,lon\nS1,L99,X,1,25.68,-100.31\n",
        kind="transit_stations",
    )
    gpd.GeoDataFrame(
        {"id": ["L9"], "nombre": ["Línea roja"], "modo": ["metro"], "estado": ["operating"], "color": ["rojo"]},
        geometry=gpd.GeoSeries.from_wkt([line_wkt]),
        crs="EPSG:4326",
    ).to_file(tmp / "line_colour_rojo.geojson", driver="GeoJSON")
    items.append(("line_colour_rojo.geojson", "transit_lines", tmp / "line_colour_rojo.geojson", {}))
    two = gpd.GeoDataFrame(
        {"CVEGEO": ["19039"], "NOMGEO": ["M"]},
        geometry=[Polygon([(-100.35, 25.65), (-100.3, 25.65), (-100.3, 25.7)])],
        crs="EPSG:4326",
    )
    two.to_file(tmp / "two_layers.gpkg", layer="municipios", driver="GPKG")
    two.to_file(tmp / "two_layers.gpkg", layer="otra_capa", driver="GPKG")
    items.append(("two_layers.gpkg", "municipalities", tmp / "two_layers.gpkg", {}))
    shp2 = tmp / "twoshp"
    shp2.mkdir()
    two.to_file(shp2 / "a.shp")
    two.to_file(shp2 / "b.shp")
    with zipfile.ZipFile(tmp / "two_shapefiles.zip", "w") as z:
        for p in shp2.iterdir():
            z.write(p, p.name)
    items.append(("two_shapefiles.zip", "municipalities", tmp / "two_shapefiles.zip", {}))
    return items


def _xlsx_with_formulas(path: pathlib.Path) -> None:
    """A spreadsheet whose count cells are formulas never calculated (no cached value), as openpyxl writes them."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["fecha", "lat", "lon", "lesionados", "fallecidos", "tipo_accidente"])
    ws.append(["15/03/2024", 25.68, -100.31, "=1+1", "=0*1", "Atropello"])
    wb.save(path)


#: The malformed corpus by case (each is a file name built by ``_corpus``): every one must be refused.
CORPUS = (
    "empty.csv",
    "binary.csv",
    "header_only.csv",
    "truncated_quote.csv",
    "wrong_delimiter.csv",
    "utf16_no_bom.csv",
    "missing_lat.csv",
    "missing_date.csv",
    "bad_date.csv",
    "future_date.csv",
    "ancient_date.csv",
    "bad_time.csv",
    "text_latitude.csv",
    "madrid.csv",
    "null_island.csv",
    "infinite_lon.csv",
    "negative_injured.csv",
    "fractional_killed.csv",
    "severity_conflict.csv",
    "unknown_severity.csv",
    "duplicate_rows.csv",
    "enormous_field.csv",
    "duplicate_columns.csv",
    "year_conflict.csv",
    "split_date_invalid.csv",
    "one_bad_among_good.csv",
    "damaged.xlsx",
    "not_json.geojson",
    "line_as_municipality.geojson",
    "polygon_in_spain.geojson",
    "bad_code.geojson",
    "no_name.geojson",
    "degenerate_polygon.geojson",
    "no_crs.gpkg",
    "no_shp.zip",
    "damaged.zip",
    "shapefile_without_prj.zip",
    "garbage.parquet",
    "events_sum_mismatch.csv",
    "events_disability_too_high.csv",
    "events_negative.csv",
    "events_duplicate_id.csv",
    "milestone_unknown_status.csv",
    "milestone_end_before_start.csv",
    "corridor_no_geometry.csv",
    "station_unknown_kind.csv",
    "unsupported.docx",
    "map_to_unknown_field.csv",
    "count_with_decimal_comma.csv",
    "budget_decimal_comma_in_comma_file.csv",
    "duplicate_headers_by_case.csv",
    "duplicate_headers.xlsx",
    "nul_in_field.csv",
    "control_character.csv",
    "formula_without_value.xlsx",
    "too_many_values.csv",
    "exponent_count.csv",
    "implausible_killed.csv",
    "comment_of_unknown_event.csv",
    "reply_before_comment.csv",
    "reply_date_without_text.csv",
    "comment_of_unknown_municipality.csv",
    "event_of_unknown_corridor.csv",
    "corridor_of_unknown_municipality.geojson",
    "corridor_works_end_before_start.geojson",
    "corridor_opening_before_works.geojson",
    "corridor_budget_1e308.geojson",
    "milestone_of_unknown_commitment.csv",
    "milestone_actual_end_before_start.csv",
    "milestone_history_backwards.csv",
    "milestone_javascript_url.csv",
    "milestone_data_url.csv",
    "station_of_unknown_line.csv",
    "line_colour_rojo.geojson",
    "two_layers.gpkg",
    "two_shapefiles.zip",
)
#: Cases whose refusal concerns the whole file (unreadable or of an unknown kind): no row or column to name.
WHOLE_FILE = {
    "empty.csv",
    "binary.csv",
    "utf16_no_bom.csv",
    "unsupported.docx",
    "damaged.xlsx",
    "not_json.geojson",
    "no_shp.zip",
    "damaged.zip",
    "garbage.parquet",
    "station_unknown_kind.csv",
    "two_layers.gpkg",
    "two_shapefiles.zip",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, pathlib.Path, dict[str, str]]]:
    """Every malformed file, built once: case -> (kind, path, column mapping)."""
    built = {case: (kind, path, mapping) for case, kind, path, mapping in _corpus(tmp_path_factory.mktemp("corpus"))}
    assert sorted(built) == sorted(CORPUS), "CORPUS lists exactly the files _corpus builds"
    return built


@pytest.mark.parametrize("case", CORPUS)
def test_malformed_file_is_refused_naming_file_and_row_or_column_and_the_database_is_unchanged(
    corpus: dict[str, tuple[str, pathlib.Path, dict[str, str]]], dbfile: pathlib.Path, case: str
) -> None:
    kind, path, mapping = corpus[case]
    before = state(dbfile)
    r = run_import(dbfile, kind, path, mapping=mapping, mix_with_sample=True)
    message = "\n".join(r.lines())
    assert not r.ok, f"accepted: {message}"
    assert path.name in message, "the message names the file"
    if case not in WHOLE_FILE:
        assert any(w in message for w in ("row ", "column", "columns")), f"names no row or column: {message}"
    assert state(dbfile) == before, "the database changed"
    spanish = r.error_es or " ".join(p["reason_es"] for p in r.problems)
    assert spanish and spanish != (r.error or " ".join(p["reason"] for p in r.problems)), (
        "no Spanish message for the admin page"
    )


def test_sigkill_during_an_import_leaves_the_previous_data_intact(dbfile: pathlib.Path, tmp_path: pathlib.Path) -> None:
    rows = "\n".join(f"15/03/2024,08:{i % 60:02d},{25.60 + i * 1e-5:.5f},-100.31,1,0,Alcance,x" for i in range(20_000))
    f = tmp_path / "big.csv"
    f.write_text(f"{HEADER}\n{rows}\n", encoding="utf-8")
    before = state(dbfile)
    env = {**os.environ, "NLMOBILITY_IMPORT_PAUSE": "60"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "nlmobility.cli", "import", "crashes", str(f), "--db", str(dbfile), "--mix-with-sample"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    work = dbfile.with_name(dbfile.name + ".import.tmp")
    deadline = time.time() + 60
    while not work.exists() and time.time() < deadline:
        time.sleep(0.2)
    assert work.exists(), "the import never started writing"
    time.sleep(3)  # rows inserted into the working copy, transaction open
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    assert state(dbfile) == before
    r = run_import(dbfile, "crashes", f, mix_with_sample=True)  # the next import cleans up and succeeds
    assert r.ok and r.inserted == 20_000
    assert not work.exists()


def test_import_reaches_open_readers_without_restart(dbfile: pathlib.Path, tmp_path: pathlib.Path) -> None:
    reader = db.Database(dbfile)
    v1 = reader.query_df("SELECT dataset_version FROM import_log ORDER BY import_id DESC LIMIT 1").iloc[0, 0]
    f = tmp_path / "one.csv"
    f.write_text(f"{HEADER}\n{GOOD}\n", encoding="utf-8")
    r = run_import(dbfile, "crashes", f, mix_with_sample=True)
    v2 = reader.query_df("SELECT dataset_version FROM import_log ORDER BY import_id DESC LIMIT 1").iloc[0, 0]
    reader.close()
    assert r.ok and v1 != v2 == r.dataset_version


def test_every_kind_accepts_a_well_formed_file(dbfile: pathlib.Path, tmp_path: pathlib.Path) -> None:
    files = {
        "participation_comments": 'id,evento,fecha,tema,texto\nCX-1,EV-001,2024-02-02,arbolado,"<script>alert(1)</script> más sombra"\n',
        "milestones": "id,compromiso,numero,titulo,responsable,inicio,fin,estado,desde\nMXMTY0005-H01,MXMTY0005,1,Diagnóstico,Secretaría,2023-01-01,2023-04-30,finalizado,2023-05-02\n",
        "transit_stations": "id,linea,nombre,orden,lat,lon\nL1-99,L1,Nueva,99,25.70,-100.33\n",
    }
    for kind, body in files.items():
        p = tmp_path / f"{kind}.csv"
        p.write_text(body, encoding="utf-8")
        r = run_import(dbfile, kind, p, mix_with_sample=True)
        assert r.ok and r.inserted == 1, (kind, r.lines())
    lines = gpd.GeoDataFrame(
        {"id": ["L9"], "nombre": ["Línea 9"], "modo": ["metro"], "estado": ["en_construccion"]},
        geometry=[LineString([(-100.3, 25.7), (-100.2, 25.75)])],
        crs="EPSG:4326",
    )
    lines.to_file(tmp_path / "lines.geojson", driver="GeoJSON")
    assert run_import(dbfile, "transit-lines", tmp_path / "lines.geojson", mix_with_sample=True).ok
    cor = gpd.GeoDataFrame(
        {
            "id": ["CV-NEW"],
            "nombre": ["Nuevo"],
            "cvegeo": ["19039"],
            "estado": ["en obra"],
            "inicio_obra": ["2025-01-10"],
        },
        geometry=[LineString([(-100.32, 25.70), (-100.31, 25.70)])],
        crs="EPSG:4326",
    )
    cor.to_file(tmp_path / "cor.geojson", driver="GeoJSON")
    r = run_import(dbfile, "corridors", tmp_path / "cor.geojson", mix_with_sample=True)
    assert r.ok, r.lines()
    con = db.connect(dbfile)
    try:
        assert con.execute("SELECT status, round(length_m) FROM corridor WHERE corridor_id = 'CV-NEW'").fetchone() == (
            "in_works",
            1004.0,
        )
        assert con.execute("SELECT status FROM milestone WHERE milestone_id = 'MXMTY0005-H01'").fetchone() == (
            "finished",
        )
        assert (
            con.execute("SELECT text FROM participation_comment WHERE comment_id = 'CX-1'")
            .fetchone()[0]
            .startswith("<script>")
        )
    finally:
        con.close()


def test_points_given_as_geometry(dbfile: pathlib.Path, tmp_path: pathlib.Path) -> None:
    g = gpd.GeoDataFrame(
        {"fecha": ["2024-01-05"], "lesionados": ["1"]}, geometry=[Point(-100.31, 25.68)], crs="EPSG:4326"
    )
    g.to_file(tmp_path / "pts.geojson", driver="GeoJSON")
    r = run_import(dbfile, "crashes", tmp_path / "pts.geojson", mix_with_sample=True)
    assert r.ok and r.inserted == 1, r.lines()


def test_report_is_json_downloadable(dbfile: pathlib.Path, tmp_path: pathlib.Path) -> None:
    path = tmp_path / "dos_malas.csv"
    path.write_text(f"{HEADER}\n{GOOD}\n32/13/2024,08:30,25.68,-100.31,1,0,Atropello,x\n", encoding="utf-8")
    rep = run_import(dbfile, "crashes", path, mix_with_sample=True)
    back = json.loads(rep.to_json())
    assert back["ok"] is False and back["file"] == "dos_malas.csv" and back["rows_read"] == 2
    assert back["problems"] == [
        {
            "row": 3,
            "column": "fecha",
            "code": "type",
            "reason": rep.problems[0]["reason"],
            "reason_es": rep.problems[0]["reason_es"],
        }
    ]
    assert "32/13/2024" in back["problems"][0]["reason"] and "no es una fecha" in back["problems"][0]["reason_es"]
    assert back["rejected_by_reason"] == {"type": 1}
    assert back["detected"]["format"] == "csv" and back["detected"]["delimiter"] == ","


def test_progress_reports_every_stage_in_order(dbfile: pathlib.Path, tmp_path: pathlib.Path) -> None:
    from nlmobility import text
    from nlmobility.ingest import load

    f = tmp_path / "one.csv"
    f.write_text(f"{HEADER}\n{GOOD}\n", encoding="utf-8")
    seen: list[tuple[float, str]] = []
    r = run_import(dbfile, "crashes", f, progress=lambda frac, stage: seen.append((frac, stage)), mix_with_sample=True)
    assert r.ok
    assert [s for _, s in seen] == list(load.STAGES)
    fractions = [fr for fr, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert all(f"stage_{s}" in text.TEXT for s in load.STAGES), "the admin page shows every stage in both languages"
    refused: list[str] = []
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{HEADER}\n32/13/2024,08:30,25.68,-100.31,1,0,Atropello,x\n", encoding="utf-8")
    assert not run_import(
        dbfile, "crashes", bad, progress=lambda _f, stage: refused.append(stage), mix_with_sample=True
    ).ok
    assert refused == ["read", "check"], "a refused file stops before touching the database"


def test_refusals_and_row_reasons_come_in_spanish_too(dbfile: pathlib.Path, tmp_path: pathlib.Path) -> None:
    f = tmp_path / "fechas.csv"
    f.write_text(f"{HEADER}\n32/13/2024,08:30,25.68,-100.31,1,0,Atropello,x\n{GOOD}\n{GOOD}\n", encoding="utf-8")
    r = run_import(dbfile, "crashes", f, mix_with_sample=True)
    reasons = {p["row"]: (p["reason"], p["reason_es"]) for p in r.problems}
    assert reasons[2] == (
        "not a date: '32/13/2024' (use dd/mm/aaaa or aaaa-mm-dd)",
        "no es una fecha: '32/13/2024' (use dd/mm/aaaa o aaaa-mm-dd)",
    )
    assert reasons[4][1].startswith("repite la fila 3 (")
    junta = run_import(dbfile, "participation_events", realdata("junta_vecinal_2020.csv"), mix_with_sample=True)
    assert junta.error_es.startswith(
        "junta_vecinal_2020.csv: faltan columnas obligatorias para participation_events: event_id"
    )
    assert junta.error.startswith("junta_vecinal_2020.csv: missing required columns"), (
        "the command line stays as it was"
    )


@pytest.mark.parametrize(
    ("hora", "stored"),
    [
        pytest.param("9", "09:00:00", id="bare-hour"),
        pytest.param("0.8125", "19:30:00", id="spreadsheet-day-fraction"),
        pytest.param("7:05 p.m.", "19:05:00", id="pm-suffix"),
        pytest.param("mediodía", None, id="word"),
        pytest.param("08:30:00 CST", None, id="zone-name"),
        pytest.param("2024-03-01T08:30:00-06:00", None, id="iso-with-offset"),
        pytest.param("24:00", None, id="hour-24"),
        pytest.param("13:30 pm", None, id="pm-above-12"),
    ],
)
def test_unusual_times_are_accepted_or_refused_by_row_and_column_never_raised(
    dbfile: pathlib.Path, tmp_path: pathlib.Path, hora: str, stored: str | None
) -> None:
    path = tmp_path / "horas.csv"
    path.write_text(f"{HEADER}\n15/03/2024,{hora},25.6866,-100.3161,1,0,Atropello,x\n", encoding="utf-8")
    r = run_import(dbfile, "crashes", path, mix_with_sample=True)
    if stored is None:
        assert not r.ok
        assert [(p["row"], p["column"], p["code"]) for p in r.problems] == [(2, "hora", "type")]
        assert r.rejected_by_reason == {"type": 1}
        assert hora in r.problems[0]["reason"]
        assert "horas.csv: row 2, column 'hora'" in "\n".join(r.lines())
    else:
        assert r.ok, r.lines()
        con = db.connect(dbfile)
        try:
            got = con.execute(
                "SELECT strftime(occurred_at, '%H:%M:%S') FROM crash WHERE source = 'horas.csv'"
            ).fetchall()
        finally:
            con.close()
        assert got == [(stored,)]


# --- issue 8: what was accepted and stored wrong is now stored exactly ----------------------------


def test_latin1_spanish_text_is_read_as_latin1_not_central_european(
    dbfile: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    path = tmp_path / "comentarios_latin1.csv"
    body = "comment_id,cvegeo,comment_date,topic,text\nCL1,19039,2024-01-10,año nuevo,Peña y Niño piden más sombra ¿cuándo?\n"
    path.write_bytes(body.encode("latin-1"))
    r = run_import(dbfile, "participation_comments", path, mix_with_sample=True)
    assert r.ok, r.lines()
    assert r.detected["encoding"] in ("cp1252", "latin-1")
    con = db.connect(dbfile)
    try:
        got = con.execute("SELECT topic, text FROM participation_comment WHERE comment_id = 'CL1'").fetchone()
    finally:
        con.close()
    assert got == ("año nuevo", "Peña y Niño piden más sombra ¿cuándo?")


def test_real_latin1_files_decode_spanish_letters() -> None:
    from nlmobility.ingest import read

    crashes = read.read_any(realdata("hechosviales_lite.csv"))
    assert "año" in crashes.frame.columns and crashes.encoding in ("cp1252", "latin-1")
    assert "Sábado" in set(crashes.frame["dia_semana"])
    places = read.read_any(realdata("hin_new_comp.csv"))
    assert "tamaño" in places.frame.columns


def test_trailing_delimiter_keeps_every_value_in_its_column(dbfile: pathlib.Path, tmp_path: pathlib.Path) -> None:
    path = tmp_path / "con_coma_final.csv"
    path.write_text(
        "comment_id,cvegeo,comment_date,topic,text,reply_text,reply_date,replied_by\n"
        "CT1,19039,2024-01-10,banquetas,Texto del comentario,Respuesta oficial,2024-01-20,Secretaría,\n",
        encoding="utf-8",
    )
    r = run_import(dbfile, "participation_comments", path, mix_with_sample=True)
    assert r.ok, r.lines()
    assert any("trailing delimiter" in n for n in r.notes)
    con = db.connect(dbfile)
    try:
        got = con.execute(
            "SELECT cvegeo, topic, text, reply_text, replied_by FROM participation_comment WHERE comment_id = 'CT1'"
        ).fetchone()
    finally:
        con.close()
    assert got == ("19039", "banquetas", "Texto del comentario", "Respuesta oficial", "Secretaría")


def test_classic_mac_line_endings_are_read(dbfile: pathlib.Path, tmp_path: pathlib.Path) -> None:
    path = tmp_path / "mac.csv"
    path.write_bytes(f"{HEADER}\r{GOOD}\r".encode())
    r = run_import(dbfile, "crashes", path, dry_run=True, mix_with_sample=True)
    assert r.ok and r.rows_read == 1 and r.inserted == 1, r.lines()


def test_row_numbers_are_file_line_numbers(dbfile: pathlib.Path, tmp_path: pathlib.Path) -> None:
    path = tmp_path / "con_blancos.csv"
    path.write_text(f"{HEADER}\n\n{GOOD}\n\n32/13/2024,08:30,25.68,-100.31,1,0,Atropello,x\n", encoding="utf-8")
    r = run_import(dbfile, "crashes", path, mix_with_sample=True)
    assert [(p["row"], p["column"]) for p in r.problems] == [(5, "fecha")]


def test_decimal_commas_where_the_file_writes_them(dbfile: pathlib.Path, tmp_path: pathlib.Path) -> None:
    from nlmobility.ingest.validate import parse_float, parse_int

    assert parse_float("1,234.5") == 1234.5 and parse_float("25,67", decimal_comma=True) == 25.67
    assert parse_float("25,6866", decimal_comma=None) == 25.6866
    for ambiguous, convention in (("25,67", False), ("1,234", None), ("1,5,6", True)):
        with pytest.raises(ValueError, match=r"ambiguous|not a number"):
            parse_float(ambiguous, decimal_comma=convention)
    assert parse_int("1,234") == 1234 and parse_int("3.0") == 3
    for bad in ("1,5", "1e3", "2.5", "-1"):
        with pytest.raises(ValueError):
            parse_int(bad)
    line = "LINESTRING (-100.35 25.65, -100.30 25.70)"
    path = tmp_path / "corredor_punto_y_coma.geojson"
    gpd.GeoDataFrame(
        {"id": ["CDEC"], "nombre": ["X"], "cvegeo": ["19039"], "estado": ["planned"], "presupuesto": ["1,234,567.5"]},
        geometry=gpd.GeoSeries.from_wkt([line]),
        crs="EPSG:4326",
    ).to_file(path, driver="GeoJSON")
    assert run_import(dbfile, "corridors", path, mix_with_sample=True).ok
    semi = tmp_path / "eventos.csv"
    semi.write_text(
        "id;fecha;tipo;cvegeo;participantes;lat;lon\nE9;2024-01-10;taller;19039;20;25,6866;-100,3161\n",
        encoding="utf-8",
    )
    r = run_import(dbfile, "participation_events", semi, mix_with_sample=True)
    assert r.ok and any("decimal commas" in n for n in r.notes), r.lines()
    con = db.connect(dbfile)
    try:
        budget = con.execute("SELECT budget_mxn FROM corridor WHERE corridor_id = 'CDEC'").fetchone()[0]
        lat = con.execute("SELECT ST_Y(geom) FROM participation_event WHERE event_id = 'E9'").fetchone()[0]
    finally:
        con.close()
    assert budget == 1234567.5 and lat == pytest.approx(25.6866)


def test_a_layer_of_a_multi_layer_file_can_be_chosen(dbfile: pathlib.Path, tmp_path: pathlib.Path) -> None:
    poly = Polygon([(-100.35, 25.65), (-100.3, 25.65), (-100.3, 25.7)])
    path = tmp_path / "capas.gpkg"
    gpd.GeoDataFrame({"CVEGEO": ["19039"], "NOMGEO": ["Monterrey"]}, geometry=[poly], crs="EPSG:4326").to_file(
        path, layer="municipios"
    )
    gpd.GeoDataFrame({"x": [1]}, geometry=[poly], crs="EPSG:4326").to_file(path, layer="otra")
    refused = run_import(dbfile, "municipalities", path, mix_with_sample=True)
    assert not refused.ok and "municipios" in refused.error and "otra" in refused.error and "--layer" in refused.error
    assert "capa" in (refused.error_es or "")
    chosen = run_import(dbfile, "municipalities", path, layer="municipios", dry_run=True, mix_with_sample=True)
    assert chosen.ok and chosen.detected["layer"] == "municipios", chosen.lines()
    wrong = run_import(dbfile, "municipalities", path, layer="no_hay", mix_with_sample=True)
    assert not wrong.ok and "no_hay" in wrong.error


def test_a_database_refusal_names_the_row_and_column() -> None:
    from nlmobility.ingest import api, kinds
    from nlmobility.ingest.validate import Checked

    checked = Checked(rows=[{"severity": "fatal"}, {"severity": None}], row_numbers=[2, 7])
    said = api.explain_database_error(
        RuntimeError("Constraint Error: NOT NULL constraint failed: crash.severity"), kinds.KINDS["crashes"], checked
    )
    assert said == "row 7, column 'severity': a value is required" and "fila 7" in said.es
    dup = api.explain_database_error(
        RuntimeError('Duplicate key "corridor_id: C1" violates primary key'),
        kinds.KINDS["corridors"],
        Checked(rows=[{"corridor_id": "C1"}], row_numbers=[3]),
    )
    assert dup.startswith("row 3, column 'corridor_id'")


def test_crashes_without_counts_or_time_keep_them_unknown(dbfile: pathlib.Path, tmp_path: pathlib.Path) -> None:
    """No injured/killed counts is severity "unknown" (never "damage only"); no time keeps the date, time unknown."""
    path = tmp_path / "sin_conteos.csv"
    path.write_text(
        "fecha,hora,lat,lon,lesionados,fallecidos,tipo_accidente\n"
        "15/03/2024,,25.68,-100.31,,,Atropello\n"
        "16/03/2024,S/D,25.69,-100.31,0,,Alcance\n"
        "17/03/2024,1899-12-30 07:30:00,25.70,-100.31,0,0,Alcance\n"
        "18/03/2024,1902-11-03 00:00:00,25.71,-100.31,2,,Choque con ciclista\n",
        encoding="utf-8",
    )
    r = run_import(dbfile, "crashes", path, mix_with_sample=True)
    assert r.ok, r.lines()
    assert any("3 rows have no time of day" in n for n in r.notes) and any(
        "2 rows have unknown severity" in n for n in r.notes
    )
    con = db.connect(dbfile)
    try:
        rows = con.execute(
            "SELECT strftime(occurred_at, '%d %H:%M'), time_known, severity, killed, injured, pedestrian, cyclist "
            "FROM crash WHERE source = 'sin_conteos.csv' ORDER BY occurred_at"
        ).fetchall()
    finally:
        con.close()
    assert rows == [
        ("15 00:00", False, "unknown", None, None, True, False),
        ("16 00:00", False, "unknown", None, 0, False, False),
        ("17 07:30", True, "damage", 0, 0, False, False),
        ("18 00:00", False, "injury", None, 2, False, True),
    ]


def test_a_file_without_count_columns_imports_with_unknown_severity(
    dbfile: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    path = tmp_path / "solo_fechas.csv"
    path.write_text("fecha,lat,lon\n15/03/2024,25.68,-100.31\n", encoding="utf-8")
    r = run_import(dbfile, "crashes", path, mix_with_sample=True)
    assert r.ok and r.inserted == 1 and any("unknown severity" in n for n in r.notes), r.lines()


def test_state_portal_crash_records_import(dbfile: pathlib.Path) -> None:
    """Apodaca's file from the state portal: one "lat, lon" column, quarters in Mes, weekdays in Dia, no counts."""
    r = run_import(
        dbfile,
        "crashes",
        realdata("indices-de-estadisticas-de-accidentes-viales-apodaca.csv"),
        partial=True,
        mix_with_sample=True,
    )
    assert r.ok, r.lines()[:5]
    assert r.accepted >= 7_550, r.lines()[:20]
    assert any("Mes, Dia not read" in n for n in r.notes), r.notes
    assert any(f"{r.accepted} rows have unknown severity" in n for n in r.notes), r.notes
    # Only rows alike in every column but the folio are duplicates (2); rows that share date, time and place but
    # differ in resolution or origin are kept: nothing in the file says they are one crash.
    assert r.rejected_by_reason.get("duplicate", 0) == 2 and r.rejected_by_reason.get("geometry", 0) == 1
    con = db.connect(dbfile)
    try:
        span, sev, untimed, ped = con.execute(
            "SELECT [min(occurred_at)::DATE, max(occurred_at)::DATE], list(DISTINCT severity), count(*) FILTER (WHERE NOT time_known), "
            "count(*) FILTER (WHERE pedestrian) FROM crash WHERE source LIKE 'indices-de-estadisticas%'"
        ).fetchone()
    finally:
        con.close()
    assert [d.isoformat()[:7] for d in span] == ["2021-01", "2023-03"]
    assert sev == ["unknown"]
    assert 20 <= untimed <= 40, "spreadsheet zero times, S/D and empty times are unknown, not midnight"
    assert ped > 100, "pedestrian involvement still comes from the crash type"


def test_the_report_says_how_each_crash_got_its_municipality(dbfile: pathlib.Path, tmp_path: pathlib.Path) -> None:
    path = tmp_path / "municipios.csv"
    path.write_text(
        "fecha,lat,lon,lesionados,fallecidos,cvegeo\n"
        "15/03/2024,25.6866,-100.3161,1,0,19019\n"  # downtown Monterrey, but the file says San Pedro: kept
        "16/03/2024,25.6866,-100.3161,1,0,\n"  # from the boundaries
        "17/03/2024,26.9,-99.9,1,0,\n",  # in Nuevo León, outside the metro boundaries of the sample
        encoding="utf-8",
    )
    r = run_import(dbfile, "crashes", path, mix_with_sample=True)
    assert r.ok, r.lines()
    assert any(
        "1 given in the file, 1 from the municipal boundaries, 1 outside every imported boundary" in n for n in r.notes
    ), r.notes
    assert any("1 dados en el archivo" in n for n in r.notes_es)
    con = db.connect(dbfile)
    try:
        got = con.execute("SELECT cvegeo FROM crash WHERE source = 'municipios.csv' ORDER BY occurred_at").fetchall()
    finally:
        con.close()
    assert got == [("19019",), ("19039",), (None,)]
    unknown = tmp_path / "municipio_inexistente.csv"
    unknown.write_text(
        "fecha,lat,lon,lesionados,fallecidos,cvegeo\n15/03/2024,25.6866,-100.3161,1,0,19999\n", encoding="utf-8"
    )
    refused = run_import(dbfile, "crashes", unknown, mix_with_sample=True)
    assert [(p["row"], p["column"], p["code"]) for p in refused.problems] == [(2, "cvegeo", "reference")]


def test_crash_imports_record_what_they_cover(dbfile: pathlib.Path, tmp_path: pathlib.Path) -> None:
    rows = "\n".join(f"{d:02d}/03/2024,08:30,25.6866,-100.3161,1,0,Alcance,x" for d in range(1, 21))
    path = tmp_path / "marzo.csv"
    path.write_text(f"{HEADER}\n{rows}\n15/04/2024,08:30,25.6466,-100.3561,1,0,Alcance,x\n", encoding="utf-8")
    r = run_import(dbfile, "crashes", path, mix_with_sample=True)
    assert r.ok and any("coverage recorded: 1 municipalities, 2024-03-01 to 2024-04-15" in n for n in r.notes), r.notes
    semester = tmp_path / "semestre.csv"
    semester.write_text(f"{HEADER}\n10/05/2024,08:30,25.6866,-100.3161,1,0,Alcance,x\n", encoding="utf-8")
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "nlmobility.cli",
            "import",
            "crashes",
            str(semester),
            "--db",
            str(dbfile),
            "--mix-with-sample",
            "--period",
            "2024-01-01:2024-06-30",
        ],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    con = db.connect(dbfile)
    try:
        got = con.execute(
            "SELECT source, cvegeo, date_from, date_to FROM crash_coverage WHERE source <> 'muestra' ORDER BY 1"
        ).fetchall()
    finally:
        con.close()
    assert got == [
        (
            "marzo.csv",
            "19039",
            dt.date(2024, 3, 1),
            dt.date(2024, 4, 15),
        ),  # from its dates; the one April row elsewhere is < 5 %
        ("semestre.csv", "19039", dt.date(2024, 1, 1), dt.date(2024, 6, 30)),  # as given with --period
    ]
