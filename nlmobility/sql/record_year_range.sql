-- First and last year with any record (crashes, participation events, comments) for the period
-- filter, and the last year with participation (so a workshop recorded today is inside the period).
WITH years AS (
    SELECT year(occurred_at) AS y, false AS participation FROM crash
    UNION ALL SELECT year(event_date), true FROM participation_event
    UNION ALL SELECT year(comment_date), true FROM participation_comment
)
SELECT min(y) AS first_year, max(y) AS last_year, max(y) FILTER (WHERE participation) AS last_participation_year
FROM years
