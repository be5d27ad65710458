-- Quality check: what each import refused or could not place, per reason code; value is the intersection name not
-- placed (NULL for a whole reason) and candidates the gazetteer entries it could be (' | ' separated).
SELECT source, code, value, candidates, n
FROM import_issue
ORDER BY source, value IS NOT NULL, n DESC, code, value
