-- Hotspots: the square cells of $cell_m metres (UTM 14N) with the most crashes matching the filters,
-- densest first, with the cell centre in EPSG:4326 (lon, lat) and the nearest corridor and its
-- distance in metres (UTM 14N) from the cell centre.
-- Params: crash filters ($cvegeo, $year_from, $year_to, $severity, $mode), $cell_m, $limit.
WITH cells AS (
    SELECT floor(k.x / $cell_m) AS cx, floor(k.y / $cell_m) AS cy, count(*) AS crashes,
           count(*) FILTER (WHERE k.severity = 'fatal') AS fatal, count(*) FILTER (WHERE k.pedestrian) AS pedestrian,
           mode(k.cvegeo) AS cvegeo
    FROM crash k
    WHERE ($cvegeo IS NULL OR k.cvegeo = $cvegeo)
      AND crash_in_years(k.occurred_at, $year_from, $year_to)
      AND crash_severity_matches(k.severity, $severity)
      AND crash_mode_matches(k.pedestrian, k.cyclist, k.motorcyclist, $mode)
    GROUP BY 1, 2
    ORDER BY crashes DESC, cx, cy
    LIMIT $limit
),
centres AS (
    SELECT *, ST_Point((cx + 0.5) * $cell_m, (cy + 0.5) * $cell_m) AS centre FROM cells
),
nearest AS (
    SELECT c.cx, c.cy, arg_min(r.name, ST_Distance(r.geom_utm, c.centre)) AS corridor,
           min(ST_Distance(r.geom_utm, c.centre)) AS corridor_distance_m
    FROM centres c, corridor r GROUP BY c.cx, c.cy
)
SELECT row_number() OVER (ORDER BY c.crashes DESC, c.cx, c.cy) AS rank, m.name AS municipality, c.crashes, c.fatal, c.pedestrian,
       n.corridor, n.corridor_distance_m,
       ST_X(ST_Transform(c.centre, 'EPSG:32614', 'EPSG:4326', always_xy := true)) AS lon,
       ST_Y(ST_Transform(c.centre, 'EPSG:32614', 'EPSG:4326', always_xy := true)) AS lat
FROM centres c LEFT JOIN nearest n USING (cx, cy) LEFT JOIN municipality m USING (cvegeo)
ORDER BY rank
