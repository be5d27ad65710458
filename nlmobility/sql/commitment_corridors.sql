-- The Green Corridors commitment's corridors with the evidence each gives its milestones:
-- a line on the map (geolocation), documents, contracts, workshops and comments (with replies).
SELECT c.corridor_id, c.name, m.name AS municipality, c.status, c.progress_pct, c.opening_date,
       (SELECT count(*) FROM corridor_document d WHERE d.corridor_id = c.corridor_id) AS documents,
       (SELECT count(*) FROM corridor_contract k WHERE k.corridor_id = c.corridor_id) AS contracts,
       (SELECT count(*) FROM participation_event e WHERE e.corridor_id = c.corridor_id) AS events,
       (SELECT count(*) FROM participation_comment p WHERE p.corridor_id = c.corridor_id) AS comments,
       (SELECT count(*) FROM participation_comment p WHERE p.corridor_id = c.corridor_id AND p.reply_text IS NOT NULL) AS replied
FROM corridor c LEFT JOIN municipality m USING (cvegeo)
ORDER BY c.status DESC, c.name
