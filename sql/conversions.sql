-- Kusto conversion functions.
-- toint: https://learn.microsoft.com/kusto/query/toint-function      tolong: .../tolong-function
-- todouble: .../todouble-function   tobool: .../tobool-function      tostring: .../tostring-function
-- todatetime: .../todatetime-function (formats: .../scalar-data-types/datetime)
-- totimespan: .../totimespan-function (formats: .../scalar-data-types/timespan)
-- toguid: .../toguid-function       gettype: .../gettype-function
-- Edge cases:
--   * toint/tolong truncate a real toward zero (DuckDB's CAST rounds); a string must hold an integer
--     ("12.7" is null: DuckDB's CAST would round it to 13);
--   * tostring(real) prints like .NET: 1.0 → "1", 1e20 → "1E+20", 1e-05 → "1E-05", NaN → "NaN";
--   * todatetime reads ISO 8601 (with or without zone, "T" or space), RFC 822, RFC 850 and
--     "2014-11-08 15:05:25 GMT"; two-digit years follow DuckDB's pivot (69-99 → 19xx), .NET's is 49/50;
--     a 7th fraction digit is dropped (DuckDB keeps microseconds);
--   * totimespan reads [-][d.]hh:mm[:ss[.fffffff]] and a plain number of days.

-- tostring(real)
CREATE OR REPLACE MACRO kql_real_to_string(p_r) AS
  CASE WHEN p_r IS NULL THEN NULL
       WHEN isnan(p_r) THEN 'NaN'
       WHEN isinf(p_r) THEN CASE WHEN p_r > 0 THEN 'Infinity' ELSE '-Infinity' END
       WHEN p_r = 0 THEN CASE WHEN CAST(p_r AS VARCHAR) LIKE '-%' THEN '-0' ELSE '0' END
       WHEN abs(p_r) >= 1e15 AND abs(p_r) < 1e16 THEN
         regexp_replace(CAST(p_r / 1e15 AS VARCHAR), '\.0$', '') || 'E+15'
       ELSE replace(replace(regexp_replace(CAST(p_r AS VARCHAR), '\.0$', ''), 'e', 'E'), '.0E', 'E') END;

-- an integer from text: optional sign and surrounding white space, digits only
CREATE OR REPLACE MACRO kql_parse_long(p_s) AS
  CASE WHEN regexp_full_match(p_s, '\s*[+-]?\d+\s*') THEN TRY_CAST(trim(p_s) AS BIGINT) END;

-- a real truncated toward zero, as BIGINT (NULL when NaN, infinite or out of range)
CREATE OR REPLACE MACRO kql_trunc_long(p_r) AS
  CASE WHEN isnan(p_r) OR isinf(p_r) THEN NULL ELSE TRY_CAST(trunc(p_r) AS BIGINT) END;

-- tolong(dynamic)
CREATE OR REPLACE MACRO kql_dynamic_to_long(p_j) AS
  CASE json_type(p_j)
    WHEN 'BIGINT' THEN TRY_CAST(p_j AS BIGINT)
    WHEN 'UBIGINT' THEN TRY_CAST(p_j AS BIGINT)
    WHEN 'DOUBLE' THEN kql_trunc_long(CAST(p_j AS DOUBLE))
    WHEN 'BOOLEAN' THEN CASE WHEN CAST(p_j AS BOOLEAN) THEN 1 ELSE 0 END
    WHEN 'VARCHAR' THEN kql_parse_long(json_extract_string(p_j, '$'))
  END;

-- todouble(dynamic)
CREATE OR REPLACE MACRO kql_dynamic_to_double(p_j) AS
  CASE json_type(p_j)
    WHEN 'BIGINT' THEN CAST(p_j AS DOUBLE)
    WHEN 'UBIGINT' THEN CAST(p_j AS DOUBLE)
    WHEN 'DOUBLE' THEN CAST(p_j AS DOUBLE)
    WHEN 'BOOLEAN' THEN CASE WHEN CAST(p_j AS BOOLEAN) THEN 1.0 ELSE 0.0 END
    WHEN 'VARCHAR' THEN TRY_CAST(trim(json_extract_string(p_j, '$')) AS DOUBLE)
  END;

-- tobool(string): "true"/"false" in any case, or an integer (non-zero is true)
CREATE OR REPLACE MACRO kql_parse_bool(p_s) AS
  CASE WHEN lower(trim(p_s)) = 'true' THEN TRUE
       WHEN lower(trim(p_s)) = 'false' THEN FALSE
       ELSE kql_parse_long(p_s) <> 0 END;

-- tobool(dynamic)
CREATE OR REPLACE MACRO kql_dynamic_to_bool(p_j) AS
  CASE json_type(p_j)
    WHEN 'BOOLEAN' THEN CAST(p_j AS BOOLEAN)
    WHEN 'BIGINT' THEN CAST(p_j AS BIGINT) <> 0
    WHEN 'UBIGINT' THEN TRUE
    WHEN 'DOUBLE' THEN CAST(p_j AS DOUBLE) <> 0
    WHEN 'VARCHAR' THEN kql_parse_bool(json_extract_string(p_j, '$'))
  END;

-- todatetime(string)
CREATE OR REPLACE MACRO kql_parse_datetime(p_s) AS
  coalesce(
    CASE WHEN regexp_matches(trim(p_s), '^\d{4}-\d{1,2}-\d{1,2}([ T]|$)')
         THEN CAST(TRY_CAST(trim(p_s) AS TIMESTAMPTZ) AS TIMESTAMP) END,
    try_strptime(regexp_replace(trim(p_s), '\s+(GMT|UTC|Z)$', ''), [
      '%a, %d %b %y %H:%M:%S', '%a, %d %b %Y %H:%M:%S', '%d %b %y %H:%M:%S', '%d %b %Y %H:%M:%S',
      '%a, %d %b %y %H:%M', '%a, %d %b %Y %H:%M', '%d %b %y %H:%M', '%d %b %Y %H:%M',
      '%A, %d-%b-%y %H:%M:%S', '%A, %d-%b-%Y %H:%M:%S', '%d-%b-%y %H:%M:%S', '%d-%b-%y %H:%M', '%d-%b-%Y %H:%M:%S', '%d-%b-%Y %H:%M',
      '%m-%d-%Y', '%m/%d/%Y', '%m/%d/%Y %H:%M:%S', '%m/%d/%Y %H:%M', '%m/%d/%Y %I:%M:%S %p'
    ]));
CREATE OR REPLACE MACRO kql_timespan_parts(p_m) AS
  CASE WHEN p_m.h IS NULL OR p_m.h = '' THEN NULL
       WHEN CAST(p_m.h AS INTEGER) > 23 OR CAST(p_m.m AS INTEGER) > 59 OR CAST(coalesce(nullif(p_m.s, ''), '0') AS INTEGER) > 59 THEN NULL
       ELSE to_microseconds((CASE WHEN p_m.neg = '-' THEN -1 ELSE 1 END) * (
           CAST(coalesce(nullif(p_m.d, ''), '0') AS BIGINT) * 86400000000
         + CAST(p_m.h AS BIGINT) * 3600000000 + CAST(p_m.m AS BIGINT) * 60000000
         + CAST(coalesce(nullif(p_m.s, ''), '0') AS BIGINT) * 1000000
         + CAST(rpad(coalesce(p_m.f, ''), 6, '0')[1:6] AS BIGINT))) END;

-- totimespan(string): [-][d.]hh:mm[:ss[.fffffff]], or a number of days
CREATE OR REPLACE MACRO kql_parse_timespan(p_s) AS
  CASE WHEN regexp_full_match(p_s, '\s*-?\d{1,8}\s*') THEN to_microseconds(CAST(trim(p_s) AS BIGINT) * 86400000000)
       ELSE kql_timespan_parts(regexp_extract(coalesce(p_s, ''), '^\s*(-)?(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,7}))?)?\s*$',
                                              ['neg', 'd', 'h', 'm', 's', 'f'])) END;

-- toguid(string): 32 hex digits, with or without hyphens and braces
CREATE OR REPLACE MACRO kql_parse_guid(p_s) AS
  CASE WHEN regexp_full_match(replace(trim(p_s, ' {}()'), '-', ''), '[0-9a-fA-F]{32}')
       THEN TRY_CAST(replace(trim(p_s, ' {}()'), '-', '') AS UUID) END;

-- gettype(dynamic)
CREATE OR REPLACE MACRO kql_dynamic_type(p_j) AS
  CASE coalesce(json_type(p_j), 'NULL')
    WHEN 'NULL' THEN 'null'
    WHEN 'VARCHAR' THEN 'string'
    WHEN 'BOOLEAN' THEN 'bool'
    WHEN 'DOUBLE' THEN 'real'
    WHEN 'ARRAY' THEN 'array'
    WHEN 'OBJECT' THEN 'dictionary'
    WHEN 'BIGINT' THEN CASE WHEN TRY_CAST(p_j AS INTEGER) IS NOT NULL THEN 'int' ELSE 'long' END
    WHEN 'UBIGINT' THEN CASE WHEN TRY_CAST(p_j AS INTEGER) IS NOT NULL THEN 'int' ELSE 'long' END
    ELSE 'string'
  END;

-- tohex(v, minLength): https://learn.microsoft.com/kusto/query/tohex-function; zeros are added up to
-- minLength, a longer value is not cut
CREATE OR REPLACE MACRO kql_pad_hex(p_hex, p_min) AS
  CASE WHEN length(p_hex) < p_min THEN lpad(p_hex, CAST(p_min AS INTEGER), '0') ELSE p_hex END;
