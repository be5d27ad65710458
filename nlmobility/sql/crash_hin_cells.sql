-- High-injury network input: fatal and injury crashes per square cell of $cell_m metres (UTM 14N)
-- and calendar year, for the area and road user filters (any period: the network slides its own
-- windows over whole years). Each cell carries its centre (lon, lat), its municipality, the nearest
-- imported intersection within $cell_m of the centre (when intersections exist) and the nearest
-- corridor with its distance in metres from the centre.
-- Params: $cvegeo, $mode, $cell_m.
WITH k AS (
    SELECT floor(k.x / $cell_m)::BIGINT AS cx, floor(k.y / $cell_m)::BIGINT AS cy,
           year(k.occurred_at) AS year, k.severity, k.cvegeo
    FROM crash k
    WHERE ($cvegeo IS NULL OR k.cvegeo = $cvegeo)
      AND crash_has_victims(k.severity)
      AND crash_mode_matches(k.pedestrian, k.cyclist, k.motorcyclist, $mode)
),
cells AS (
    SELECT cx, cy, year, count(*) FILTER (WHERE severity = 'fatal') AS fatal,
           count(*) FILTER (WHERE severity = 'injury') AS injury
    FROM k GROUP BY ALL
),
places AS (
    SELECT cx, cy, mode(cvegeo) AS cvegeo, ST_Point((cx + 0.5) * $cell_m, (cy + 0.5) * $cell_m) AS centre
    FROM k GROUP BY cx, cy
),
nearest_corridor AS (
    SELECT p.cx, p.cy, arg_min(r.corridor_id, ST_Distance(r.geom_utm, p.centre)) AS corridor_id,
           arg_min(r.name, ST_Distance(r.geom_utm, p.centre)) AS corridor,
           min(ST_Distance(r.geom_utm, p.centre)) AS corridor_distance_m
    FROM places p, corridor r GROUP BY p.cx, p.cy
),
nearest_intersection AS (
    SELECT p.cx, p.cy, arg_min(i.name, ST_Distance(i.geom_utm, p.centre)) AS intersection
    FROM places p JOIN intersection i ON ST_DWithin(i.geom_utm, p.centre, $cell_m)
    GROUP BY p.cx, p.cy
)
SELECT c.cx || ':' || c.cy AS cell, c.year, c.fatal, c.injury, m.name AS municipality, ni.intersection,
       nc.corridor_id, nc.corridor, nc.corridor_distance_m,
       ST_X(ST_Transform(p.centre, 'EPSG:32614', 'EPSG:4326', always_xy := true)) AS lon,
       ST_Y(ST_Transform(p.centre, 'EPSG:32614', 'EPSG:4326', always_xy := true)) AS lat
FROM cells c JOIN places p USING (cx, cy)
LEFT JOIN municipality m USING (cvegeo)
LEFT JOIN nearest_corridor nc USING (cx, cy)
LEFT JOIN nearest_intersection ni USING (cx, cy)
ORDER BY cell, c.year
