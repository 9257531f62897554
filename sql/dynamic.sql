-- Kusto dynamic values, kept as DuckDB JSON.
-- dynamic: https://learn.microsoft.com/kusto/query/scalar-data-types/dynamic
-- parse_json: https://learn.microsoft.com/kusto/query/parse-json-function
-- tostring: https://learn.microsoft.com/kusto/query/tostring-function
-- array functions: https://learn.microsoft.com/kusto/query/array-length-function (and the array-*, set-*, bag-* pages)
-- Edge cases:
--   * a JSON null is represented as SQL NULL (`isnull(parse_json("null"))` and `isnull(parse_json(""))` are true);
--   * parse_json of text that is not JSON is that text as a JSON string; of "" it is null;
--   * tostring of a JSON string is its raw text, of any other value its compact JSON, of null "";
--   * datetimes inside dynamic values are ISO-8601 strings with 7 fraction digits, timespans [d.]hh:mm:ss[.fffffff];
--   * reals that are NaN or infinite are the strings "NaN", "Infinity", "-Infinity" (JSON has no such numbers);
--   * DuckDB normalises JSON numbers when it re-serialises (1.50 → 1.5, 1e2 → 100.0).

-- parse_json(string)
CREATE OR REPLACE MACRO kql_parse_json(p_s) AS
  CASE WHEN p_s IS NULL OR p_s = '' THEN NULL
       WHEN json_valid(p_s) THEN nullif(json(p_s), 'null'::JSON)
       ELSE to_json(p_s) END;

-- tostring(dynamic)
CREATE OR REPLACE MACRO kql_dynamic_to_string(p_j) AS
  coalesce(CASE WHEN json_type(p_j) = 'VARCHAR' THEN json_extract_string(p_j, '$')
                ELSE CAST(json(p_j) AS VARCHAR) END, '');

-- the elements of a JSON array as a DuckDB list of JSON values; NULL when the value is not an array
CREATE OR REPLACE MACRO kql_json_list(p_j) AS
  CASE WHEN json_type(p_j) = 'ARRAY' THEN json_extract(p_j, '$[*]') END;

-- a real as a JSON value
CREATE OR REPLACE MACRO kql_real_to_json(p_r) AS
  CASE WHEN isnan(p_r) THEN '"NaN"'::JSON
       WHEN isinf(p_r) THEN CASE WHEN p_r > 0 THEN '"Infinity"'::JSON ELSE '"-Infinity"'::JSON END
       ELSE to_json(p_r) END;

-- datetime inside a dynamic value: 2017-01-01T00:00:00.0000000Z
CREATE OR REPLACE MACRO kql_datetime_to_json_text(p_ts) AS
  strftime(p_ts, '%Y-%m-%dT%H:%M:%S.%f') || '0Z';

-- JSON values compared as Kusto compares dynamic scalars in sets: by their compact JSON text
CREATE OR REPLACE MACRO kql_json_distinct(p_l) AS
  list_filter(p_l, lambda __x, __i: list_position(p_l, __x) = __i);

-- array_length(dynamic): null when not an array
CREATE OR REPLACE MACRO kql_array_length(p_j) AS
  CASE WHEN json_type(p_j) = 'ARRAY' THEN CAST(json_array_length(p_j) AS BIGINT) END;

-- array_slice(arr, start, end): inclusive end, negative indexes count from the end
CREATE OR REPLACE MACRO kql_array_slice(p_j, p_start, p_end) AS
  CASE WHEN json_type(p_j) = 'ARRAY' AND p_start IS NOT NULL AND p_end IS NOT NULL THEN (
    SELECT to_json(CASE WHEN s > e THEN []::JSON[] ELSE l[s + 1 : e + 1] END)
    FROM (SELECT json_extract(p_j, '$[*]') AS l, json_array_length(p_j)::BIGINT AS n) a,
         LATERAL (SELECT greatest(CASE WHEN p_start < 0 THEN n + p_start ELSE p_start END, 0) AS s,
                         least(CASE WHEN p_end < 0 THEN n + p_end ELSE p_end END, n - 1) AS e) b
  ) END;

-- array_index_of / indexof: the occurrence-th match when each search examines p_len positions from its
-- start (the first from p_start, the next from one past the previous match). p_pos: the 0-based positions
-- of every (overlapping) match at or after p_start, ascending; p_w: the match width.
CREATE OR REPLACE MACRO kql_nth_match(p_pos, p_w, p_start, p_len, p_occ) AS
  CASE WHEN p_occ < 0 OR p_len < -1 THEN NULL
       WHEN greatest(p_occ, 1) > len(p_pos) THEN -1
       WHEN p_len = -1 THEN p_pos[greatest(p_occ, 1)]
       WHEN len(list_filter(range(1, greatest(p_occ, 1) + 1),
                lambda __j: p_pos[__j] + p_w > (CASE WHEN __j = 1 THEN p_start ELSE p_pos[__j - 1] + 1 END) + p_len)) = 0
         THEN p_pos[greatest(p_occ, 1)]
       ELSE -1 END;

-- a negative start counts from the end (clamped at 0)
CREATE OR REPLACE MACRO kql_start_index(p_start, p_n) AS
  CASE WHEN p_start < 0 THEN greatest(p_n + p_start, 0) ELSE p_start END;

-- array_index_of(arr, value_json, start, length, occurrence)
CREATE OR REPLACE MACRO kql_array_index_of(p_j, p_v, p_start, p_len, p_occ) AS
  CASE WHEN json_type(p_j) = 'ARRAY' THEN (
    SELECT kql_nth_match(list_filter(range(s, len(l)), lambda __i: l[__i + 1] = p_v), 1, s, p_len, p_occ)
    FROM (SELECT json_extract(p_j, '$[*]') AS l) a,
         LATERAL (SELECT kql_start_index(p_start, len(l)) AS s) b
  ) END;

-- sort keys of a JSON element: numbers, then strings, then everything else; nulls apart
CREATE OR REPLACE MACRO kql_json_sort_group(p_e) AS
  CASE WHEN p_e IS NULL OR json_type(p_e) = 'NULL' THEN NULL
       WHEN json_type(p_e) IN ('BIGINT', 'UBIGINT', 'DOUBLE') THEN 0
       WHEN json_type(p_e) = 'VARCHAR' THEN 1 ELSE 2 END;
CREATE OR REPLACE MACRO kql_json_sort_number(p_e) AS
  CASE WHEN json_type(p_e) IN ('BIGINT', 'UBIGINT', 'DOUBLE') THEN CAST(p_e AS DOUBLE) END;
CREATE OR REPLACE MACRO kql_json_sort_text(p_e) AS
  CASE WHEN json_type(p_e) = 'VARCHAR' THEN json_extract_string(p_e, '$') ELSE CAST(p_e AS VARCHAR) END;

-- array_sort_asc/desc: the 1-based permutation that sorts the array (NULL when not an array)
CREATE OR REPLACE MACRO kql_array_sort_order(p_j, p_desc, p_nulls_last) AS
  CASE WHEN json_type(p_j) = 'ARRAY' THEN coalesce((
    SELECT list(i ORDER BY
        CASE WHEN kql_json_sort_group(l[i]) IS NULL THEN (CASE WHEN p_nulls_last THEN 1 ELSE -1 END) ELSE 0 END,
        CASE WHEN p_desc THEN -kql_json_sort_group(l[i]) ELSE kql_json_sort_group(l[i]) END,
        CASE WHEN p_desc THEN -kql_json_sort_number(l[i]) ELSE kql_json_sort_number(l[i]) END,
        CASE WHEN p_desc THEN NULL ELSE kql_json_sort_text(l[i]) END,
        CASE WHEN p_desc THEN kql_json_sort_text(l[i]) END DESC,
        i)
    FROM (SELECT json_extract(p_j, '$[*]') AS l) a, LATERAL (SELECT unnest(range(1, len(l) + 1)) AS i) b
  ), []) END;

-- an array reordered by a permutation; NULL when its length differs
CREATE OR REPLACE MACRO kql_array_permute(p_j, p_order) AS
  CASE WHEN json_type(p_j) = 'ARRAY' AND json_array_length(p_j) = len(p_order) THEN (
    SELECT to_json(list_transform(p_order, lambda __i: l[__i])) FROM (SELECT json_extract(p_j, '$[*]') AS l)
  ) END;
