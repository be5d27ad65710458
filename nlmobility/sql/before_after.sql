-- Crashes within $buffer_m metres (UTM 14N) of each opened corridor: the $months months before
-- works started against the $months months after opening (the works period is excluded).
-- Exposure is km-years of corridor: length_m / 1000 * months / 12.
-- metro_before / metro_after count the crashes of the rest of the metro area (same severity and
-- mode, any municipality, farther than $buffer_m from every corridor) in the same two windows: the
-- trend the corridor is compared against, uncontaminated by the corridors' own crashes, and counted only in the
-- municipalities and days the crash records cover (crash_coverage), so a source's edges are no trend.
-- Params: $buffer_m, $months, $severity, $mode, $cvegeo, $corridor_id, $data_end (last data date).
WITH c AS (
    SELECT corridor_id, name, cvegeo, length_m, geom_utm,
           coalesce(works_start, opening_date) AS works_start, opening_date
    FROM corridor
    WHERE opening_date IS NOT NULL
      AND ($cvegeo IS NULL OR cvegeo = $cvegeo)
      AND ($corridor_id IS NULL OR corridor_id = $corridor_id)
),
hits AS MATERIALIZED (  -- crashes near each corridor (precomputed join), used twice: near each corridor, and near any
    SELECT corridor_id, crash_id, occurred_at, severity, pedestrian, cyclist, motorcyclist, cvegeo
    FROM crash_corridor WHERE distance_m <= $buffer_m
),
k AS (
    SELECT c.corridor_id, k.occurred_at, k.severity
    FROM hits k JOIN c USING (corridor_id)
    WHERE crash_severity_matches(k.severity, $severity)
      AND crash_mode_matches(k.pedestrian, k.cyclist, k.motorcyclist, $mode)
),
near_any AS (  -- crashes within the buffer of any corridor (opened or not, whatever the filters), each once
    SELECT crash_id, any_value(occurred_at) AS occurred_at, any_value(severity) AS severity,
           any_value(pedestrian) AS pedestrian, any_value(cyclist) AS cyclist, any_value(motorcyclist) AS motorcyclist,
           any_value(cvegeo) AS cvegeo
    FROM hits GROUP BY crash_id
),
covered AS (  -- municipality-days the records cover: the comparison area is only where and when crashes are recorded
    SELECT DISTINCT cvegeo, date_from, date_to FROM crash_coverage
),
daily AS (  -- the rest of the metro area per day: every crash (precomputed day counts) minus those near a corridor
    SELECT d, sum(n) AS n FROM (
        SELECT k.day AS d, k.n
        FROM crash_day_count k
        SEMI JOIN covered v ON k.cvegeo = v.cvegeo AND k.day BETWEEN v.date_from AND v.date_to
        WHERE crash_severity_matches(k.severity, $severity)
          AND crash_mode_matches(k.pedestrian, k.cyclist, k.motorcyclist, $mode)
        UNION ALL
        SELECT CAST(k.occurred_at AS DATE), -1
        FROM near_any k
        SEMI JOIN covered v ON k.cvegeo = v.cvegeo AND CAST(k.occurred_at AS DATE) BETWEEN v.date_from AND v.date_to
        WHERE crash_severity_matches(k.severity, $severity)
          AND crash_mode_matches(k.pedestrian, k.cyclist, k.motorcyclist, $mode)
    )
    GROUP BY 1
),
metro AS (
    SELECT c.corridor_id,
           coalesce(sum(daily.n) FILTER (WHERE daily.d >= c.works_start - to_months($months) AND daily.d < c.works_start), 0) AS metro_before,
           coalesce(sum(daily.n) FILTER (WHERE daily.d >= c.opening_date AND daily.d < c.opening_date + to_months($months)), 0) AS metro_after
    FROM c, daily
    GROUP BY c.corridor_id
),
near AS (
    SELECT c.corridor_id, c.name, c.cvegeo, c.length_m, c.works_start, c.opening_date,
           c.opening_date + to_months($months) <= $data_end + INTERVAL 1 DAY AS after_complete,
           count(k.occurred_at) FILTER (WHERE k.occurred_at >= c.works_start - to_months($months) AND k.occurred_at < c.works_start) AS n_before,
           count(k.occurred_at) FILTER (WHERE k.occurred_at >= c.opening_date AND k.occurred_at < c.opening_date + to_months($months)) AS n_after,
           c.length_m / 1000.0 * $months / 12.0 AS km_years
    FROM c LEFT JOIN k USING (corridor_id)
    GROUP BY ALL
)
SELECT near.*, coalesce(metro.metro_before, 0)::BIGINT AS metro_before, coalesce(metro.metro_after, 0)::BIGINT AS metro_after
FROM near LEFT JOIN metro USING (corridor_id)
ORDER BY near.opening_date
