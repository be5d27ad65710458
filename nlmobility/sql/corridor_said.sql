-- What people said about one corridor, topic by topic, and how it was answered: comments, those with an
-- official reply, those made before the works started (NULL start: none counted as before), first and last
-- comment, median days to reply, the latest reply, and the median days to reply over all its comments. Params: $corridor_id.
WITH c AS (SELECT works_start FROM corridor WHERE corridor_id = $corridor_id)
SELECT p.topic,
       count(*) AS comments,
       count(p.reply_text) AS replied,
       count(*) FILTER (WHERE p.comment_date < (SELECT works_start FROM c)) AS before_works,
       min(p.comment_date) AS first_comment,
       max(p.comment_date) AS last_comment,
       median(p.reply_date - p.comment_date) FILTER (WHERE p.reply_text IS NOT NULL) AS median_reply_days,
       arg_max(p.reply_text, p.reply_date) FILTER (WHERE p.reply_text IS NOT NULL) AS latest_reply,
       arg_max(p.replied_by, p.reply_date) FILTER (WHERE p.reply_text IS NOT NULL) AS latest_reply_by,
       max(p.reply_date) FILTER (WHERE p.reply_text IS NOT NULL) AS latest_reply_date,
       (SELECT median(reply_date - comment_date) FROM participation_comment
        WHERE corridor_id = $corridor_id AND reply_text IS NOT NULL) AS all_median_reply_days
FROM participation_comment p
WHERE p.corridor_id = $corridor_id
GROUP BY p.topic
ORDER BY comments DESC, p.topic
