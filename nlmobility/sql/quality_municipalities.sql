-- Quality check: the metro municipalities with their population (NULL: not imported, so no rates per inhabitant).
SELECT cvegeo, name, population
FROM municipality
WHERE is_metro
ORDER BY name
