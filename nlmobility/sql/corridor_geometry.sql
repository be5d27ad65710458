-- Each corridor's line exactly as imported, as GeoJSON in EPSG:4326 (lon, lat): what exports (OC4IDS) publish.
-- Maps read the display copy instead (corridors.sql). Params: $corridor_id (NULL = all).
SELECT corridor_id, ST_AsGeoJSON(geom) AS geojson
FROM corridor
WHERE $corridor_id IS NULL OR corridor_id = $corridor_id
ORDER BY corridor_id
