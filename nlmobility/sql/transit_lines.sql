-- Transit lines for the map (EPSG:4326 GeoJSON): each simplified in UTM 14N with a tolerance of 1/4000 of its
-- length (at least 1 m: a 30 km line keeps every bend over 7.5 m) and rounded to 1e-6 degrees, so a detailed or
-- hostile import cannot bloat every map page.
SELECT line_id, name, mode, status, color, length_m,
       ST_AsGeoJSON(ST_ReducePrecision(ST_Transform(
           ST_SimplifyPreserveTopology(geom_utm, greatest(1.0, ST_Length(geom_utm) / 4000)),
           'EPSG:32614', 'EPSG:4326', always_xy := true), 0.000001)) AS geojson
FROM transit_line ORDER BY line_id
