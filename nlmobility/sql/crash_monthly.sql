-- Crashes per month matching the filters, metro-wide (or one municipality).
-- Params: $cvegeo, $year_from, $year_to, $severity, $mode.
SELECT date_trunc('month', k.occurred_at)::DATE AS month, count(*) AS crashes,
       count(*) FILTER (WHERE k.severity IN ('injury', 'fatal')) AS with_victims
FROM crash k
WHERE ($cvegeo IS NULL OR k.cvegeo = $cvegeo)
  AND k.occurred_at >= make_date($year_from, 1, 1) AND k.occurred_at < make_date($year_to + 1, 1, 1)
  AND ($severity = 'all' OR ($severity = 'victims' AND k.severity IN ('injury', 'fatal')) OR k.severity = $severity)
  AND ($mode = 'all' OR ($mode = 'pedestrian' AND k.pedestrian) OR ($mode = 'cyclist' AND k.cyclist)
       OR ($mode = 'motorcyclist' AND k.motorcyclist))
GROUP BY 1 ORDER BY 1
