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
),
k AS (  -- from the precomputed counts (crash_month_cell)
    SELECT cvegeo, sum(n)::BIGINT AS crashes,
           coalesce(sum(n) FILTER (WHERE crash_has_victims(severity)), 0)::BIGINT AS with_victims,
           coalesce(sum(n) FILTER (WHERE severity = 'fatal'), 0)::BIGINT AS fatal
    FROM crash_month_cell
    WHERE crash_in_years(month, $year_from, $year_to)
      AND crash_severity_matches(severity, $severity)
      AND crash_mode_matches(pedestrian, cyclist, motorcyclist, $mode)
    GROUP BY cvegeo
)
SELECT m.cvegeo, m.name, m.population, coalesce(k.crashes, 0) AS crashes,
       coalesce(k.with_victims, 0) AS with_victims,
       coalesce(k.fatal, 0) AS fatal,
       coalesce(cov.days, 0) / 365.25 AS covered_years,
       CASE WHEN coalesce(cov.days, 0) > 0
            THEN coalesce(k.crashes, 0) * 100000.0 / m.population / (cov.days / 365.25) END AS per_100k_year
FROM municipality m
LEFT JOIN cov USING (cvegeo)
LEFT JOIN k USING (cvegeo)
WHERE m.is_metro
ORDER BY crashes DESC
