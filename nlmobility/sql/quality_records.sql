-- Quality check: per crash source, its records (counted crashes plus the records linked to a crash counted from
-- another source), how many are counted, how many are linked, and the unknowns: severity not recorded, time not
-- recorded, and counted crashes outside every imported municipal boundary (no municipality).
WITH records AS (
    SELECT source, severity, time_known, cvegeo, true AS counted FROM crash
    UNION ALL
    SELECT source, severity, time_known, cvegeo, false AS counted FROM crash_link
)
SELECT source,
       count(*) AS records,
       count(*) FILTER (WHERE counted) AS counted,
       count(*) FILTER (WHERE NOT counted) AS linked,
       count(*) FILTER (WHERE severity = 'unknown') AS unknown_severity,
       count(*) FILTER (WHERE NOT time_known) AS unknown_time,
       count(*) FILTER (WHERE counted AND cvegeo IS NULL) AS no_municipality
FROM records
GROUP BY source
ORDER BY source
