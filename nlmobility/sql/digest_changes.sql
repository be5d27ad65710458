-- Milestone status changes recorded from $since to $as_of (both included), with the status before each and its note.
WITH h AS (
    SELECT milestone_id, changed_on, status, note,
           lag(status) OVER (PARTITION BY milestone_id ORDER BY changed_on,
               array_position(['not_started', 'in_progress', 'stuck', 'incomplete', 'finished'], status)) AS previous
    FROM milestone_status_history
)
SELECT c.plan_slot, m.commitment_id, m.milestone_id, m.seq, m.title_es, m.title_en, m.responsible, m.evidence_url,
       h.changed_on, h.previous, h.status, h.note
FROM h JOIN milestone m USING (milestone_id) JOIN commitment c USING (commitment_id)
WHERE h.changed_on BETWEEN $since AND $as_of
ORDER BY h.changed_on DESC, array_position(['T', 'S', 'M'], left(c.plan_slot, 1)), c.plan_slot, m.seq
