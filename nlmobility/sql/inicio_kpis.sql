-- Inicio headline figures. Lengths and buffers in UTM 14N metres (geom_utm).
-- Params: $cvegeo (NULL = all), $buffer_m, $day_from and $day_to (the days of the data's last year the area's records
-- cover): "this year" is those days, "last year" the same days a year earlier.
WITH c AS (
    SELECT * FROM corridor WHERE ($cvegeo IS NULL OR cvegeo = $cvegeo)
),
near AS (
    SELECT DISTINCT k.crash_id, k.occurred_at::DATE >= $day_from AS this_year
    FROM crash_corridor k JOIN c USING (corridor_id)  -- precomputed: distance_m <= $buffer_m is ST_DWithin
    WHERE k.distance_m <= $buffer_m AND crash_has_victims(k.severity)
      AND (k.occurred_at::DATE BETWEEN $day_from AND $day_to
           OR k.occurred_at::DATE BETWEEN $day_from - INTERVAL 1 YEAR AND $day_to - INTERVAL 1 YEAR)
)
SELECT
    coalesce((SELECT sum(length_m) FILTER (WHERE status = 'finished') FROM c), 0) / 1000.0 AS km_finished,
    coalesce((SELECT sum(length_m) FILTER (WHERE status = 'in_works') FROM c), 0) / 1000.0 AS km_in_works,
    (SELECT count(*) FILTER (WHERE status = 'finished') FROM c) AS n_finished,
    (SELECT count(*) FILTER (WHERE status = 'in_works') FROM c) AS n_in_works,
    (SELECT count(*) FILTER (WHERE status = 'planned') FROM c) AS n_planned,
    (SELECT count(*) FILTER (WHERE this_year) FROM near) AS victims_near_this_year,
    (SELECT count(*) FILTER (WHERE NOT this_year) FROM near) AS victims_near_last_year,
    (SELECT coalesce(sum(participants_total), 0)::BIGINT FROM participation_event WHERE ($cvegeo IS NULL OR cvegeo = $cvegeo)) AS participants,
    (SELECT count(*) FROM participation_event WHERE ($cvegeo IS NULL OR cvegeo = $cvegeo)) AS events,
    (SELECT count(*) FILTER (WHERE status = 'finished') FROM milestone WHERE commitment_id = 'MXMTY0005') AS milestones_finished,
    (SELECT count(*) FILTER (WHERE status <> 'unknown') FROM milestone WHERE commitment_id = 'MXMTY0005') AS milestones_total
