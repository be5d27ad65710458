-- Municipal limits for the map (EPSG:4326 GeoJSON) and the filter list.
SELECT cvegeo, name, population, approximate, ST_AsGeoJSON(geom) AS geojson,
       ST_X(ST_Centroid(geom)) AS lon, ST_Y(ST_Centroid(geom)) AS lat
FROM municipality WHERE is_metro ORDER BY name
