-- Crashes by ISO weekday (1 = Monday) and hour matching the filters.
-- Params: $cvegeo, $year_from, $year_to, $severity, $mode.
SELECT isodow(k.occurred_at) AS weekday, hour(k.occurred_at) AS hour, count(*) AS crashes
FROM crash k
WHERE ($cvegeo IS NULL OR k.cvegeo = $cvegeo)
  AND k.occurred_at >= make_date($year_from, 1, 1) AND k.occurred_at < make_date($year_to + 1, 1, 1)
  AND ($severity = 'all' OR ($severity = 'victims' AND k.severity IN ('injury', 'fatal')) OR k.severity = $severity)
  AND ($mode = 'all' OR ($mode = 'pedestrian' AND k.pedestrian) OR ($mode = 'cyclist' AND k.cyclist)
       OR ($mode = 'motorcyclist' AND k.motorcyclist))
GROUP BY 1, 2 ORDER BY 1, 2
