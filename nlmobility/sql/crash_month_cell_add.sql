-- Add to the precomputed crash_month_cell table the crashes with crash_id > $after_id (-1: all), counted per
-- month, 400 m cell (UTM 14N), municipality, severity and road users. Params: $after_id.
INSERT INTO crash_month_cell
SELECT date_trunc('month', occurred_at)::DATE, floor(x / 400)::INTEGER, floor(y / 400)::INTEGER, cvegeo, severity,
       pedestrian, cyclist, motorcyclist, count(*)
FROM crash
WHERE crash_id > $after_id
GROUP BY ALL
ORDER BY 1, 4, 2, 3
