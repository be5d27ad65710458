-- Hotspots: the square cells of $cell_m metres (UTM 14N; a multiple of the precomputed 100 m cells of
-- crash_year_cell) with the most crashes matching the filters (whole years), densest first, with the cell
-- centre in EPSG:4326 (lon, lat), its municipality (the one with most of its crashes) and the nearest
-- corridor and its distance in metres (UTM 14N) from the cell centre.
-- Params: crash filters ($cvegeo, $year_from, $year_to, $severity, $mode), $cell_m, $limit.
WITH k AS (
    SELECT floor(k.cx * 100 / $cell_m) AS cx, floor(k.cy * 100 / $cell_m) AS cy, k.cvegeo, k.severity, k.pedestrian, k.n
    FROM crash_year_cell k
    WHERE ($cvegeo IS NULL OR k.cvegeo = $cvegeo)
      AND crash_in_years(make_date(k.year, 1, 1), $year_from, $year_to)
      AND crash_severity_matches(k.severity, $severity)
      AND crash_mode_matches(k.pedestrian, k.cyclist, k.motorcyclist, $mode)
),
cells AS (
    SELECT cx, cy, sum(n)::BIGINT AS crashes,
           coalesce(sum(n) FILTER (WHERE severity = 'fatal'), 0)::BIGINT AS fatal,
           coalesce(sum(n) FILTER (WHERE pedestrian), 0)::BIGINT AS pedestrian
    FROM k
    GROUP BY 1, 2
    ORDER BY crashes DESC, cx, cy
    LIMIT $limit
),
mun AS (  -- the municipality with most of each top cell's crashes
    SELECT cx, cy, arg_max(cvegeo, n) AS cvegeo
    FROM (SELECT cx, cy, cvegeo, sum(n) AS n FROM k SEMI JOIN cells USING (cx, cy) GROUP BY ALL)
    GROUP BY cx, cy
),
centres AS (
    SELECT c.*, mun.cvegeo, ST_Point((c.cx + 0.5) * $cell_m, (c.cy + 0.5) * $cell_m) AS centre
    FROM cells c JOIN mun USING (cx, cy)
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
