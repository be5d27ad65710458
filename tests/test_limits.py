"""Import limits, display geometry, empty parts and text GDAL would change (issue 28, items 2, 3, 4 and 8).

A compression bomb is refused from the file's metadata before a row is materialised, naming the file, the
limit (and its setting) and the value; a corridor of 200,000 vertices is stored exactly but drawn from a
light copy; an empty part is removed with a note and never reaches an export; NUL and lone surrogates in a
GeoJSON string are refused, not cut or replaced.
"""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import subprocess
import sys
from typing import Any

import geopandas as gpd
import numpy as np
import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pydeck as pdk
import pytest
import shapely

from nlmobility import db, export, geo, oc4ids, precomputed, queries, staticmap, upgrade
from nlmobility.ingest import api, read
from nlmobility.ui import maps

ROOT = pathlib.Path(__file__).resolve().parent.parent
SETTINGS = (
    "NLMOBILITY_IMPORT_MAX_BYTES",
    "NLMOBILITY_IMPORT_MAX_ROWS",
    "NLMOBILITY_IMPORT_MAX_VERTICES",
    "NLMOBILITY_IMPORT_MAX_FILE_VERTICES",
)


def _refusal(path: pathlib.Path) -> str:
    with pytest.raises(read.ImportRefused) as exc:
        read.read_any(path)
    return str(exc.value)


def _parquet_bomb(path: pathlib.Path, rows: int) -> None:
    """Crash rows all alike (one point, one date): dictionary and run-length encoding make them tiny."""
    wkb = shapely.to_wkb(shapely.Point(-100.31, 25.67))
    table = pa.table(
        {
            "fecha": pa.array(["2023-05-01"] * rows).dictionary_encode(),
            "lesionados": pa.array([1] * rows, pa.int32()),
            "geometry": pa.array([wkb] * rows, pa.binary()).dictionary_encode(),
        }
    )
    geo_meta = {"version": "1.0.0", "primary_column": "geometry", "columns": {"geometry": {"encoding": "WKB"}}}
    pq.write_table(table.replace_schema_metadata({b"geo": json.dumps(geo_meta).encode()}), path, compression="zstd")


def _feature_collection(*features: dict[str, Any]) -> str:
    return json.dumps({"type": "FeatureCollection", "features": list(features)})


def _corridor(cid: str, geometry: dict[str, Any], **props: Any) -> dict[str, Any]:
    base = {"corridor_id": cid, "nombre": f"Corredor {cid}", "cvegeo": "19039", "estatus": "planned"}
    return {"type": "Feature", "properties": {**base, **props}, "geometry": geometry}


# --- limits ---------------------------------------------------------------------------------------


def test_a_parquet_bomb_is_refused_from_its_footer_naming_file_limit_and_value(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bomb = tmp_path / "bomba.parquet"
    _parquet_bomb(bomb, 200_000)
    assert bomb.stat().st_size < 20_000  # a small file...
    monkeypatch.setattr(read, "MAX_ROWS", 50_000)

    def never(*_a: object, **_k: object) -> None:
        raise AssertionError("the rows were materialised before the refusal")

    monkeypatch.setattr(gpd, "read_parquet", never)
    said = _refusal(bomb)
    assert "bomba.parquet" in said and "200,000" in said and "50,000" in said and "NLMOBILITY_IMPORT_MAX_ROWS" in said


def test_the_cli_refuses_the_bomb_through_the_setting(tmp_path: pathlib.Path) -> None:
    from nlmobility import initdb

    bomb = tmp_path / "bomba.parquet"
    _parquet_bomb(bomb, 30_000)
    dbp = initdb.init(tmp_path / "vacia.duckdb")
    r = subprocess.run(
        [sys.executable, "-m", "nlmobility.cli", "import", "crashes", str(bomb), "--db", str(dbp), "--dry-run"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        env={**os.environ, "NLMOBILITY_IMPORT_MAX_ROWS": "10_000"},
    )
    out = r.stdout + r.stderr
    assert r.returncode != 0 and "Traceback" not in out
    assert "bomba.parquet" in out and "30,000" in out and "10,000" in out and "NLMOBILITY_IMPORT_MAX_ROWS" in out


def test_the_administration_upload_path_gets_the_same_refusal(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nlmobility import initdb

    bomb = tmp_path / "bomba.parquet"
    _parquet_bomb(bomb, 30_000)
    dbp = initdb.init(tmp_path / "vacia.duckdb")
    monkeypatch.setattr(read, "MAX_ROWS", 10_000)
    report = api.run_import(dbp, "crashes", bomb, dry_run=True)
    assert report.error and "30,000" in report.error and "NLMOBILITY_IMPORT_MAX_ROWS" in report.error
    said_es = report.error_es or ""
    assert "10,000" in said_es and "filas" in said_es


def test_an_xlsx_is_refused_from_its_streamed_sheet_before_it_is_parsed(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "largo.xlsx"
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("datos")
    ws.append(["fecha", "lesionados"])
    for i in range(3_000):
        ws.append(["2023-05-01", i])
    wb.save(path)
    monkeypatch.setattr(read, "MAX_ROWS", 1_000)

    def never(*_a: object, **_k: object) -> None:
        raise AssertionError("the sheet was parsed before the refusal")

    monkeypatch.setattr(pd, "read_excel", never)
    said = _refusal(path)
    assert "largo.xlsx" in said and "too many rows" in said and "1,000" in said and "NLMOBILITY_IMPORT_MAX_ROWS" in said
    monkeypatch.setattr(read, "MAX_ROWS", 100_000)
    monkeypatch.setattr(read, "MAX_UNCOMPRESSED_BYTES", 10_000)
    said = _refusal(path)
    assert "largo.xlsx" in said and "10,000" in said and "NLMOBILITY_IMPORT_MAX_BYTES" in said


def test_a_csv_is_refused_at_the_row_past_the_limit(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "filas.csv"
    path.write_text("fecha,lesionados\n" + "".join(f"2023-05-01,{i}\n" for i in range(50)), encoding="utf-8")
    monkeypatch.setattr(read, "MAX_ROWS", 20)
    said = _refusal(path)
    assert "filas.csv" in said and "21" in said and "limit is 20" in said


def test_geojson_features_are_counted_before_gdal_reads_them(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "muchos.geojson"
    point = {"type": "Point", "coordinates": [-100.3, 25.7]}
    path.write_text(_feature_collection(*[_corridor(str(i), point) for i in range(30)]), encoding="utf-8")
    monkeypatch.setattr(read, "MAX_ROWS", 10)
    said = _refusal(path)
    assert "muchos.geojson" in said and "30" in said and "limit is 10" in said


def test_five_million_vertices_in_one_geometry_are_refused_by_default() -> None:
    absurd = shapely.linestrings(np.column_stack([np.linspace(-100.4, -100.2, 5_000_000), np.full(5_000_000, 25.7)]))
    with pytest.raises(read.ImportRefused) as exc:
        read._check_vertices("enorme.geojson", np.array([absurd]))
    said = str(exc.value)
    assert "enorme.geojson" in said and "row 1" in said and "5,000,000" in said
    assert f"{read.MAX_VERTICES:,}" in said and "NLMOBILITY_IMPORT_MAX_VERTICES" in said


def test_vertices_per_geometry_and_per_file_are_limited_when_read(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "lineas.geojson"
    line = {"type": "LineString", "coordinates": [[-100.3 + i * 1e-5, 25.7] for i in range(500)]}
    path.write_text(_feature_collection(_corridor("A", line), _corridor("B", line)), encoding="utf-8")
    monkeypatch.setattr(read, "MAX_VERTICES", 400)
    said = _refusal(path)
    assert "lineas.geojson" in said and "row 1" in said and "500" in said and "limit is 400" in said
    monkeypatch.setattr(read, "MAX_VERTICES", 1_000)
    monkeypatch.setattr(read, "MAX_FILE_VERTICES", 800)
    said = _refusal(path)
    assert "1,000" in said and "limit is 800" in said and "NLMOBILITY_IMPORT_MAX_FILE_VERTICES" in said


def test_settings_are_read_from_the_environment_and_a_typo_keeps_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    from nlmobility import settings

    monkeypatch.setenv("NLMOBILITY_IMPORT_MAX_ROWS", "1_000_000")
    assert settings.whole("NLMOBILITY_IMPORT_MAX_ROWS") == 1_000_000
    for bad in ("mucho", "-3", "0"):
        monkeypatch.setenv("NLMOBILITY_IMPORT_MAX_ROWS", bad)
        assert settings.whole("NLMOBILITY_IMPORT_MAX_ROWS") == 500_000


def test_the_readme_documents_every_import_limit() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for setting in SETTINGS:
        assert f"`{setting}`" in readme, setting


# --- finding 8: strings GDAL would change -------------------------------------------------------------


@pytest.mark.parametrize(
    ("escaped", "shown", "why"),
    [
        ("abc\\u0000def", "'abc\\x00def'", "NUL"),
        ("abc\\ud800def", "'abc\\ud800def'", "surrogate"),
        ("\\udc00abc", "'\\udc00abc'", "surrogate"),
    ],
)
def test_nul_and_lone_surrogates_in_geojson_strings_are_refused_naming_feature_column_and_value(
    tmp_path: pathlib.Path, escaped: str, shown: str, why: str
) -> None:
    path = tmp_path / "texto.geojson"
    line = '{"type": "LineString", "coordinates": [[-100.3, 25.7], [-100.29, 25.71]]}'
    ok = '{"type": "Feature", "properties": {"nombre": "bien"}, "geometry": ' + line + "}"
    bad = '{"type": "Feature", "properties": {"nombre": "' + escaped + '"}, "geometry": ' + line + "}"
    path.write_text('{"type": "FeatureCollection", "features": [' + ok + ", " + bad + "]}", encoding="utf-8")
    said = _refusal(path)
    assert "texto.geojson" in said and "feature 2" in said and "'nombre'" in said and shown in said and why in said


def test_a_correctly_paired_surrogate_is_text(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "emoji.geojson"
    line = '{"type": "LineString", "coordinates": [[-100.3, 25.7], [-100.29, 25.71]]}'
    path.write_text(
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"nombre": "a\\ud83d\\ude00b"}, '
        '"geometry": ' + line + "}]}",
        encoding="utf-8",
    )
    assert read.read_any(path).frame["nombre"].tolist() == ["a\U0001f600b"]


def test_nul_in_a_parquet_string_is_refused_naming_row_and_column(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "nul.parquet"
    gdf = gpd.GeoDataFrame(
        {"nombre": ["bien", "abc\x00def"]}, geometry=[shapely.Point(-100.3, 25.7)] * 2, crs="EPSG:4326"
    )
    gdf.to_parquet(path)
    said = _refusal(path)
    assert "nul.parquet" in said and "row 2" in said and "'nombre'" in said and "'abc\\x00def'" in said


# --- findings 3 and 4: corridors in a copy of the fixture ---------------------------------------------------


@pytest.fixture()
def corridor_db(fixture_db: pathlib.Path, tmp_path: pathlib.Path) -> pathlib.Path:
    p = tmp_path / "corredores.duckdb"
    shutil.copy(fixture_db, p)
    return p


def _import_corridors(dbp: pathlib.Path, path: pathlib.Path, *features: dict[str, Any]) -> api.Report:
    path.write_text(_feature_collection(*features), encoding="utf-8")
    report = api.run_import(dbp, "corridors", path, mix_with_sample=True)
    assert report.error is None and not report.problems, (report.error, report.problems[:3])
    return report


def _utm(geojson: str) -> shapely.Geometry:
    """A GeoJSON geometry in UTM 14N metres (distances are compared in the metric CRS)."""
    return shapely.transform(shapely.from_geojson(geojson), lambda xy: np.column_stack(geo.to_utm(xy[:, 0], xy[:, 1])))


N_DETAILED = 200_000


@pytest.fixture(scope="module")
def detailed_db(fixture_db: pathlib.Path, tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    """A copy of the fixture with corridor DETALLE: 200,000 vertices, bends of every size down to metres."""
    tmp = tmp_path_factory.mktemp("detallado")
    p = tmp / "detallado.duckdb"
    shutil.copy(fixture_db, p)
    t = np.linspace(0.0, 1.0, N_DETAILED)
    lon = -100.35 + 0.08 * t
    lat = 25.68 + 0.002 * np.sin(t * 400) + 0.00002 * np.sin(t * 40_000)
    big = {"type": "LineString", "coordinates": np.round(np.column_stack([lon, lat]), 9).tolist()}
    _import_corridors(p, tmp / "detallado.geojson", _corridor("DETALLE", big))
    return p


def test_a_200000_vertex_corridor_is_stored_exactly_and_drawn_light(detailed_db: pathlib.Path) -> None:
    n, corridor_db = N_DETAILED, detailed_db
    con = db.connect(corridor_db)
    try:
        cur = con.cursor()
        assert db.scalar(con, "SELECT ST_NPoints(geom) FROM corridor WHERE corridor_id = 'DETALLE'") == n
        exact = queries.corridor_geometry(cur, corridor_id="DETALLE")["geojson"].iloc[0]
        assert len(exact) > 5_000_000  # what every map page sent before (issue 28, item 3)
        shown = queries.corridors(cur, corridor_id="DETALLE")
        drawn = shown["geojson"].iloc[0]
        assert len(drawn) <= 200_000, len(drawn)
        assert _utm(drawn).hausdorff_distance(_utm(exact)) < 50.0  # metres: the same line at city zoom
        everything = queries.corridors(cur)
        assert set(everything["corridor_id"]) == set(
            con.execute("SELECT corridor_id FROM corridor_display").df()["corridor_id"]
        )
        layers = [maps.corridor_layer(everything, {}), maps.corridor_casing_layer(everything)]
        payload = pdk.Deck(layers=layers, map_style=None).to_json()
        assert len(payload.encode()) <= 1_000_000, len(payload)
        package = oc4ids.package(cur)
        published = next(p for p in package["projects"] if p["id"].endswith("DETALLE"))
        assert len(published["locations"][0]["geometry"]["coordinates"]) == n  # exports keep the exact line
    finally:
        con.close()


def test_the_display_budget_holds_for_many_detailed_corridors(
    corridor_db: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    feats = []
    for k in range(12):
        t = np.linspace(0.0, 1.0, 20_000)
        lon = -100.40 + 0.05 * t
        lat = 25.60 + 0.01 * k + 0.001 * np.sin(t * 300 + k)
        feats.append(
            _corridor(f"D{k:02d}", {"type": "LineString", "coordinates": np.column_stack([lon, lat]).tolist()})
        )
    _import_corridors(corridor_db, tmp_path / "doce.geojson", *feats)
    con = db.connect(corridor_db)
    try:
        worst, total = con.execute("SELECT max(vertices), sum(vertices) FROM corridor_display").fetchone() or (0, 0)
        assert worst <= precomputed.DISPLAY_MAX_VERTICES and total <= precomputed.DISPLAY_BUDGET_VERTICES
        everything = queries.corridors(con.cursor())
        layers = [maps.corridor_layer(everything, {}), maps.corridor_casing_layer(everything)]
        assert len(pdk.Deck(layers=layers, map_style=None).to_json().encode()) <= 1_000_000
    finally:
        con.close()


def test_an_empty_part_is_removed_with_a_note_and_never_reaches_a_map_a_sheet_or_an_export(
    corridor_db: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    multi = {"type": "MultiLineString", "coordinates": [[[-100.30, 25.70], [-100.29, 25.71]], []]}
    report = _import_corridors(corridor_db, tmp_path / "vacia.geojson", _corridor("PARTE", multi))
    assert any("empty parts" in n for n in report.notes), report.notes
    assert any("partes vacías" in n for n in report.notes_es)
    con = db.connect(corridor_db)
    try:
        wkt = db.scalar(con, "SELECT ST_AsText(geom) FROM corridor WHERE corridor_id = 'PARTE'")
        assert "EMPTY" not in wkt
        row = queries.corridors(con.cursor(), corridor_id="PARTE").iloc[0]
        assert staticmap.corridor_png(row["geojson"], row["status"]).startswith(b"\x89PNG")
        gj = json.loads(export.to_bytes(export.read_table(con, "corridor"), "geojson"))
        _assert_no_empty_coordinates(gj)
        _assert_no_empty_coordinates(oc4ids.package(con.cursor()))
    finally:
        con.close()


def _has_empty_list(value: Any) -> bool:
    return isinstance(value, list) and (not value or any(_has_empty_list(v) for v in value))


def _assert_no_empty_coordinates(doc: Any) -> None:
    """No geometry anywhere in ``doc`` has an empty position list (``[]``): RFC 7946 has no empty line."""
    if isinstance(doc, dict):
        assert not _has_empty_list(doc.get("coordinates", [0])), doc
        for v in doc.values():
            _assert_no_empty_coordinates(v)
    elif isinstance(doc, list):
        for v in doc:
            _assert_no_empty_coordinates(v)


def test_exports_and_the_sheet_map_hold_up_against_empty_parts_stored_by_an_earlier_version() -> None:
    stored = shapely.from_wkt("MULTILINESTRING ((-100.3 25.7, -100.29 25.71), EMPTY)")
    gdf = gpd.GeoDataFrame({"corridor_id": ["X"]}, geometry=[stored], crs="EPSG:4326")
    gj = json.loads(export.to_bytes(gdf, "geojson"))
    assert gj["features"][0]["geometry"]["coordinates"] == [[[-100.3, 25.7], [-100.29, 25.71]]]
    with_empty = '{"type": "MultiLineString", "coordinates": [[[-100.3, 25.7], [-100.29, 25.71]], []]}'
    for line in (
        with_empty,
        '{"type": "MultiLineString", "coordinates": []}',
        '{"type": "LineString", "coordinates": []}',
    ):
        assert staticmap.corridor_png(line, "planned").startswith(b"\x89PNG")
    assert geo.without_empty_parts(json.loads(with_empty)) == {
        "type": "MultiLineString",
        "coordinates": [[[-100.3, 25.7], [-100.29, 25.71]]],
    }
    assert geo.without_empty_parts({"type": "MultiLineString", "coordinates": [[]]}) is None


# --- upgrade ------------------------------------------------------------------------------------


def test_upgrade_makes_the_display_copies_of_a_database_without_them(corridor_db: pathlib.Path) -> None:
    con = db.connect(corridor_db, read_only=False)
    try:
        con.execute("DROP TABLE corridor_display")
        assert "table corridor_display" in upgrade.problems(con)
        corridors = db.scalar(con, "SELECT count(*) FROM corridor")
    finally:
        con.close()
    steps = upgrade.upgrade(corridor_db)
    assert any("corridor_display" in s for s in steps), steps
    con = db.connect(corridor_db)
    try:
        assert upgrade.problems(con) == []
        assert db.scalar(con, "SELECT count(*) FROM corridor_display") == corridors > 0
    finally:
        con.close()


def test_detailed_municipal_limits_and_transit_lines_are_drawn_light(corridor_db: pathlib.Path) -> None:
    n = 200_000
    t = np.linspace(0.0, 2 * np.pi, n, endpoint=False)
    x = 370_000 + (5_000 + 40 * np.sin(t * 3_000)) * np.cos(t)  # a 5 km disc whose edge wiggles every 10 m
    y = 2_845_000 + (5_000 + 40 * np.sin(t * 3_000)) * np.sin(t)
    ring = shapely.Polygon(np.column_stack([x, y]))
    line = shapely.LineString(np.column_stack([x, y]))
    con = db.connect(corridor_db, read_only=False)
    try:
        to_ll = "ST_Transform(ST_GeomFromWKB(?), 'EPSG:32614', 'EPSG:4326', always_xy := true)"
        cvegeo = db.scalar(con, "SELECT min(cvegeo) FROM municipality WHERE is_metro")
        con.execute(
            f"UPDATE municipality SET geom_utm = ST_GeomFromWKB(?), geom = {to_ll} WHERE cvegeo = ?",
            [shapely.to_wkb(ring), shapely.to_wkb(ring), cvegeo],
        )
        line_id = db.scalar(con, "SELECT min(line_id) FROM transit_line")
        con.execute(
            f"UPDATE transit_line SET geom_utm = ST_GeomFromWKB(?), geom = {to_ll} WHERE line_id = ?",
            [shapely.to_wkb(line), shapely.to_wkb(line), line_id],
        )
        cur = con.cursor()
        munis = queries.municipalities(cur).set_index("cvegeo")["geojson"]
        lines = queries.transit_lines(cur).set_index("line_id")["geojson"]
        assert db.scalar(con, "SELECT ST_NPoints(geom) FROM municipality WHERE cvegeo = ?", [cvegeo]) == n + 1
        assert len(munis[cvegeo]) <= 200_000 and len(lines[line_id]) <= 200_000, (
            len(munis[cvegeo]),
            len(lines[line_id]),
        )
        # 754 km of wiggles: tolerance 188 m, so the 5 km disc is drawn without its 40 m wiggles, nothing more lost
        drawn = _utm(munis[cvegeo])
        assert drawn.hausdorff_distance(ring) < 200.0 and abs(drawn.area / ring.area - 1) < 0.02
    finally:
        con.close()


def test_the_home_page_draws_a_200000_vertex_corridor_as_a_small_picture(
    detailed_db: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("NLMOBILITY_DB", str(detailed_db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.get("deck_gl_json_chart") == [], "the home page sends no map library and no layers"
    (image,) = at.get("image")
    assert "corredores" in image.proto.imgs[0].alt
    con = db.connect(detailed_db)
    try:
        cors = queries.corridors(con.cursor())
    finally:
        con.close()
    png = staticmap.overview_png(zip(cors["geojson"], cors["status"], cors["name"], strict=True))
    assert png.startswith(b"\x89PNG") and len(png) < 100_000, len(png)


@pytest.mark.parametrize("page", ["app_pages/mapa.py"])
def test_map_pages_stay_light_with_a_200000_vertex_corridor(
    detailed_db: pathlib.Path, monkeypatch: pytest.MonkeyPatch, page: str
) -> None:
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("NLMOBILITY_DB", str(detailed_db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.query_params["cor"] = "DETALLE"
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    decks = [el.proto.json for el in at.get("deck_gl_json_chart")]
    assert decks and any("DETALLE" in d for d in decks)
    assert sum(len(d.encode()) for d in decks) <= 1_000_000, [len(d) for d in decks]
