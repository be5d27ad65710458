-- Quality check: every record linked to a crash counted from another source, with the counted crash's source and
-- victims. conflicting_victims: both give killed and injured and they differ (one event, two different tolls).
SELECT l.source, k.source AS counted_source, l.crash_id, l.occurred_at, l.time_known,
       l.killed, l.injured, k.killed AS counted_killed, k.injured AS counted_injured,
       (l.killed IS NOT NULL AND l.injured IS NOT NULL AND k.killed IS NOT NULL AND k.injured IS NOT NULL
        AND (l.killed <> k.killed OR l.injured <> k.injured)) AS conflicting_victims,
       l.placement, l.place_name, round(l.distance_m, 1) AS distance_m, l.rule, l.was_counted, l.linked_by
FROM crash_link l
LEFT JOIN crash k USING (crash_id)
ORDER BY l.source, l.occurred_at, l.crash_id
