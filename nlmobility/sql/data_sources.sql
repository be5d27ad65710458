-- Every source of the rows in the database: publisher, licence, sample or not, and how many rows each table holds from it.
SELECT s.source, s.kind, s.title, s.licence, s.is_sample, s.imported_at,
       (SELECT count(*) FROM crash WHERE source = s.source)
       + (SELECT count(*) FROM corridor WHERE source = s.source)
       + (SELECT count(*) FROM participation_event WHERE source = s.source)
       + (SELECT count(*) FROM participation_comment WHERE source = s.source)
       + (SELECT count(*) FROM intersection WHERE source = s.source)
       + (SELECT count(*) FROM traffic_count WHERE source = s.source) AS rows
FROM data_source s
ORDER BY s.is_sample DESC, s.imported_at
