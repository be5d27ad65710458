-- Quality check: whole calendar months inside a source's coverage of a municipality with no record at all from it,
-- where the source averages at least $min_per_month records a month there (a gap in the file, not a quiet month).
WITH records AS (
    SELECT source, cvegeo, occurred_at FROM crash
    UNION ALL
    SELECT source, cvegeo, occurred_at FROM crash_link
),
months AS (
    SELECT c.source, c.cvegeo, unnest(generate_series(
        date_trunc('month', c.date_from + INTERVAL 1 MONTH - INTERVAL 1 DAY)::TIMESTAMP,
        date_trunc('month', c.date_to + INTERVAL 1 DAY)::TIMESTAMP - INTERVAL 1 MONTH,
        INTERVAL 1 MONTH))::DATE AS month
    FROM crash_coverage c
),
counts AS (
    SELECT m.source, m.cvegeo, m.month, count(r.occurred_at) AS n
    FROM months m
    LEFT JOIN records r ON r.source = m.source AND r.cvegeo = m.cvegeo AND date_trunc('month', r.occurred_at)::DATE = m.month
    GROUP BY ALL
),
rated AS (
    SELECT *, avg(n) OVER (PARTITION BY source, cvegeo) AS per_month FROM counts
)
SELECT source, cvegeo, month, round(per_month, 1) AS per_month
FROM rated
WHERE n = 0 AND per_month >= $min_per_month
ORDER BY source, cvegeo, month
