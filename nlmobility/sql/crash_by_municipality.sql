-- Crashes per municipality matching the filters, with the rate per 100,000 inhabitants per year.
-- Params: $year_from, $year_to, $severity, $mode.
SELECT m.cvegeo, m.name, m.population, count(k.crash_id) AS crashes,
       count(k.crash_id) FILTER (WHERE k.severity IN ('injury', 'fatal')) AS with_victims,
       count(k.crash_id) FILTER (WHERE k.severity = 'fatal') AS fatal,
       count(k.crash_id) * 100000.0 / m.population / ($year_to - $year_from + 1) AS per_100k_year
FROM municipality m
LEFT JOIN crash k ON k.cvegeo = m.cvegeo
  AND k.occurred_at >= make_date($year_from, 1, 1) AND k.occurred_at < make_date($year_to + 1, 1, 1)
  AND ($severity = 'all' OR ($severity = 'victims' AND k.severity IN ('injury', 'fatal')) OR k.severity = $severity)
  AND ($mode = 'all' OR ($mode = 'pedestrian' AND k.pedestrian) OR ($mode = 'cyclist' AND k.cyclist)
       OR ($mode = 'motorcyclist' AND k.motorcyclist))
WHERE m.is_metro
GROUP BY m.cvegeo, m.name, m.population ORDER BY crashes DESC
