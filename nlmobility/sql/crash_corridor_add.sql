-- Add to the precomputed crash_corridor table every crash with crash_id > $after_id (-1: all) that lies within
-- $max_m metres (UTM 14N) of a corridor, with its distance. Params: $after_id, $max_m.
INSERT INTO crash_corridor
SELECT k.crash_id, c.corridor_id, ST_Distance(k.geom_utm, c.geom_utm), k.occurred_at, k.severity,
       k.pedestrian, k.cyclist, k.motorcyclist, k.lon, k.lat, k.cvegeo
FROM crash k JOIN corridor c ON ST_DWithin(k.geom_utm, c.geom_utm, $max_m)
WHERE k.crash_id > $after_id
ORDER BY c.corridor_id, k.occurred_at
