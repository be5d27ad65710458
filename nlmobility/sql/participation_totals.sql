-- Participants by gender, age group and disability over the events matching the filters.
-- Params: $cvegeo, $corridor_id, $year_from, $year_to (NULL = no bound).
SELECT count(*) AS events,
       coalesce(sum(participants_total), 0)::BIGINT AS total,
       coalesce(sum(women), 0)::BIGINT AS women, coalesce(sum(men), 0)::BIGINT AS men, coalesce(sum(gender_other), 0)::BIGINT AS gender_other,
       coalesce(sum(children), 0)::BIGINT AS children, coalesce(sum(adolescents), 0)::BIGINT AS adolescents,
       coalesce(sum(adults), 0)::BIGINT AS adults, coalesce(sum(older_adults), 0)::BIGINT AS older_adults,
       coalesce(sum(with_disability), 0)::BIGINT AS with_disability
FROM participation_event
WHERE ($cvegeo IS NULL OR cvegeo = $cvegeo)
  AND ($corridor_id IS NULL OR corridor_id = $corridor_id)
  AND ($year_from IS NULL OR year(event_date) >= $year_from) AND ($year_to IS NULL OR year(event_date) <= $year_to)
