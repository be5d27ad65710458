-- Add to corridor_display the display copy of every corridor that has none yet: its line simplified with
-- $tolerance_m metres (ST_SimplifyPreserveTopology on geom_utm, EPSG:32614), back in EPSG:4326 (lon, lat) with
-- coordinates rounded to 1e-6 degrees (about 0.1 m; a line that rounding would collapse keeps them whole).
-- Empty parts are dropped (ST_SimplifyPreserveTopology drops them). Params: $tolerance_m.
INSERT INTO corridor_display
SELECT corridor_id, $tolerance_m, ST_NPoints(g), g
FROM (
    SELECT corridor_id,
           CASE WHEN ST_IsEmpty(ST_ReducePrecision(s, 0.000001)) THEN s ELSE ST_ReducePrecision(s, 0.000001) END AS g
    FROM (
        SELECT c.corridor_id,
               ST_Transform(ST_SimplifyPreserveTopology(c.geom_utm, $tolerance_m), 'EPSG:32614', 'EPSG:4326',
                            always_xy := true) AS s
        FROM corridor c
        WHERE c.corridor_id NOT IN (SELECT corridor_id FROM corridor_display)
    )
)
ORDER BY corridor_id
