-- Commitments with their milestone progress as of $as_of.
SELECT c.commitment_id, c.title_es, c.title_en, c.scope, c.starts_on, c.ends_on, c.institutions, c.url,
       count(m.milestone_id) AS milestones,
       count(m.milestone_id) FILTER (WHERE m.status = 'finished') AS finished,
       count(m.milestone_id) FILTER (WHERE m.status = 'unknown') AS unknown,
       count(m.milestone_id) FILTER (WHERE m.status NOT IN ('finished', 'unknown') AND m.planned_end < $as_of) AS overdue,
       count(m.milestone_id) FILTER (WHERE m.status = 'stuck') AS stuck
FROM commitment c LEFT JOIN milestone m USING (commitment_id)
GROUP BY c.commitment_id, c.title_es, c.title_en, c.scope, c.starts_on, c.ends_on, c.institutions, c.url
ORDER BY c.commitment_id <> 'MXMTY0005', c.commitment_id
