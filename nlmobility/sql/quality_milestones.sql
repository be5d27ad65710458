-- Quality check: milestones whose status was never imported ('unknown') out of all, and corridors with and without
-- an opening date (before/after needs one).
SELECT (SELECT count(*) FROM milestone) AS milestones,
       (SELECT count(*) FROM milestone WHERE status = 'unknown') AS milestones_unknown,
       (SELECT count(*) FROM corridor) AS corridors,
       (SELECT count(*) FROM corridor WHERE opening_date IS NOT NULL) AS corridors_opened
