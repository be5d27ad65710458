"""Basemap choices: the built-in style, an offline MBTiles tile pack, an online tile URL (off by default)."""

from __future__ import annotations

import io
import json
import pathlib
import sqlite3

import pytest
from PIL import Image

from nlmobility import basemap, cli

#: The pack's tile colour: tests look for it on the rendered map.
TILE_RGB = (214, 40, 160)


def tile_xy(lon: float, lat: float, z: int) -> tuple[int, int]:
    import math

    n = 1 << z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.log(math.tan(math.radians(lat)) + 1 / math.cos(math.radians(lat))) / math.pi) / 2 * n)
    return x, y


def make_raster_pack(path: pathlib.Path, zooms: range = range(9, 13), rgb: tuple[int, int, int] = TILE_RGB) -> int:
    """A tiny raster MBTiles over the metro area: every tile one flat colour (PNG). Returns the tile count."""
    buf = io.BytesIO()
    Image.new("RGB", (256, 256), rgb).save(buf, "PNG")
    png = buf.getvalue()
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
    con.execute("CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB)")
    con.executemany(
        "INSERT INTO metadata VALUES (?, ?)",
        [("name", "prueba"), ("format", "png"), ("attribution", "Teselas de prueba")],
    )
    n = 0
    for z in zooms:
        (x0, y0), (x1, y1) = tile_xy(-100.60, 25.85, z), tile_xy(-99.95, 25.45, z)
        for x in range(x0, x1 + 1):
            for y in range(y0, y1 + 1):
                con.execute("INSERT INTO tiles VALUES (?, ?, ?, ?)", (z, x, (1 << z) - 1 - y, png))
                n += 1
    con.commit()
    con.close()
    return n


def test_builtin_is_the_default_and_needs_nothing(tmp_path: pathlib.Path) -> None:
    choice = basemap.current({}, tmp_path)
    assert choice == basemap.Choice("builtin", "app/static/nlmobility-style.json")


def test_a_raster_pack_is_unpacked_in_xyz_order_and_gets_a_local_style(tmp_path: pathlib.Path) -> None:
    pack = tmp_path / "prueba.mbtiles"
    n = make_raster_pack(pack, range(10, 11))
    done = basemap.install(pack, tmp_path)
    assert done["tiles"] == n and done["format"] == "png" and done["zooms"] == [10]
    x, y = tile_xy(-100.31, 25.67, 10)
    assert (tmp_path / "tiles" / "10" / str(x) / f"{y}.png").read_bytes().startswith(b"\x89PNG")
    style = json.loads((tmp_path / basemap.TILES_STYLE).read_text())
    src = style["sources"]["basemap"]
    assert src["type"] == "raster" and src["tiles"] == ["app/static/tiles/{z}/{x}/{y}.png"]
    assert src["attribution"] == "Teselas de prueba"
    assert not any(u.startswith("http") for u in src["tiles"]), "served by the app itself"
    assert (
        basemap.current({basemap.ENV_BASEMAP: "tiles"}, tmp_path).style_url == "app/static/nlmobility-style-tiles.json"
    )


def test_a_vector_pack_written_by_gdal_is_unpacked_and_styled_without_fonts(tmp_path: pathlib.Path) -> None:
    import geopandas as gpd
    import pyogrio
    from shapely.geometry import LineString

    gdf = gpd.GeoDataFrame(
        {"name": ["Constitución"]}, geometry=[LineString([(-100.40, 25.67), (-100.25, 25.668)])], crs="EPSG:4326"
    )
    pack = tmp_path / "vector.mbtiles"
    pyogrio.write_dataframe(gdf, pack, driver="MBTiles", layer="avenidas", dataset_options={"MAXZOOM": "8"})
    done = basemap.install(pack, tmp_path)
    assert done["format"] == "pbf" and int(str(done["tiles"])) > 0
    style = json.loads((tmp_path / basemap.TILES_STYLE).read_text())
    assert style["sources"]["basemap"]["type"] == "vector"
    assert {ly.get("source-layer") for ly in style["layers"][1:]} == {"avenidas"}
    assert "glyphs" not in style and all(ly["type"] != "symbol" for ly in style["layers"])
    tile = next((tmp_path / "tiles").rglob("*.pbf")).read_bytes()
    assert tile[:2] != b"\x1f\x8b", "tiles are stored uncompressed (no Content-Encoding on static files)"


@pytest.mark.parametrize("content", [b"", b"not a database at all", b"SQLite format 3\x00garbage"])
def test_a_file_that_is_not_a_tile_pack_is_refused_naming_it_and_keeps_the_installed_one(
    tmp_path: pathlib.Path, content: bytes
) -> None:
    good = tmp_path / "bueno.mbtiles"
    make_raster_pack(good, range(9, 10))
    basemap.install(good, tmp_path)
    before = sorted(p.name for p in (tmp_path / "tiles").rglob("*"))
    bad = tmp_path / "malo.mbtiles"
    bad.write_bytes(content)
    with pytest.raises(basemap.BasemapError, match=r"malo\.mbtiles"):
        basemap.install(bad, tmp_path)
    assert sorted(p.name for p in (tmp_path / "tiles").rglob("*")) == before


def test_tiles_without_an_installed_pack_and_unknown_choices_fall_back_to_builtin_saying_why(
    tmp_path: pathlib.Path,
) -> None:
    c = basemap.current({basemap.ENV_BASEMAP: "tiles"}, tmp_path)
    assert c.name == "builtin" and "basemap install" in str(c.problem)
    c = basemap.current({basemap.ENV_BASEMAP: "satélite"}, tmp_path)
    assert c.name == "builtin" and "satélite" in str(c.problem)


def test_online_tiles_are_only_an_explicit_https_choice_with_attribution(tmp_path: pathlib.Path) -> None:
    env = {basemap.ENV_BASEMAP: "online", basemap.ENV_TILE_URL: "https://tiles.example.org/{z}/{x}/{y}.png"}
    assert basemap.current(env, tmp_path).problem is not None, "no attribution: refused"
    env[basemap.ENV_ATTRIBUTION] = "© Ejemplo"
    c = basemap.current(env, tmp_path)
    assert c.name == "online" and c.problem is None
    style = json.loads((tmp_path / basemap.ONLINE_STYLE).read_text())
    assert style["sources"]["basemap"]["tiles"] == ["https://tiles.example.org/{z}/{x}/{y}.png"]
    for bad in ("http://tiles.example.org/{z}/{x}/{y}.png", "https://tiles.example.org/tile.png", "file:///etc/passwd"):
        c = basemap.current({**env, basemap.ENV_TILE_URL: bad}, tmp_path)
        assert c.name == "builtin" and basemap.ENV_TILE_URL in str(c.problem)


def test_cli_installs_a_pack_and_reports_a_bad_one(tmp_path: pathlib.Path, capsys, monkeypatch) -> None:
    monkeypatch.setattr(basemap, "STATIC", tmp_path)
    monkeypatch.setattr(basemap.install, "__defaults__", (tmp_path,))
    pack = tmp_path / "p.mbtiles"
    n = make_raster_pack(pack, range(9, 10))
    assert cli.main(["basemap", "install", str(pack)]) == 0
    assert f"{n} png tiles" in capsys.readouterr().out
    assert cli.main(["basemap", "install", str(tmp_path / "no-existe.mbtiles")]) == 1
    assert "no-existe.mbtiles" in capsys.readouterr().err
