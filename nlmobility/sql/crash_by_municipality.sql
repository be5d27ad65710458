-- Crashes per municipality matching the filters, with the rate per 100,000 inhabitants per year.
-- Params: $year_from, $year_to, $severity, $mode.
SELECT m.cvegeo, m.name, m.population, count(k.crash_id) AS crashes,
       count(k.crash_id) FILTER (WHERE crash_has_victims(k.severity)) AS with_victims,
       count(k.crash_id) FILTER (WHERE k.severity = 'fatal') AS fatal,
       count(k.crash_id) * 100000.0 / m.population / ($year_to - $year_from + 1) AS per_100k_year
FROM municipality m
LEFT JOIN crash k ON k.cvegeo = m.cvegeo
  AND crash_in_years(k.occurred_at, $year_from, $year_to)
  AND crash_severity_matches(k.severity, $severity)
  AND crash_mode_matches(k.pedestrian, k.cyclist, k.motorcyclist, $mode)
WHERE m.is_metro
GROUP BY m.cvegeo, m.name, m.population ORDER BY crashes DESC
