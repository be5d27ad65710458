"""Which basemap the maps draw on: one setting, three choices (no Streamlit here).

``NLMOBILITY_BASEMAP`` chooses:

* ``builtin`` (default): the offline style in ``static/nlmobility-style.json`` (a background
  colour); the app draws limits, river, avenues, transit and names as its own layers.
* ``tiles``: an offline **tile pack** the deployer supplies, an MBTiles file of raster (PNG, JPEG,
  WebP) or vector (Mapbox Vector Tile) tiles, installed once with ``nlmobility basemap install
  PACK``: its tiles are unpacked under ``static/tiles/`` (served by Streamlit's static file
  serving, so nothing leaves the machine) and a style ``static/nlmobility-style-tiles.json`` is
  written. Vector packs are drawn as plain fills, lines and points (no labels: fonts would have to
  be downloaded); the app's own names stay on top.
* ``online``: a tile URL template (``NLMOBILITY_TILE_URL``: an https address with ``{z}``, ``{x}`` and ``{y}``) with its attribution
  (``NLMOBILITY_TILE_ATTRIBUTION``) for deployments with internet. Off unless chosen.

A choice that cannot be honoured (no pack installed, no URL) falls back to ``builtin`` and says why.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import pathlib
import shutil
import sqlite3
import urllib.parse

from nlmobility import settings

ROOT = pathlib.Path(__file__).resolve().parent.parent
STATIC = ROOT / "static"
ENV_BASEMAP = "NLMOBILITY_BASEMAP"
ENV_TILE_URL = "NLMOBILITY_TILE_URL"
ENV_ATTRIBUTION = "NLMOBILITY_TILE_ATTRIBUTION"
CHOICES = ("builtin", "tiles", "online")
#: Style files (relative to the static folder) and their addresses as the pages request them.
BUILTIN_STYLE = "nlmobility-style.json"
TILES_STYLE = "nlmobility-style-tiles.json"
ONLINE_STYLE = "nlmobility-style-online.json"
TILES_DIR = "tiles"
_BACKGROUND = "#f4f1ea"
_FORMATS = {"png": "png", "jpg": "jpg", "jpeg": "jpg", "webp": "webp", "pbf": "pbf", "mvt": "pbf"}


class BasemapError(ValueError):
    """A tile pack or setting that cannot be used (the message names the file or variable and why)."""


@dataclasses.dataclass(frozen=True)
class Choice:
    """The basemap the maps use: its name, the style's address for the pages, and why a choice fell back."""

    name: str
    style_url: str
    problem: str | None = None


def _url(static_name: str) -> str:
    return f"app/static/{static_name}"


def current(env: dict[str, str] | None = None, static: pathlib.Path = STATIC) -> Choice:
    """The basemap chosen by ``NLMOBILITY_BASEMAP`` (``builtin`` when unset or when the choice cannot be honoured)."""
    name = settings.text(ENV_BASEMAP, env).lower()
    builtin = Choice("builtin", _url(BUILTIN_STYLE))
    if name == "builtin":
        return builtin
    if name == "tiles":
        if not (static / TILES_STYLE).exists():
            return dataclasses.replace(
                builtin, problem=f"{ENV_BASEMAP}=tiles but no tile pack is installed (nlmobility basemap install PACK)"
            )
        return Choice("tiles", _url(TILES_STYLE))
    if name == "online":
        try:
            write_online_style(
                settings.given(ENV_TILE_URL, env) or "", settings.given(ENV_ATTRIBUTION, env) or "", static
            )
        except BasemapError as e:
            return dataclasses.replace(builtin, problem=str(e))
        return Choice("online", _url(ONLINE_STYLE))
    return dataclasses.replace(builtin, problem=f"{ENV_BASEMAP}={name!r} is not one of {', '.join(CHOICES)}")


def write_online_style(url: str, attribution: str, static: pathlib.Path = STATIC) -> pathlib.Path:
    """Write the style of an online raster tile URL (https, with {z}, {x} and {y}); refuse anything else."""
    parts = urllib.parse.urlsplit(url.strip())
    if parts.scheme != "https" or not parts.netloc or not all(k in url for k in ("{z}", "{x}", "{y}")):
        raise BasemapError(f"{ENV_TILE_URL}={url!r} is not an https tile address with {{z}}, {{x}} and {{y}}")
    if not attribution.strip():
        raise BasemapError(f"{ENV_ATTRIBUTION} is empty: online tiles must name their source and licence")
    style = _style({"type": "raster", "tiles": [url.strip()], "tileSize": 256, "attribution": attribution.strip()})
    return _write(static / ONLINE_STYLE, style)


def _style(source: dict[str, object], layers: list[dict[str, object]] | None = None) -> dict[str, object]:
    base: list[dict[str, object]] = [
        {"id": "background", "type": "background", "paint": {"background-color": _BACKGROUND}}
    ]
    return {
        "version": 8,
        "name": "nlmobility basemap",
        "sources": {"basemap": source},
        "layers": base + (layers or [{"id": "basemap", "type": "raster", "source": "basemap"}]),
    }


def _write(path: pathlib.Path, style: dict[str, object]) -> pathlib.Path:
    text = json.dumps(style, ensure_ascii=False, indent=1)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    return path


def _metadata(con: sqlite3.Connection, pack: pathlib.Path) -> dict[str, str]:
    try:
        return {str(k): str(v) for k, v in con.execute("SELECT name, value FROM metadata")}
    except sqlite3.DatabaseError as e:
        raise BasemapError(f"{pack.name}: not an MBTiles file ({e})") from None


def install(pack: pathlib.Path, static: pathlib.Path = STATIC) -> dict[str, object]:
    """Unpack an MBTiles tile pack under ``static/tiles/`` and write its style; returns what was installed.

    The previous pack is replaced only once the new one is fully unpacked. Raises
    :class:`BasemapError` naming the file for anything that is not a readable MBTiles pack.
    """
    if not pack.is_file():
        raise BasemapError(f"{pack}: no such file")
    try:
        con = sqlite3.connect(f"file:{pack}?mode=ro", uri=True)
    except sqlite3.Error as e:
        raise BasemapError(f"{pack.name}: cannot be opened ({e})") from None
    try:
        meta = _metadata(con, pack)
        fmt = _FORMATS.get(meta.get("format", "png").lower())
        if fmt is None:
            raise BasemapError(f"{pack.name}: tile format {meta.get('format')!r} is not png, jpg, webp or pbf")
        target = static / TILES_DIR
        staging = static / f"{TILES_DIR}.new"
        shutil.rmtree(staging, ignore_errors=True)
        count, zooms = 0, set()
        try:
            rows = con.execute("SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles")
            for z, x, row, blob in rows:
                y = (1 << int(z)) - 1 - int(row)  # MBTiles rows count from the south (TMS)
                data = bytes(blob)
                if fmt == "pbf" and data[:2] == b"\x1f\x8b":
                    data = gzip.decompress(data)  # served as plain files: no Content-Encoding header
                out = staging / str(z) / str(x) / f"{y}.{fmt}"
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_bytes(data)
                count += 1
                zooms.add(int(z))
        except sqlite3.DatabaseError as e:
            raise BasemapError(f"{pack.name}: its tiles cannot be read ({e})") from None
        if count == 0:
            raise BasemapError(f"{pack.name}: holds no tiles")
    finally:
        con.close()
    shutil.rmtree(target, ignore_errors=True)
    staging.replace(target)
    url = _url(f"{TILES_DIR}/{{z}}/{{x}}/{{y}}.{fmt}")  # relative to the page, like the style itself
    source: dict[str, object] = {
        "type": "vector" if fmt == "pbf" else "raster",
        "tiles": [url],
        "minzoom": min(zooms),
        "maxzoom": max(zooms),
        "attribution": meta.get("attribution", meta.get("name", pack.name)),
    }
    if fmt != "pbf":
        source["tileSize"] = 256
    layers = _vector_layers(meta) if fmt == "pbf" else None
    _write(static / TILES_STYLE, _style(source, layers))
    return {
        "pack": pack.name,
        "format": fmt,
        "tiles": count,
        "zooms": sorted(zooms),
        "style": str(static / TILES_STYLE),
    }


def _vector_layers(meta: dict[str, str]) -> list[dict[str, object]]:
    """Plain fills, lines and points for each layer a vector pack declares (no labels: no fonts offline)."""
    try:
        names = [str(v["id"]) for v in json.loads(meta.get("json", "{}")).get("vector_layers", [])]
    except (ValueError, TypeError, KeyError):
        names = []
    layers: list[dict[str, object]] = []
    for n in names:
        common = {"source": "basemap", "source-layer": n}
        layers += [
            {
                "id": f"{n}-fill",
                "type": "fill",
                **common,
                "filter": ["==", "$type", "Polygon"],
                "paint": {"fill-color": "#e4dfd3", "fill-outline-color": "#c9c2b2"},
            },
            {
                "id": f"{n}-line",
                "type": "line",
                **common,
                "filter": ["==", "$type", "LineString"],
                "paint": {"line-color": "#c9c2b2", "line-width": 1.2},
            },
            {
                "id": f"{n}-point",
                "type": "circle",
                **common,
                "filter": ["==", "$type", "Point"],
                "paint": {"circle-color": "#9a9384", "circle-radius": 2},
            },
        ]
    return layers
