-- The dataset version: the latest import_log row's (every build and import adds one).
SELECT dataset_version FROM import_log ORDER BY import_id DESC LIMIT 1
