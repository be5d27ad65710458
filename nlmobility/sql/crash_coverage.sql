-- What the crash records cover: per source and municipality, the first and last day covered.
SELECT c.source, c.cvegeo, coalesce(m.name, c.cvegeo) AS name, c.date_from, c.date_to
FROM crash_coverage c LEFT JOIN municipality m USING (cvegeo)
ORDER BY c.date_from, name
