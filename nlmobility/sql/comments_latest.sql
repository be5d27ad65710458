-- Latest comments with their official replies, for the filters.
-- Params: $cvegeo, $corridor_id, $year_from, $year_to (NULL = no bound), $topic (NULL = all), $limit.
SELECT cm.comment_date, cm.topic, c.name AS corridor, cm.text, cm.reply_text, cm.reply_date, cm.replied_by
FROM participation_comment cm LEFT JOIN corridor c USING (corridor_id)
WHERE ($cvegeo IS NULL OR cm.cvegeo = $cvegeo)
  AND ($corridor_id IS NULL OR cm.corridor_id = $corridor_id)
  AND ($year_from IS NULL OR year(cm.comment_date) >= $year_from) AND ($year_to IS NULL OR year(cm.comment_date) <= $year_to)
  AND ($topic IS NULL OR cm.topic = $topic)
ORDER BY cm.comment_date DESC, cm.comment_id DESC
LIMIT $limit
