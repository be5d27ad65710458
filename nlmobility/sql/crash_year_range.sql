-- First and last year with crashes (for the period filter).
SELECT min(year(occurred_at)) AS first_year, max(year(occurred_at)) AS last_year FROM crash
