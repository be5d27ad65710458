"""Inicio's still map (issue 27): every corridor in its status style, names beside the lines, a small PNG."""

from __future__ import annotations

import io
import itertools
import json
import math

import pytest
from PIL import Image

from nlmobility import db, queries, staticmap


def _line(*points: tuple[float, float]) -> str:
    return json.dumps({"type": "LineString", "coordinates": [list(p) for p in points]})


def test_dashes_alternate_pieces_and_gaps_of_the_given_lengths() -> None:
    pieces = staticmap._dashes([(0.0, 0.0), (100.0, 0.0)], 10.0, 5.0)
    assert len(pieces) == 7  # 0-10, 15-25, ..., 90-100
    for piece in pieces:
        length = sum(math.dist(a, b) for a, b in itertools.pairwise(piece))
        assert length == pytest.approx(10.0)
    assert pieces[1][0] == pytest.approx((15.0, 0.0))
    # a dash that turns a corner keeps its length; a solid line is one piece
    bent = staticmap._dashes([(0.0, 0.0), (6.0, 0.0), (6.0, 20.0)], 10.0, 5.0)
    assert sum(math.dist(a, b) for a, b in zip(bent[0], bent[0][1:], strict=False)) == pytest.approx(10.0)
    assert staticmap._dashes([(0.0, 0.0), (5.0, 5.0)], 0.0, 0.0) == [[(0.0, 0.0), (5.0, 5.0)]]


def test_the_overview_draws_each_status_in_its_colour_and_pattern() -> None:
    corridors = [
        (_line((-100.33, 25.67), (-100.31, 25.67)), "finished", "Corredor Verde Uno"),
        (_line((-100.33, 25.64), (-100.31, 25.64)), "in_works", "Corredor Verde Dos"),
        (_line((-100.33, 25.61), (-100.31, 25.61)), "planned", "Tres"),
    ]
    png = staticmap.overview_png(corridors, caveat="Datos de muestra")
    img = Image.open(io.BytesIO(png)).convert("RGB")
    assert img.size == (1000, 560) and len(png) < 60_000
    colours = {c for _, c in img.getcolors(maxcolors=10_000) or []}
    assert all(rgb in colours for rgb in staticmap.STATUS_RGB.values()), "every status in its own colour"
    # a dashed line has gaps: along the works line some pixels are white, along the finished one none are
    w, h = img.size

    def along(lat: float) -> list[tuple[int, int, int]]:
        x0, y = _pixel(corridors, (-100.33, lat), (w, h))
        x1, _ = _pixel(corridors, (-100.31, lat), (w, h))
        return [img.getpixel((x, round(y))) for x in range(round(x0) + 8, round(x1) - 8)]

    assert (255, 255, 255) not in along(25.67)
    assert (255, 255, 255) in along(25.64) and staticmap.STATUS_RGB["in_works"] in along(25.64)


def _pixel(
    corridors: list[tuple[str, str, str]], lonlat: tuple[float, float], size: tuple[int, int]
) -> tuple[float, float]:
    pts = [staticmap._mercator(*p) for g, _, _ in corridors for p in json.loads(g)["coordinates"]]
    px, _, _ = staticmap._frame(pts, size, margin=1.15)
    return px(*lonlat)


def test_short_names_leave_out_the_common_prefix_only() -> None:
    assert staticmap._short("Corredor Verde Ocampo") == "Ocampo"
    assert staticmap._short("Corredor Verde ") == "Corredor Verde "
    assert staticmap._short("Parque Lineal Constitución") == "Parque Lineal Constitución"


def test_a_label_is_refused_where_it_would_cross_a_line_or_leave_the_frame() -> None:
    from PIL import ImageDraw

    d = ImageDraw.Draw(Image.new("RGB", (400, 200)))
    placed: list[tuple[float, float, float, float]] = []
    face = staticmap.font(15)
    assert not staticmap._label(
        d, placed, "Ocampo", (200, 100), (400, 200), face=face, fill=(0, 0, 0), taken=[(190, 90, 210, 110)]
    )
    assert not staticmap._label(d, placed, "Ocampo", (2, 100), (400, 200), face=face, fill=(0, 0, 0))
    assert staticmap._label(d, placed, "Ocampo", (100, 50), (400, 200), face=face, fill=(0, 0, 0))
    assert not staticmap._label(d, placed, "Ocampo", (104, 52), (400, 200), face=face, fill=(0, 0, 0)), "no overlap"


def test_the_sample_overview_is_small_and_empty_data_still_draws() -> None:
    path = db.default_path()
    if not path.exists():
        pytest.skip(f"no sample database at {path} (make db builds it)")
    con = db.connect(path, read_only=True)
    try:
        cors = queries.corridors(con.cursor())
    finally:
        con.close()
    png = staticmap.overview_png(zip(cors["geojson"], cors["status"], cors["name"], strict=True))
    assert len(png) < 60_000
    assert Image.open(io.BytesIO(staticmap.overview_png([]))).size == (1000, 560)
