-- Participation events matching the filters; point in EPSG:4326 (lon, lat).
-- Params: $cvegeo, $corridor_id, $year_from, $year_to (NULL = no bound).
SELECT e.event_id, e.event_date, e.kind, e.title, e.corridor_id, c.name AS corridor, e.cvegeo, e.place,
       e.participants_total, e.women, e.men, e.gender_other, e.children, e.adolescents, e.adults,
       e.older_adults, e.with_disability, ST_X(e.geom) AS lon, ST_Y(e.geom) AS lat
FROM participation_event e LEFT JOIN corridor c USING (corridor_id)
WHERE ($cvegeo IS NULL OR e.cvegeo = $cvegeo)
  AND ($corridor_id IS NULL OR e.corridor_id = $corridor_id)
  AND ($year_from IS NULL OR year(e.event_date) >= $year_from) AND ($year_to IS NULL OR year(e.event_date) <= $year_to)
ORDER BY e.event_date
