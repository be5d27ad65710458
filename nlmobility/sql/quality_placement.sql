-- Quality check: per crash source, how its records were located: 'point' (own coordinates), 'exact' (the
-- gazetteer intersection of the same name) or 'normalised' (a looser match); counted crashes and linked records.
SELECT source, method, count(*) AS n
FROM (
    SELECT k.source, coalesce(p.method, 'point') AS method FROM crash k LEFT JOIN crash_placement p USING (crash_id)
    UNION ALL
    SELECT source, placement AS method FROM crash_link
)
GROUP BY ALL
ORDER BY source, method
