"""CRS helpers and the pick grid behind "corridor near me" by a tap on the map."""

from __future__ import annotations

import h3
import numpy as np
import shapely

from nlmobility import db, geo, queries


def test_pick_grid_covers_every_corridor_with_a_margin(fixture_db) -> None:
    con = db.connect(fixture_db)
    try:
        cors = queries.corridors(con.cursor())
    finally:
        con.close()
    cells = geo.pick_cells(cors["lon"].to_numpy(), cors["lat"].to_numpy())
    assert len(cells) == len(set(cells)) and all(h3.get_resolution(c) == geo.PICK_RESOLUTION for c in cells)
    covered = set(cells)
    for line in (shapely.from_geojson(g) for g in cors["geojson"]):
        for frac in (0.0, 0.5, 1.0):
            p = line.interpolate(frac, normalized=True)
            assert h3.latlng_to_cell(p.y, p.x, geo.PICK_RESOLUTION) in covered
    # 5 km beyond the westernmost corridor is still on the grid (margin 6 km), 8 km is not.
    west = cors["lon"].idxmin()
    x, y = geo.to_utm(np.array([cors.loc[west, "lon"]]), np.array([cors.loc[west, "lat"]]))
    for km, inside in ((5, True), (8, False)):
        lon, lat = geo.to_lonlat(x - km * 1000, y)
        assert (h3.latlng_to_cell(float(lat[0]), float(lon[0]), geo.PICK_RESOLUTION) in covered) is inside, km


def test_pick_grid_without_corridors_centres_on_downtown() -> None:
    cells = geo.pick_cells(np.array([]), np.array([]))
    assert h3.latlng_to_cell(geo.DOWNTOWN[1], geo.DOWNTOWN[0], geo.PICK_RESOLUTION) in cells


def test_cell_center_is_lon_lat_inside_its_cell() -> None:
    cell = h3.latlng_to_cell(25.6866, -100.3161, geo.PICK_RESOLUTION)
    lon, lat = geo.cell_center(cell)
    assert geo.in_bbox(lon, lat, geo.METRO_BBOX), "(lon, lat) order, not (lat, lon)"
    assert h3.latlng_to_cell(lat, lon, geo.PICK_RESOLUTION) == cell
    x0, y0 = geo.to_utm(np.array([-100.3161]), np.array([25.6866]))
    x1, y1 = geo.to_utm(np.array([lon]), np.array([lat]))
    assert float(np.hypot(x1 - x0, y1 - y0)[0]) < 600  # within one ~530 m cell edge of the tap
