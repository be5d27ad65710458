-- Corridors for the map and lists; GeoJSON geometry in EPSG:4326 (lon, lat).
-- Params: $cvegeo (NULL = all), $corridor_id (NULL = all).
SELECT c.corridor_id, c.name, c.cvegeo, m.name AS municipality, c.status, c.works_start, c.works_end,
       c.opening_date, c.length_m, c.budget_mxn, c.description, c.approximate, c.progress_pct,
       ST_AsGeoJSON(c.geom) AS geojson,
       ST_X(ST_Centroid(c.geom)) AS lon, ST_Y(ST_Centroid(c.geom)) AS lat
FROM corridor c LEFT JOIN municipality m USING (cvegeo)
WHERE ($cvegeo IS NULL OR c.cvegeo = $cvegeo)
  AND ($corridor_id IS NULL OR c.corridor_id = $corridor_id)
ORDER BY c.status DESC, c.name
