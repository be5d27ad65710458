-- Transit lines for the map (EPSG:4326 GeoJSON).
SELECT line_id, name, mode, status, color, length_m, ST_AsGeoJSON(geom) AS geojson FROM transit_line ORDER BY line_id
