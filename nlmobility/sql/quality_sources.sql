-- Quality check (nlmobility check): every source of the data with its latest import (rows accepted and refused).
-- Sources are data_source rows (one per imported file, or the sample); the import is the file's latest import_log row.
SELECT s.source, s.kind, s.title, s.is_sample, s.imported_at,
       l.import_id, l.rows_accepted, l.rows_rejected, l.dataset_version
FROM data_source s
LEFT JOIN (SELECT file_name, arg_max(import_id, import_id) AS import_id, arg_max(rows_accepted, import_id) AS rows_accepted,
                  arg_max(rows_rejected, import_id) AS rows_rejected, arg_max(dataset_version, import_id) AS dataset_version
           FROM import_log GROUP BY file_name) l ON l.file_name = s.source
ORDER BY s.is_sample DESC, s.imported_at, s.source
