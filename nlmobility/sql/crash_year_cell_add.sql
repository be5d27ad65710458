-- Add to the precomputed crash_year_cell table the crashes with crash_id > $after_id (-1: all), counted per
-- calendar year, 100 m cell (UTM 14N), municipality, severity and road users, stored by severity first:
-- fatal and injury rows (a sixth of the table) sit in their own row groups, which the high-injury
-- network reads alone. Params: $after_id.
INSERT INTO crash_year_cell
SELECT year(occurred_at), floor(x / 100)::BIGINT, floor(y / 100)::BIGINT, cvegeo, severity,
       pedestrian, cyclist, motorcyclist, count(*)
FROM crash
WHERE crash_id > $after_id
GROUP BY ALL
ORDER BY severity, 1, 4, 2, 3
