-- Crashes within $buffer_m metres (UTM 14N) of one corridor, per year and severity.
-- Params: $corridor_id, $buffer_m.
SELECT year(k.occurred_at) AS year,
       count(*) AS crashes,
       count(*) FILTER (WHERE crash_has_victims(k.severity)) AS with_victims,
       count(*) FILTER (WHERE k.severity = 'fatal') AS fatal
FROM crash k JOIN corridor c ON ST_DWithin(k.geom_utm, c.geom_utm, $buffer_m)
WHERE c.corridor_id = $corridor_id
GROUP BY 1 ORDER BY 1
