-- Quality check: every crash placed by a looser match than the exact name, grouped by the name the file gave and
-- the gazetteer intersection chosen, with the match's score (0..1).
SELECT source, given_name, place_name, method, min(score) AS score, count(*) AS n
FROM crash_placement
WHERE method <> 'exact'
GROUP BY ALL
ORDER BY source, n DESC, given_name
