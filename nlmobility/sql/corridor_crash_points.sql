-- Crashes within $buffer_m metres (UTM 14N) of one corridor in a time window [$date_from, $date_to),
-- as points in EPSG:4326 (lon, lat) for the workshop maps. A corridor has at most a few hundred.
-- Params: $corridor_id, $buffer_m, $date_from, $date_to, $severity, $mode, $max_points.
SELECT ST_X(k.geom) AS lon, ST_Y(k.geom) AS lat, k.severity, k.occurred_at
FROM crash k JOIN corridor c ON ST_DWithin(k.geom_utm, c.geom_utm, $buffer_m)
WHERE c.corridor_id = $corridor_id
  AND k.occurred_at >= $date_from AND k.occurred_at < $date_to
  AND crash_severity_matches(k.severity, $severity)
  AND crash_mode_matches(k.pedestrian, k.cyclist, k.motorcyclist, $mode)
ORDER BY k.occurred_at
LIMIT $max_points
