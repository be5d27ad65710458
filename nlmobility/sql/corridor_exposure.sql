-- Exposure near each corridor: the counts of people passing at sites within $buffer_m metres
-- (UTM 14N), what they cover (sites, days, hours), and the pedestrian and cyclist crashes within
-- the same distance over the crash period ($year_from..$year_to, whole years chosen by the page).
-- Params: $buffer_m, $cvegeo, $corridor_id, $year_from, $year_to.
WITH c AS (
    SELECT corridor_id, name, geom_utm FROM corridor
    WHERE ($cvegeo IS NULL OR cvegeo = $cvegeo) AND ($corridor_id IS NULL OR corridor_id = $corridor_id)
),
counted AS (
    SELECT c.corridor_id, c.name, t.*
    FROM c JOIN traffic_count t ON ST_DWithin(t.geom_utm, c.geom_utm, $buffer_m)
),
exposure AS (
    SELECT corridor_id, name,
           count(DISTINCT site) AS sites, string_agg(DISTINCT site, ' · ' ORDER BY site) AS site_names,
           min(count_date) AS first_day, max(count_date) AS last_day,
           count(DISTINCT site || '|' || count_date) AS site_days,
           count(hour) AS hours, min(hour) AS first_hour, max(hour) AS last_hour,
           bool_or(hour IS NULL) AS has_daily_totals,
           sum(pedestrians) AS pedestrians, sum(cyclists) AS cyclists,
           sum(women) AS women, sum(men) AS men, sum(children) AS children,
           count(pedestrians) AS rows_with_pedestrians, count(cyclists) AS rows_with_cyclists, count(*) AS rows
    FROM counted GROUP BY corridor_id, name
),
near AS (
    SELECT e.corridor_id,
           count(DISTINCT k.crash_id) FILTER (WHERE k.pedestrian) AS pedestrian_crashes,
           count(DISTINCT k.crash_id) FILTER (WHERE k.cyclist) AS cyclist_crashes
    FROM exposure e JOIN c USING (corridor_id)
    JOIN crash_corridor k ON k.corridor_id = c.corridor_id AND k.distance_m <= $buffer_m  -- precomputed join
    WHERE crash_in_years(k.occurred_at, $year_from, $year_to)
    GROUP BY e.corridor_id
)
SELECT e.*, coalesce(n.pedestrian_crashes, 0) AS pedestrian_crashes, coalesce(n.cyclist_crashes, 0) AS cyclist_crashes
FROM exposure e LEFT JOIN near n USING (corridor_id)
ORDER BY e.name
