-- High-injury network input: fatal and injury crashes per square cell of $cell_m metres (UTM 14N)
-- and calendar year, for the area and road user filters (any period: the network slides its own
-- windows over whole years). Only counts: the places' details are read for the cells on the
-- network (crash_hin_places.sql). Params: $cvegeo, $mode, $cell_m.
WITH k AS (  -- from the precomputed yearly 100 m cells ($cell_m is a multiple of 100)
    SELECT floor(k.cx * 100 / $cell_m)::BIGINT AS cx, floor(k.cy * 100 / $cell_m)::BIGINT AS cy,
           k.year, k.severity, k.n
    FROM crash_year_cell k
    WHERE ($cvegeo IS NULL OR k.cvegeo = $cvegeo)
      AND crash_has_victims(k.severity)
      AND crash_mode_matches(k.pedestrian, k.cyclist, k.motorcyclist, $mode)
)
SELECT cx || ':' || cy AS cell, year,
       coalesce(sum(n) FILTER (WHERE severity = 'fatal'), 0)::BIGINT AS fatal,
       coalesce(sum(n) FILTER (WHERE severity = 'injury'), 0)::BIGINT AS injury
FROM k GROUP BY cx, cy, year
ORDER BY cell, year
