"""Unit tests of the map layers (pure functions of ``nlmobility.ui.maps``) on the fixture data."""

from __future__ import annotations

import json
import pathlib

import pandas as pd
import pydeck as pdk
import pytest

from nlmobility import db, geo, queries
from nlmobility.ui import maps

LABELS = {"finished": "Terminado", "in_works": "En obra", "planned": "Planeado"}


@pytest.fixture(scope="module")
def tables(fixture_db: pathlib.Path) -> dict[str, pd.DataFrame]:
    con = db.connect(fixture_db)
    try:
        return {
            "corridors": queries.corridors(con.cursor()),
            "municipalities": queries.municipalities(con.cursor()),
            "lines": queries.transit_lines(con.cursor()),
            "stations": queries.transit_stations(con.cursor()),
        }
    finally:
        con.close()


def _data(layer: object) -> list[dict]:
    return layer.data  # pydeck keeps the rows as given


def test_corridor_layer_colours_by_status_and_widens_the_selected_one(tables: dict[str, pd.DataFrame]) -> None:
    cors = tables["corridors"]
    chosen = str(cors["corridor_id"].iloc[0])
    layer = maps.corridor_layer(cors, LABELS, selected=chosen)
    rows = _data(layer)
    assert layer.id == "corridors" and layer.pickable
    assert [r["corridor_id"] for r in rows] == cors["corridor_id"].tolist()
    for r, (_, c) in zip(rows, cors.iterrows(), strict=True):
        assert r["color"] == maps.STATUS_COLORS[c["status"]]
        assert r["status"] == LABELS[c["status"]]
        assert r["width"] == (9 if c["corridor_id"] == chosen else 6)
        assert r["dash"] == maps.STATUS_DASH[c["status"]]
        assert r["tip"] == f"{c['name']}\n{LABELS[c['status']]} · {c['length_m'] / 1000:.2f} km" + maps.works_tip(c)
        if c["status"] == "in_works":
            assert "Fin de obra previsto: " in r["tip"] and "Avance físico: " in r["tip"]
        assert all(geo.in_bbox(x, y, geo.METRO_BBOX) for x, y in r["path"]), "paths are lon/lat inside the metro area"
    casing = maps.corridor_casing_layer(cors)
    assert [r["path"] for r in _data(casing)] == [r["path"] for r in rows]
    assert not casing.pickable


def test_status_colours_are_three_distinct_colours() -> None:
    colours = [tuple(c) for c in maps.STATUS_COLORS.values()]
    assert len(set(colours)) == len(colours) == 3
    assert set(maps.STATUS_COLORS) == set(LABELS)


def test_multilinestring_paths_take_the_first_part_and_linestrings_whole() -> None:
    df = pd.DataFrame(
        {
            "geojson": [
                json.dumps({"type": "LineString", "coordinates": [[-100.3, 25.6], [-100.2, 25.7]]}),
                json.dumps(
                    {
                        "type": "MultiLineString",
                        "coordinates": [[[-100.1, 25.6], [-100.0, 25.6]], [[-100.0, 25.7], [-99.9, 25.7]]],
                    }
                ),
            ]
        }
    )
    assert maps._paths(df) == [[[-100.3, 25.6], [-100.2, 25.7]], [[-100.1, 25.6], [-100.0, 25.6]]]


def test_transit_layers_use_each_line_colour_and_fade_lines_under_construction(tables: dict[str, pd.DataFrame]) -> None:
    lines, stations = tables["lines"], tables["stations"]
    path_layer, station_layer = maps.transit_layers(lines, stations)
    assert (path_layer.id, station_layer.id) == ("transit-lines", "transit-stations")
    for r, (_, line) in zip(_data(path_layer), lines.iterrows(), strict=True):
        hex_colour = line["color"].lstrip("#")
        assert r["color"][:3] == [int(hex_colour[i : i + 2], 16) for i in (0, 2, 4)]
        assert r["color"][3] == (170 if line["status"] == "operating" else 90)
        assert r["tip"] == line["name"]
    assert len(_data(station_layer)) == len(stations)


def test_municipal_limits_and_labels(tables: dict[str, pd.DataFrame]) -> None:
    munis = tables["municipalities"]
    limits = maps.municipality_layer(munis)
    assert [f["properties"]["name"] for f in _data(limits)["features"]] == munis["name"].tolist()
    assert {f["geometry"]["type"] for f in _data(limits)["features"]} <= {"Polygon", "MultiPolygon"}
    labels = maps.municipality_labels(munis)
    assert [r["text"] for r in _data(labels)] == munis["name"].tolist()


def test_crash_density_is_aggregated_cells_with_their_counts_as_weights() -> None:
    grid = pd.DataFrame({"lon": [-100.31, -100.30], "lat": [25.67, 25.68], "n": [12, 3]})
    layer = maps.crash_density_layer(grid)
    assert layer.type == "HeatmapLayer"
    assert [r["n"] for r in _data(layer)] == [12, 3]
    assert [r["position"] for r in _data(layer)] == [[-100.31, 25.67], [-100.30, 25.68]]


def test_hotspots_scale_with_their_counts_and_carry_their_rank() -> None:
    hot = pd.DataFrame({"rank": [1, 2], "lon": [-100.3, -100.2], "lat": [25.6, 25.7], "crashes": [40, 10]})
    rows = _data(maps.hotspot_layer(hot, "Siniestros"))
    assert [r["radius"] for r in rows] == [200.0, 95.0]
    assert [r["tip"] for r in rows] == ["#1 · 40 siniestros", "#2 · 10 siniestros"]
    assert [r["text"] for r in _data(maps.hotspot_labels(hot))] == ["1", "2"]
    assert _data(maps.hotspot_layer(hot.iloc[:0], "Siniestros")) == []


def test_events_without_coordinates_are_left_off_the_map() -> None:
    ev = pd.DataFrame(
        {
            "title": ["Taller", "Consulta"],
            "event_date": pd.to_datetime(["2024-03-01", "2024-04-01"]),
            "participants_total": [30, 12],
            "lon": [-100.3, None],
            "lat": [25.6, None],
        }
    )
    rows = _data(maps.event_layer(ev, "Participantes"))
    assert len(rows) == 1 and rows[0]["tip"] == "Taller\n2024-03-01 · 30 participantes"


def test_every_pickable_layer_row_has_the_tooltip_field(tables: dict[str, pd.DataFrame]) -> None:
    layers = [
        maps.corridor_layer(tables["corridors"], LABELS),
        *maps.transit_layers(tables["lines"], tables["stations"]),
        maps.pick_grid_layer(
            geo.pick_cells(tables["corridors"]["lon"].to_numpy(), tables["corridors"]["lat"].to_numpy()), "x"
        ),
    ]
    for layer in layers:
        assert layer.pickable
        assert all("tip" in r for r in _data(layer)), layer.id
    assert maps.TOOLTIP["text"] == "{tip}" and "html" not in maps.TOOLTIP, "tooltips are plain text"


def test_view_frames_the_corridors_or_downtown() -> None:
    empty = maps.view_for(pd.DataFrame({"lon": [], "lat": []}))
    assert (empty.longitude, empty.latitude, empty.zoom) == (geo.DOWNTOWN[0], geo.DOWNTOWN[1], 10.5)
    one = maps.view_for(pd.DataFrame({"lon": [-100.30], "lat": [25.67]}))
    assert (one.longitude, one.latitude, one.zoom) == (-100.30, 25.67, 14.0)
    wide = maps.view_for(pd.DataFrame({"lon": [-100.45, -100.10], "lat": [25.60, 25.80]}))
    assert wide.zoom == 11.2 and wide.longitude == pytest.approx(-100.275)


def test_deck_uses_the_local_style_and_unique_layer_ids(tables: dict[str, pd.DataFrame]) -> None:
    layers = [
        maps.municipality_layer(tables["municipalities"]),
        maps.arterial_layer(),
        maps.corridor_casing_layer(tables["corridors"]),
        maps.corridor_layer(tables["corridors"], LABELS),
        maps.corridor_labels(tables["corridors"]),
        maps.point_layer(-100.3, 25.67),
    ]
    d = maps.deck(layers, maps.view_for(tables["corridors"]), maps.TOOLTIP)
    spec = json.loads(d.to_json())
    assert spec["mapStyle"] == maps.MAP_STYLE and not maps.MAP_STYLE.startswith("http")
    ids = [layer["id"] for layer in spec["layers"]]
    assert len(ids) == len(set(ids)) == len(layers)


def test_corridor_labels_drop_the_common_prefix() -> None:
    assert maps.short_name("Corredor Verde Ocampo") == "Ocampo"
    assert maps.short_name("Corredor Vasconcelos") == "Vasconcelos"
    assert maps.short_name("Puente Verde") == "Puente Verde"


def test_phone_view_fits_every_corridor_in_the_phone_width(tables) -> None:
    cors = tables["corridors"]
    desk = maps.view_for(cors)
    phone = maps.view_for(cors, fit_width=maps.PHONE_MAP_WIDTH)
    assert phone.zoom <= desk.zoom
    scale = 512 * 2**phone.zoom
    xs = [(lon + 180) / 360 * scale for lon in cors["lon"]]
    centre = (phone.longitude + 180) / 360 * scale
    assert max(abs(x - centre) for x in xs) <= maps.PHONE_MAP_WIDTH / 2


def test_labels_that_would_overlap_give_way_to_corridor_names() -> None:
    corridor = maps.corridor_labels(
        pd.DataFrame({"lon": [-100.30], "lat": [25.67], "name": ["Corredor Verde Ocampo"]}), size=13
    )
    avenue = maps.label_layer(
        [
            {"position": [-100.30, 25.6702], "text": "Av. Encima"},  # on top of the corridor's name
            {"position": [-100.20, 25.67], "text": "Av. Lejos"},
        ],
        "arterial-labels",
        11,
    )
    maps.deck([corridor, avenue], pdk.ViewState(longitude=-100.3, latitude=25.67, zoom=12))
    assert [r["text"] for r in corridor.data] == ["Ocampo"]
    assert [r["text"] for r in avenue.data] == ["Av. Lejos"]


def test_every_part_of_a_multi_part_corridor_is_drawn() -> None:
    import json

    geom = {
        "type": "MultiLineString",
        "coordinates": [[[-100.3, 25.6], [-100.29, 25.6]], [[-100.2, 25.7], [-100.21, 25.7]]],
    }
    cors = pd.DataFrame(
        {
            "corridor_id": ["M"],
            "name": ["Dos tramos"],
            "status": ["in_works"],
            "length_m": [2000.0],
            "geojson": [json.dumps(geom)],
        }
    )
    rows = maps.corridor_layer(cors, {"in_works": "En obra"}).data
    assert [r["path"] for r in rows] == geom["coordinates"]
    assert len(maps.corridor_casing_layer(cors).data) == 2


def test_status_colours_are_used_by_no_transit_line_and_differ_by_pattern(tables) -> None:
    transit = {tuple(maps._hex(c)) for c in tables["lines"]["color"]}
    assert not transit & {tuple(c) for c in maps.STATUS_COLORS.values()}
    assert len({tuple(d) for d in maps.STATUS_DASH.values()}) == len(maps.STATUS_DASH)


def test_the_river_and_landmarks_are_named_on_the_built_in_style() -> None:
    texts = [r["text"] for r in maps.place_labels().data]
    assert "Río Santa Catarina" in texts and "Cerro de la Silla" in texts
    assert {r["text"] for r in maps.arterial_labels().data} >= {"Av. Gonzalitos", "Av. Lincoln"}


def test_corridor_labels_sit_beside_their_line_and_dashes_have_light_gaps() -> None:
    """Issue 25: a north-south corridor's name goes to its right, an east-west one's above; works and planned
    corridors have a white outline (their gaps read as gaps), finished ones a dark one."""
    import json as _json

    import pandas as pd

    from nlmobility.ui import maps as m

    def line(*pts: tuple[float, float]) -> str:
        return _json.dumps({"type": "LineString", "coordinates": [list(p) for p in pts]})

    cors = pd.DataFrame(
        {
            "name": ["Corredor Verde Norte", "Corredor Verde Este"],
            "lon": [-100.31, -100.30],
            "lat": [25.67, 25.66],
            "status": ["planned", "finished"],
            "geojson": [line((-100.31, 25.66), (-100.31, 25.68)), line((-100.31, 25.66), (-100.29, 25.66))],
        }
    )
    rows = m.corridor_labels(cors).data
    assert (rows[0]["anchor"], rows[0]["offset"]) == ("start", [12, 0])
    assert rows[1]["anchor"] == "middle" and rows[1]["offset"][1] < 0 and rows[1]["text"] == "Este"
    casing = m.corridor_casing_layer(cors).data
    assert casing[0]["color"][:3] == [255, 255, 255] and casing[1]["color"][:3] == [30, 30, 30]
