-- Crashes within $buffer_m metres (UTM 14N) of one corridor in a time window [$date_from, $date_to),
-- as points in EPSG:4326 (lon, lat) for the workshop maps. A corridor has at most a few hundred.
-- Params: $corridor_id, $buffer_m, $date_from, $date_to, $severity, $mode, $max_points.
-- Read from the precomputed crash_corridor table (distance_m <= $buffer_m is ST_DWithin).
SELECT k.lon, k.lat, k.severity, k.occurred_at
FROM crash_corridor k
WHERE k.corridor_id = $corridor_id AND k.distance_m <= $buffer_m
  AND k.occurred_at >= $date_from AND k.occurred_at < $date_to
  AND crash_severity_matches(k.severity, $severity)
  AND crash_mode_matches(k.pedestrian, k.cyclist, k.motorcyclist, $mode)
ORDER BY k.occurred_at
LIMIT $max_points
