-- Crash density aggregated on the server to square cells of $cell_m metres in UTM 14N (a multiple of the
-- precomputed 400 m cells: crash_month_cell); cell centres are returned in EPSG:4326 (lon, lat). At most
-- $max_cells cells (densest first). Params: crash filters ($cvegeo, $year_from, $year_to, $severity, $mode),
-- $cell_m, $max_cells.
WITH cells AS (
    SELECT floor(k.cx * 400 / $cell_m) AS cx, floor(k.cy * 400 / $cell_m) AS cy, sum(k.n)::BIGINT AS n
    FROM crash_month_cell k
    WHERE ($cvegeo IS NULL OR k.cvegeo = $cvegeo)
      AND crash_in_years(k.month, $year_from, $year_to)
      AND crash_severity_matches(k.severity, $severity)
      AND crash_mode_matches(k.pedestrian, k.cyclist, k.motorcyclist, $mode)
    GROUP BY 1, 2
    ORDER BY n DESC, cx, cy
    LIMIT $max_cells
)
SELECT ST_X(p) AS lon, ST_Y(p) AS lat, n
FROM (SELECT n, ST_Transform(ST_Point((cx + 0.5) * $cell_m, (cy + 0.5) * $cell_m), 'EPSG:32614', 'EPSG:4326', always_xy := true) AS p FROM cells)
