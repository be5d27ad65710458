-- Municipal limits for the map (EPSG:4326 GeoJSON) and the filter list. The map's copy of each limit is simplified
-- in UTM 14N with a tolerance of 1/4000 of its perimeter (at least 1 m; INEGI's metro limits: 18,176 vertices,
-- 733 KB of GeoJSON -> about 2,500 vertices, 59 KB, none off by more than 67 m) and rounded to 1e-6 degrees, so a
-- detailed or hostile import cannot bloat every map page; spatial joins read the exact geom.
SELECT cvegeo, name, population, approximate,
       ST_AsGeoJSON(ST_ReducePrecision(ST_Transform(
           ST_SimplifyPreserveTopology(geom_utm, greatest(1.0, ST_Perimeter(geom_utm) / 4000)),
           'EPSG:32614', 'EPSG:4326', always_xy := true), 0.000001)) AS geojson,
       ST_X(ST_Centroid(geom)) AS lon, ST_Y(ST_Centroid(geom)) AS lat
FROM municipality WHERE is_metro ORDER BY name
