-- Inicio headline figures. Lengths and buffers in UTM 14N metres (geom_utm).
-- Params: $cvegeo (NULL = all), $buffer_m, $data_year (latest data year).
WITH c AS (
    SELECT * FROM corridor WHERE ($cvegeo IS NULL OR cvegeo = $cvegeo)
),
near AS (
    SELECT DISTINCT k.crash_id, year(k.occurred_at) AS y
    FROM crash_corridor k JOIN c USING (corridor_id)  -- precomputed: distance_m <= $buffer_m is ST_DWithin
    WHERE k.distance_m <= $buffer_m AND crash_has_victims(k.severity)
      AND year(k.occurred_at) IN ($data_year, $data_year - 1)
)
SELECT
    coalesce((SELECT sum(length_m) FILTER (WHERE status = 'finished') FROM c), 0) / 1000.0 AS km_finished,
    coalesce((SELECT sum(length_m) FILTER (WHERE status = 'in_works') FROM c), 0) / 1000.0 AS km_in_works,
    (SELECT count(*) FILTER (WHERE status = 'finished') FROM c) AS n_finished,
    (SELECT count(*) FILTER (WHERE status = 'in_works') FROM c) AS n_in_works,
    (SELECT count(*) FILTER (WHERE status = 'planned') FROM c) AS n_planned,
    (SELECT count(*) FILTER (WHERE y = $data_year) FROM near) AS victims_near_this_year,
    (SELECT count(*) FILTER (WHERE y = $data_year - 1) FROM near) AS victims_near_last_year,
    (SELECT coalesce(sum(participants_total), 0)::BIGINT FROM participation_event WHERE ($cvegeo IS NULL OR cvegeo = $cvegeo)) AS participants,
    (SELECT count(*) FROM participation_event WHERE ($cvegeo IS NULL OR cvegeo = $cvegeo)) AS events,
    (SELECT count(*) FILTER (WHERE status = 'finished') FROM milestone WHERE commitment_id = 'MXMTY0005') AS milestones_finished,
    (SELECT count(*) FILTER (WHERE status <> 'unknown') FROM milestone WHERE commitment_id = 'MXMTY0005') AS milestones_total
