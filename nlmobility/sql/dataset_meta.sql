-- Dataset metadata key/values and the current dataset version.
SELECT key, value FROM dataset_meta
UNION ALL
SELECT 'dataset_version', (SELECT dataset_version FROM import_log ORDER BY import_id DESC LIMIT 1)
