-- Crashes per month matching the filters, metro-wide (or one municipality).
-- Params: $cvegeo, $year_from, $year_to, $severity, $mode.
SELECT date_trunc('month', k.occurred_at)::DATE AS month, count(*) AS crashes,
       count(*) FILTER (WHERE crash_has_victims(k.severity)) AS with_victims
FROM crash k
WHERE ($cvegeo IS NULL OR k.cvegeo = $cvegeo)
  AND crash_in_years(k.occurred_at, $year_from, $year_to)
  AND crash_severity_matches(k.severity, $severity)
  AND crash_mode_matches(k.pedestrian, k.cyclist, k.motorcyclist, $mode)
GROUP BY 1 ORDER BY 1
