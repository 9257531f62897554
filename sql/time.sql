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

-- ---------------------------------------------------------------- scalar time functions (src/sql/functions/time.ts)
-- bin: https://learn.microsoft.com/kusto/query/bin-function            bin_at: .../bin-at-function
-- startofday/week/month/year, endofday/week/month/year: .../startofday-function …
-- datetime_add: .../datetime-add-function   datetime_diff: .../datetime-diff-function
-- datetime_part: .../datetime-part-function dayofweek: .../day-of-week-function
-- Edge cases: bins count from 1970-01-01 (and from the fixed point for bin_at), rounding down also for
-- negative values; weeks start on Sunday; endof* is the last microsecond (Kusto: the last 100 ns tick),
-- which compares the same against any stored (microsecond) timestamp.

-- floor(a / b) * b for integers (any sign of a)
CREATE OR REPLACE MACRO kql_floor_multiple(p_a, p_b) AS
  p_a - (((p_a % p_b) + p_b) % p_b);

-- bin(datetime, timespan) / bin_at(datetime, timespan, datetime)
CREATE OR REPLACE MACRO kql_bin_datetime(p_ts, p_size, p_at) AS
  CASE WHEN epoch_us(p_size) > 0 THEN
    make_timestamp(kql_floor_multiple(epoch_us(p_ts) - epoch_us(p_at), epoch_us(p_size)) + epoch_us(p_at)) END;

-- bin(timespan, timespan) / bin_at(timespan, timespan, timespan)
CREATE OR REPLACE MACRO kql_bin_timespan(p_iv, p_size, p_at) AS
  CASE WHEN epoch_us(p_size) > 0 THEN
    to_microseconds(kql_floor_multiple(epoch_us(p_iv) - epoch_us(p_at), epoch_us(p_size)) + epoch_us(p_at)) END;

-- startofweek: the Sunday that starts the week
CREATE OR REPLACE MACRO kql_startofweek(p_ts) AS
  date_trunc('day', p_ts) - to_days(CAST(dayofweek(p_ts) AS INTEGER));

-- datetime_diff(part, a, b) for weeks: Sunday-based week boundaries crossed
CREATE OR REPLACE MACRO kql_week_diff(p_a, p_b) AS
  date_diff('day', kql_startofweek(p_b), kql_startofweek(p_a)) // 7;

-- the fraction of a second in 100 ns ticks (7 digits, the last always 0 here)
CREATE OR REPLACE MACRO kql_fraction_ticks(p_ts) AS
  (((epoch_us(p_ts) % 1000000) + 1000000) % 1000000) * 10;

-- tostring-like timespan text without a subquery (usable inside lambdas)
CREATE OR REPLACE MACRO kql_micros_to_timespan_text(p_us) AS
  (CASE WHEN p_us < 0 THEN '-' ELSE '' END)
  || (CASE WHEN abs(p_us) >= 86400000000 THEN CAST(abs(p_us) // 86400000000 AS VARCHAR) || '.' ELSE '' END)
  || lpad(CAST((abs(p_us) // 3600000000) % 24 AS VARCHAR), 2, '0') || ':'
  || lpad(CAST((abs(p_us) // 60000000) % 60 AS VARCHAR), 2, '0') || ':'
  || lpad(CAST((abs(p_us) // 1000000) % 60 AS VARCHAR), 2, '0')
  || (CASE WHEN abs(p_us) % 1000000 = 0 THEN '' ELSE '.' || lpad(CAST(abs(p_us) % 1000000 AS VARCHAR), 6, '0') || '0' END);
