-- Every source of the rows in the database: publisher, licence, sample or not, and how many rows each table holds from it.
-- Tables without a source column (municipality, milestone, transit lines and stations: reference data that each
-- import replaces) count the rows the source's latest import wrote (import_log), so an imported file never reads 0.
SELECT s.source, s.kind, s.title, s.licence, s.is_sample, s.imported_at,
       CASE WHEN s.kind IN ('municipalities', 'milestones', 'transit_lines', 'transit_stations')
            THEN coalesce((SELECT arg_max(rows_accepted, import_id) FROM import_log WHERE file_name = s.source), 0)
            ELSE (SELECT count(*) FROM crash WHERE source = s.source)
               + (SELECT count(*) FROM corridor WHERE source = s.source)
               + (SELECT count(*) FROM participation_event WHERE source = s.source)
               + (SELECT count(*) FROM participation_comment WHERE source = s.source)
               + (SELECT count(*) FROM intersection WHERE source = s.source)
               + (SELECT count(*) FROM traffic_count WHERE source = s.source) END AS rows
FROM data_source s
ORDER BY s.is_sample DESC, s.imported_at
