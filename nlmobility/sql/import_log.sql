-- Import history, newest first.
SELECT import_id, kind, file_name, checksum_sha256, rows_accepted, rows_rejected, imported_at, imported_by, dataset_version, note
FROM import_log ORDER BY import_id DESC
