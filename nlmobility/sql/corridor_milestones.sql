-- Milestones of the Green Corridors commitment (shown on each corridor card). No params.
SELECT seq, title_es, title_en, status, planned_end FROM milestone WHERE commitment_id = 'MXMTY0005' ORDER BY seq
