-- Crashes per metro municipality matching the filters, with the rate per 100,000 inhabitants per year
-- of coverage: the years divided by are the days the records cover in the period (crash_coverage), so a
-- municipality covered 5 of 11 years is not diluted over 11, and one never covered has no rate (NULL), not 0.
-- Coverage of several sources counts from the earliest start to the latest end (sources are assumed to join up).
-- Params: $year_from, $year_to, $severity, $mode.
WITH cov AS (
    SELECT cvegeo,
           greatest(0, datediff('day', greatest(min(date_from), make_date(coalesce($year_from, 1900), 1, 1)),
                                       least(max(date_to), make_date(coalesce($year_to, 2999), 12, 31))) + 1) AS days
    FROM crash_coverage
    GROUP BY cvegeo
)
SELECT m.cvegeo, m.name, m.population, count(k.crash_id) AS crashes,
       count(k.crash_id) FILTER (WHERE crash_has_victims(k.severity)) AS with_victims,
       count(k.crash_id) FILTER (WHERE k.severity = 'fatal') AS fatal,
       coalesce(any_value(cov.days), 0) / 365.25 AS covered_years,
       CASE WHEN coalesce(any_value(cov.days), 0) > 0
            THEN count(k.crash_id) * 100000.0 / m.population / (any_value(cov.days) / 365.25) END AS per_100k_year
FROM municipality m
LEFT JOIN cov USING (cvegeo)
LEFT JOIN crash k ON k.cvegeo = m.cvegeo
  AND crash_in_years(k.occurred_at, $year_from, $year_to)
  AND crash_severity_matches(k.severity, $severity)
  AND crash_mode_matches(k.pedestrian, k.cyclist, k.motorcyclist, $mode)
WHERE m.is_metro
GROUP BY m.cvegeo, m.name, m.population ORDER BY crashes DESC
