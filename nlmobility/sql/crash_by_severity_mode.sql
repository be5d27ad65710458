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
  AND crash_in_years(k.occurred_at, $year_from, $year_to)
GROUP BY 1 ORDER BY 1
