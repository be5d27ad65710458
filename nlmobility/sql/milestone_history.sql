-- Every status change of the milestones of one commitment. Params: $commitment_id.
SELECT h.milestone_id, m.seq, m.title_es, m.title_en, h.changed_on, h.status, h.note
FROM milestone_status_history h JOIN milestone m USING (milestone_id)
WHERE m.commitment_id = $commitment_id ORDER BY h.changed_on DESC, m.seq
