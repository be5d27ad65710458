-- The high-injury network in SQL (the same rule as stats.high_injury_network, which tests compare it
-- with): fatal and injury crashes per $cell_m metre cell (UTM 14N) for the area and road user; for each
-- window of $window_years whole years ending in $window_ends, every cell scores
-- $w_fatal · fatal + $w_injury · injury, cells are ranked by score (ties: more fatal, then cell), and
-- the network is the top of the ranking that together holds $share of the window's total score,
-- keeping cells scoring at least $min_score. Returns the latest window's network with its rank, score,
-- counts, share and in how many windows each cell was on it.
-- Params: $cvegeo, $mode, $cell_m, $window_ends, $window_years, $w_fatal, $w_injury, $share, $min_score.
WITH k AS (  -- from the precomputed yearly 100 m cells ($cell_m is a multiple of 100); a cell's two
            -- numbers packed in one key (x · 2^32 + y, both positive in UTM 14N) group faster
    SELECT floor(k.cx * 100 / $cell_m)::BIGINT * 4294967296 + floor(k.cy * 100 / $cell_m)::BIGINT AS key,
           k.year, k.severity, k.n
    FROM crash_year_cell k
    WHERE ($cvegeo IS NULL OR k.cvegeo = $cvegeo)
      AND crash_has_victims(k.severity)
      AND crash_mode_matches(k.pedestrian, k.cyclist, k.motorcyclist, $mode)
      AND k.year BETWEEN list_min($window_ends::INTEGER[]) - $window_years + 1 AND list_max($window_ends::INTEGER[])
),
per_year AS (  -- first per cell and year (few rows), then per window
    SELECT key, year,
           coalesce(sum(n) FILTER (WHERE severity = 'fatal'), 0)::BIGINT AS fatal,
           coalesce(sum(n) FILTER (WHERE severity = 'injury'), 0)::BIGINT AS injury
    FROM k GROUP BY key, year
),
ends AS (SELECT unnest($window_ends::INTEGER[]) AS wend),
w AS (
    SELECT e.wend, p.key, sum(p.fatal)::BIGINT AS fatal, sum(p.injury)::BIGINT AS injury
    FROM per_year p JOIN ends e ON p.year BETWEEN e.wend - $window_years + 1 AND e.wend
    GROUP BY e.wend, p.key
),
ranked AS (
    SELECT *, $w_fatal * fatal + $w_injury * injury AS score
    FROM w
),
totals AS (SELECT wend, sum(score) AS total FROM ranked GROUP BY wend),
candidates AS (  -- only cells that can be on it: every cell ranked above one scoring $min_score scores as much
    SELECT r.wend, (r.key // 4294967296) || ':' || (r.key % 4294967296) AS cell, r.fatal, r.injury, r.score  -- the place's name: for these rows only
    FROM ranked r
    WHERE r.score >= $min_score
),
cum AS (
    SELECT c.*, t.total,
           sum(c.score) OVER (PARTITION BY c.wend ORDER BY c.score DESC, c.fatal DESC, c.cell ROWS UNBOUNDED PRECEDING)
               - c.score AS above
    FROM candidates c JOIN totals t USING (wend)
),
network AS (
    SELECT * FROM cum WHERE above < $share * total AND total > 0
),
windows_on AS (SELECT cell, count(*)::BIGINT AS windows_on FROM network GROUP BY cell)
SELECT n.cell,
       row_number() OVER (ORDER BY n.score DESC, n.fatal DESC, n.cell)::BIGINT AS rank,
       n.score::BIGINT AS score, n.fatal, n.injury, n.score / n.total AS share, o.windows_on
FROM network n JOIN windows_on o USING (cell)
WHERE n.wend = list_max($window_ends::INTEGER[])
ORDER BY rank
