-- Quality check: counted crashes whose point lies outside the polygon of their municipality (cvegeo), per source and
-- municipality, with the farthest distance and how many lie beyond the import's tolerance for a declared
-- municipality ($tolerance_point m for a surveyed point, $tolerance_intersection m for an intersection's point).
-- Distances in UTM 14N metres (geom_utm).
WITH d AS (
    SELECT k.source, k.cvegeo, ST_Distance(k.geom_utm, m.geom_utm) AS d, p.crash_id IS NOT NULL AS by_name
    FROM crash k
    JOIN municipality m USING (cvegeo)
    LEFT JOIN (SELECT DISTINCT crash_id FROM crash_placement) p USING (crash_id)
)
SELECT d.source, d.cvegeo, any_value(m.name) AS name, count(*) AS n, round(max(d.d), 1) AS max_m,
       count(*) FILTER (WHERE d.d > CASE WHEN d.by_name THEN $tolerance_intersection ELSE $tolerance_point END)
           AS beyond_tolerance
FROM d JOIN municipality m USING (cvegeo)
WHERE d.d > 0
GROUP BY d.source, d.cvegeo
ORDER BY d.source, n DESC
