-- Comments per topic with official replies and reply rate, for the filters.
-- Params: $cvegeo, $corridor_id, $year_from, $year_to (NULL = no bound).
SELECT topic, count(*) AS comments, count(reply_text) AS replied, count(reply_text) / count(*) AS reply_rate,
       median(reply_date - comment_date) AS median_reply_days
FROM participation_comment
WHERE ($cvegeo IS NULL OR cvegeo = $cvegeo)
  AND ($corridor_id IS NULL OR corridor_id = $corridor_id)
  AND ($year_from IS NULL OR year(comment_date) >= $year_from) AND ($year_to IS NULL OR year(comment_date) <= $year_to)
GROUP BY 1 ORDER BY comments DESC, topic
