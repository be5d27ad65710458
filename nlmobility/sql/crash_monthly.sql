-- Crashes per month matching the filters, metro-wide (or one municipality), from the precomputed
-- crash_month_cell counts. Params: $cvegeo, $year_from, $year_to, $severity, $mode.
SELECT k.month, sum(k.n)::BIGINT AS crashes,
       coalesce(sum(k.n) FILTER (WHERE crash_has_victims(k.severity)), 0)::BIGINT AS with_victims
FROM crash_month_cell k
WHERE ($cvegeo IS NULL OR k.cvegeo = $cvegeo)
  AND crash_in_years(k.month, $year_from, $year_to)
  AND crash_severity_matches(k.severity, $severity)
  AND crash_mode_matches(k.pedestrian, k.cyclist, k.motorcyclist, $mode)
GROUP BY 1 ORDER BY 1
