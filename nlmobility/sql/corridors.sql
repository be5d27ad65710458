-- Corridors for the map and lists; GeoJSON geometry in EPSG:4326 (lon, lat): the display copy (corridor_display,
-- simplified at import so a map stays light), never the exact line (exports read corridor.geom; see
-- corridor_geometry.sql). Centre from the exact line. Params: $cvegeo (NULL = all), $corridor_id (NULL = all).
SELECT c.corridor_id, c.name, c.cvegeo, m.name AS municipality, c.status, c.works_start, c.works_end,
       c.opening_date, c.length_m, c.budget_mxn, c.description, c.approximate, c.progress_pct,
       -- without a display copy (a database not yet rebuilt): 25 m simplification in UTM 14N rather than the exact line
       ST_AsGeoJSON(coalesce(d.geom, ST_Transform(ST_SimplifyPreserveTopology(c.geom_utm, 25), 'EPSG:32614', 'EPSG:4326',
                                                  always_xy := true))) AS geojson,
       ST_X(ST_Centroid(c.geom)) AS lon, ST_Y(ST_Centroid(c.geom)) AS lat
FROM corridor c LEFT JOIN municipality m USING (cvegeo) LEFT JOIN corridor_display d USING (corridor_id)
WHERE ($cvegeo IS NULL OR c.cvegeo = $cvegeo)
  AND ($corridor_id IS NULL OR c.corridor_id = $corridor_id)
ORDER BY c.status DESC, c.name
