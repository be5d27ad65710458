-- Add to the precomputed crash_day_count table the crashes with crash_id > $after_id (-1: all), counted per
-- day, municipality, severity and road users. Params: $after_id.
INSERT INTO crash_day_count
SELECT CAST(occurred_at AS DATE), cvegeo, severity, pedestrian, cyclist, motorcyclist, count(*)
FROM crash
WHERE crash_id > $after_id
GROUP BY ALL
ORDER BY 1, 2
