-- Reference site-years of the safety performance function (SPF) behind the Empirical Bayes before/after
-- (nlmobility.safety): every corridor's avenue segment in each whole calendar year in which it was not
-- treated - the year ends before its before window starts (works start, or opening when the works date is
-- unknown, minus $months months), or the corridor has neither date (not built) - and which the crash records
-- of its municipality cover whole (crash_coverage), up to the data's end. Treated years, works years and the
-- before windows themselves (where a corridor may have been chosen for a high count) never enter the fit.
-- Counts are crashes within $buffer_m metres (UTM 14N, precomputed crash_corridor) with the severity and
-- mode filters; the municipality and corridor filters do not apply: the SPF describes avenues of the whole
-- covered area. Params: $buffer_m, $months, $severity, $mode, $data_end (last data date).
WITH c AS (
    SELECT corridor_id, cvegeo, length_m, coalesce(works_start, opening_date) AS start
    FROM corridor
),
span AS (
    SELECT year(min(date_from)) AS first_year, year($data_end) AS last_year FROM crash_coverage
),
whole AS (  -- municipality-years the records cover from 1 January to 31 December
    SELECT DISTINCT v.cvegeo, y.year
    FROM crash_coverage v,
         (SELECT unnest(generate_series(first_year, last_year)) AS year FROM span WHERE first_year IS NOT NULL) y
    WHERE v.date_from <= make_date(y.year, 1, 1) AND v.date_to >= make_date(y.year, 12, 31)
),
site_years AS (
    SELECT c.corridor_id, c.length_m, w.year
    FROM c JOIN whole w ON w.cvegeo = c.cvegeo
    WHERE make_date(w.year, 12, 31) <= $data_end
      AND (c.start IS NULL OR make_date(w.year + 1, 1, 1) <= c.start - to_months($months))
),
k AS (
    SELECT corridor_id, year(occurred_at) AS year, count(*) AS n
    FROM crash_corridor
    WHERE distance_m <= $buffer_m
      AND crash_severity_matches(severity, $severity)
      AND crash_mode_matches(pedestrian, cyclist, motorcyclist, $mode)
    GROUP BY ALL
)
SELECT s.corridor_id, s.year, s.length_m / 1000.0 AS km, coalesce(k.n, 0)::BIGINT AS crashes
FROM site_years s LEFT JOIN k USING (corridor_id, year)
ORDER BY s.corridor_id, s.year
