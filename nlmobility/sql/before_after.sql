-- Crashes within $buffer_m metres (UTM 14N) of each opened corridor: the $months months before
-- works started against the $months months after opening (the works period is excluded).
-- Exposure is km-years of corridor: length_m / 1000 * months / 12.
-- Params: $buffer_m, $months, $severity, $mode, $cvegeo, $corridor_id, $data_end (last data date).
WITH c AS (
    SELECT corridor_id, name, cvegeo, length_m, geom_utm,
           coalesce(works_start, opening_date) AS works_start, opening_date
    FROM corridor
    WHERE opening_date IS NOT NULL
      AND ($cvegeo IS NULL OR cvegeo = $cvegeo)
      AND ($corridor_id IS NULL OR corridor_id = $corridor_id)
),
k AS (
    SELECT c.corridor_id, k.occurred_at, k.severity
    FROM crash k JOIN c ON ST_DWithin(k.geom_utm, c.geom_utm, $buffer_m)
    WHERE ($severity = 'all' OR ($severity = 'victims' AND k.severity IN ('injury', 'fatal')) OR k.severity = $severity)
      AND ($mode = 'all' OR ($mode = 'pedestrian' AND k.pedestrian) OR ($mode = 'cyclist' AND k.cyclist)
           OR ($mode = 'motorcyclist' AND k.motorcyclist))
)
SELECT c.corridor_id, c.name, c.cvegeo, c.length_m, c.works_start, c.opening_date,
       c.opening_date + to_months($months) <= $data_end + INTERVAL 1 DAY AS after_complete,
       count(k.occurred_at) FILTER (WHERE k.occurred_at >= c.works_start - to_months($months) AND k.occurred_at < c.works_start) AS n_before,
       count(k.occurred_at) FILTER (WHERE k.occurred_at >= c.opening_date AND k.occurred_at < c.opening_date + to_months($months)) AS n_after,
       c.length_m / 1000.0 * $months / 12.0 AS km_years
FROM c LEFT JOIN k USING (corridor_id)
GROUP BY ALL
ORDER BY c.opening_date
