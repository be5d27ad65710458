-- Corridors nearest to a point, distance in metres measured in UTM 14N.
-- Params: $lon, $lat, $limit.
WITH p AS (SELECT ST_Transform(ST_Point($lon, $lat), 'EPSG:4326', 'EPSG:32614', always_xy := true) AS g)
SELECT c.corridor_id, c.name, c.status, ST_Distance(c.geom_utm, p.g) AS distance_m
FROM corridor c, p ORDER BY distance_m LIMIT $limit
