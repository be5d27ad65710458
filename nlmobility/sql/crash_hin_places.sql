-- The places of the high-injury network: for each wanted cell ($cells, 'cx:cy' of $cell_m metre
-- cells, UTM 14N) its centre (lon, lat), its municipality (the one with most of the cell's fatal
-- and injury crashes under the area and road user filters), the nearest imported intersection
-- within $cell_m of the centre (when intersections exist) and the nearest corridor with its
-- distance in metres from the centre. Params: $cells, $cvegeo, $mode, $cell_m.
WITH wanted AS (
    SELECT DISTINCT split_part(c, ':', 1)::BIGINT AS cx, split_part(c, ':', 2)::BIGINT AS cy
    FROM unnest($cells::VARCHAR[]) AS t(c)
),
k AS (
    SELECT floor(k.cx * 100 / $cell_m)::BIGINT AS cx, floor(k.cy * 100 / $cell_m)::BIGINT AS cy, k.cvegeo, k.n
    FROM crash_year_cell k
    WHERE ($cvegeo IS NULL OR k.cvegeo = $cvegeo)
      AND crash_has_victims(k.severity)
      AND crash_mode_matches(k.pedestrian, k.cyclist, k.motorcyclist, $mode)
),
places AS (
    SELECT cx, cy, arg_max(cvegeo, n) AS cvegeo, ST_Point((cx + 0.5) * $cell_m, (cy + 0.5) * $cell_m) AS centre
    FROM (SELECT cx, cy, cvegeo, sum(n) AS n FROM k SEMI JOIN wanted USING (cx, cy) GROUP BY ALL)
    GROUP BY cx, cy
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
SELECT p.cx || ':' || p.cy AS cell, m.name AS municipality, ni.intersection,
       nc.corridor_id, nc.corridor, nc.corridor_distance_m,
       ST_X(ST_Transform(p.centre, 'EPSG:32614', 'EPSG:4326', always_xy := true)) AS lon,
       ST_Y(ST_Transform(p.centre, 'EPSG:32614', 'EPSG:4326', always_xy := true)) AS lat
FROM places p
LEFT JOIN municipality m USING (cvegeo)
LEFT JOIN nearest_corridor nc USING (cx, cy)
LEFT JOIN nearest_intersection ni USING (cx, cy)
