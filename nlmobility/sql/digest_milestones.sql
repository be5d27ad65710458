-- The forum digest's milestones with their status as it stood on $as_of (from the status history; the milestone's
-- own status where it has no history entry up to then but its status_since is not later; else unknown).
-- overdue: planned end before $as_of and status neither finished nor unknown; stuck: status stuck;
-- due_soon: open and planned to end from $as_of to $next_meeting (both included). Unknown status is none of these.
WITH h AS (
    SELECT milestone_id,
           arg_max(status, (changed_on, array_position(['not_started', 'in_progress', 'stuck', 'incomplete', 'finished'], status))) AS status,
           arg_max(note, (changed_on, array_position(['not_started', 'in_progress', 'stuck', 'incomplete', 'finished'], status))) AS note,
           max(changed_on) AS since
    FROM milestone_status_history WHERE changed_on <= $as_of GROUP BY milestone_id
),
s AS (
    SELECT m.*, c.plan_slot,
           CASE WHEN h.status IS NOT NULL THEN h.status
                WHEN m.status_since <= $as_of THEN m.status
                ELSE 'unknown' END AS status_at,
           CASE WHEN h.status IS NOT NULL THEN h.since
                WHEN m.status_since <= $as_of THEN m.status_since END AS since_at,
           CASE WHEN h.status = 'stuck' THEN coalesce(CASE WHEN m.status = 'stuck' THEN m.stuck_reason END, h.note)
                ELSE m.stuck_reason END AS reason_at
    FROM milestone m JOIN commitment c USING (commitment_id) LEFT JOIN h USING (milestone_id)
)
SELECT plan_slot, commitment_id, milestone_id, seq, title_es, title_en, responsible, status_at AS status,
       planned_end, since_at AS status_since, reason_at AS stuck_reason, evidence_url, sample_status,
       status_at NOT IN ('finished', 'unknown') AND planned_end < $as_of AS overdue,
       CASE WHEN status_at NOT IN ('finished', 'unknown') AND planned_end < $as_of THEN $as_of - planned_end END AS days_overdue,
       status_at = 'stuck' AS stuck,
       $as_of - since_at AS days_in_status,
       status_at NOT IN ('finished', 'unknown') AND planned_end BETWEEN $as_of AND $next_meeting AS due_soon
FROM s
ORDER BY array_position(['T', 'S', 'M'], left(plan_slot, 1)), plan_slot, seq
