-- Kusto datetime and timespan helpers.
-- datetime: https://learn.microsoft.com/kusto/query/scalar-data-types/datetime
-- timespan: https://learn.microsoft.com/kusto/query/scalar-data-types/timespan
-- Edge cases: DuckDB keeps microseconds, Kusto 100-ns ticks, so the 7th fraction digit is always 0 here;
-- intervals that carry months (never produced by kqlduck) count 30 days per month, as DuckDB does.

-- tostring(datetime): ISO-8601 UTC, fraction only when non-zero, trailing zeros trimmed ("2024-01-01T10:00:00.5Z").
CREATE OR REPLACE MACRO kql_datetime_to_string(p_ts) AS
  CASE WHEN p_ts IS NULL THEN NULL ELSE
    strftime(p_ts, '%Y-%m-%dT%H:%M:%S')
    || CASE WHEN epoch_us(p_ts) % 1000000 = 0 THEN ''
            ELSE '.' || rtrim(lpad(CAST(((epoch_us(p_ts) % 1000000) + 1000000) % 1000000 AS VARCHAR), 6, '0') || '0', '0') END
    || 'Z'
  END;

-- tostring(timespan): [-][d.]hh:mm:ss[.fffffff]
CREATE OR REPLACE MACRO kql_timespan_to_string(p_iv) AS
  CASE WHEN p_iv IS NULL THEN NULL ELSE (
    SELECT (CASE WHEN us < 0 THEN '-' ELSE '' END)
      || (CASE WHEN abs(us) >= 86400000000 THEN CAST(abs(us) // 86400000000 AS VARCHAR) || '.' ELSE '' END)
      || lpad(CAST((abs(us) // 3600000000) % 24 AS VARCHAR), 2, '0') || ':'
      || lpad(CAST((abs(us) // 60000000) % 60 AS VARCHAR), 2, '0') || ':'
      || lpad(CAST((abs(us) // 1000000) % 60 AS VARCHAR), 2, '0')
      || (CASE WHEN abs(us) % 1000000 = 0 THEN '' ELSE '.' || lpad(CAST(abs(us) % 1000000 AS VARCHAR), 6, '0') || '0' END)
    FROM (SELECT epoch_us(p_iv) AS us)
  ) END;
