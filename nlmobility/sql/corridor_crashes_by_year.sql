-- Crashes within $buffer_m metres (UTM 14N) of one corridor, per year and severity.
-- Params: $corridor_id, $buffer_m.
SELECT year(k.occurred_at) AS year,
       count(*) AS crashes,
       count(*) FILTER (WHERE crash_has_victims(k.severity)) AS with_victims,
       count(*) FILTER (WHERE k.severity = 'fatal') AS fatal
FROM crash_corridor k  -- precomputed: distance_m <= $buffer_m is ST_DWithin
WHERE k.corridor_id = $corridor_id AND k.distance_m <= $buffer_m
GROUP BY 1 ORDER BY 1
