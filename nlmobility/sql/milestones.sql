-- Milestones of one commitment with days in current status and overdue flag as of $as_of.
-- Params: $commitment_id, $as_of.
SELECT milestone_id, seq, title_es, title_en, responsible, planned_start, planned_end, actual_start, actual_end,
       status, status_since, $as_of - status_since AS days_in_status,
       status NOT IN ('finished', 'unknown') AND planned_end < $as_of AS overdue,
       stuck_reason, evidence_url, sample_status
FROM milestone WHERE commitment_id = $commitment_id ORDER BY seq
