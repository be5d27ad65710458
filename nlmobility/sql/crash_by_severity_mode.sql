-- Crashes by severity and road-user involvement matching the filters.
-- Params: $cvegeo, $year_from, $year_to.
SELECT k.severity,
       count(*) AS crashes,
       count(*) FILTER (WHERE k.pedestrian) AS pedestrian,
       count(*) FILTER (WHERE k.cyclist) AS cyclist,
       count(*) FILTER (WHERE k.motorcyclist) AS motorcyclist,
       sum(k.killed) AS killed, sum(k.injured) AS injured
FROM crash k
WHERE ($cvegeo IS NULL OR k.cvegeo = $cvegeo)
  AND k.occurred_at >= make_date($year_from, 1, 1) AND k.occurred_at < make_date($year_to + 1, 1, 1)
GROUP BY 1 ORDER BY 1
