-- The last day the data cover, one definition for every page, card, fact sheet, Modo taller and report:
-- the date the dataset stores (dataset_meta.data_date: the sample's), else the latest day the crash imports
-- say they cover (crash_coverage.date_to, written at each crash import), else the last crash day; NULL when the
-- database holds none of these (never today: a date guessed from the clock would move the figures daily).
-- rule: which of the three gave the date ('stored', 'coverage', 'crashes') or NULL.
WITH c AS (
    SELECT (SELECT try_cast(value AS DATE) FROM dataset_meta WHERE key = 'data_date') AS stored,
           (SELECT max(date_to) FROM crash_coverage) AS covered,
           (SELECT max(occurred_at)::DATE FROM crash) AS last_crash
)
SELECT coalesce(stored, covered, last_crash) AS data_end,
       CASE WHEN stored IS NOT NULL THEN 'stored'
            WHEN covered IS NOT NULL THEN 'coverage'
            WHEN last_crash IS NOT NULL THEN 'crashes' END AS rule
FROM c
