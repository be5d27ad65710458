-- The action plan's commitments with their milestone progress as of $as_of. Unknown fields stay NULL.
-- milestones = 0 means no milestone list is known for the commitment (not "nothing to do").
WITH m AS (
    SELECT commitment_id,
           count(*) AS milestones,
           count(*) FILTER (WHERE status = 'finished') AS finished,
           count(*) FILTER (WHERE status = 'unknown') AS unknown,
           count(*) FILTER (WHERE status NOT IN ('finished', 'unknown') AND planned_end < $as_of) AS overdue,
           count(*) FILTER (WHERE status = 'stuck') AS stuck
    FROM milestone GROUP BY commitment_id
)
SELECT c.commitment_id, c.plan_slot, c.ogp_id, c.title_es, c.title_en, c.scope, c.jurisdiction,
       c.starts_on, c.ends_on, c.institutions, c.url, c.eoc_url, c.inception_es, c.inception_en,
       c.summary_es, c.summary_en,
       coalesce(m.milestones, 0) AS milestones, coalesce(m.finished, 0) AS finished,
       coalesce(m.unknown, 0) AS unknown, coalesce(m.overdue, 0) AS overdue, coalesce(m.stuck, 0) AS stuck
FROM commitment c LEFT JOIN m USING (commitment_id)
ORDER BY array_position(['T', 'S', 'M'], left(c.plan_slot, 1)), c.plan_slot
