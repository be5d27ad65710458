-- Crashes by ISO weekday (1 = Monday) and hour matching the filters.
-- Params: $cvegeo, $year_from, $year_to, $severity, $mode.
SELECT isodow(k.occurred_at) AS weekday, hour(k.occurred_at) AS hour, count(*) AS crashes
FROM crash k
WHERE k.time_known
  AND ($cvegeo IS NULL OR k.cvegeo = $cvegeo)
  AND crash_in_years(k.occurred_at, $year_from, $year_to)
  AND crash_severity_matches(k.severity, $severity)
  AND crash_mode_matches(k.pedestrian, k.cyclist, k.motorcyclist, $mode)
GROUP BY 1, 2 ORDER BY 1, 2
