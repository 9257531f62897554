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
CREATE OR REPLACE MACRO kql_list_slice(p_l, p_s, p_e) AS
  to_json(CASE WHEN p_s > p_e THEN []::JSON[] ELSE p_l[p_s + 1 : p_e + 1] END);

-- array_slice(arr, start, end): inclusive end, negative indexes count from the end
CREATE OR REPLACE MACRO kql_array_slice(p_j, p_start, p_end) AS
  CASE WHEN json_type(p_j) = 'ARRAY' AND p_start IS NOT NULL AND p_end IS NOT NULL
       THEN kql_list_slice(json_extract(p_j, '$[*]'),
                           greatest(CASE WHEN p_start < 0 THEN json_array_length(p_j) + p_start ELSE p_start END, 0),
                           least(CASE WHEN p_end < 0 THEN json_array_length(p_j) + p_end ELSE p_end END, json_array_length(p_j) - 1)) END;

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
CREATE OR REPLACE MACRO kql_list_index_of(p_l, p_v, p_from, p_len, p_occ) AS
  kql_nth_match(list_filter(range(CAST(p_from AS BIGINT), CAST(len(p_l) AS BIGINT)), lambda __i: p_l[__i + 1] = p_v), 1, p_from, p_len, p_occ);

-- array_index_of(arr, value_json, start, length, occurrence)
CREATE OR REPLACE MACRO kql_array_index_of(p_j, p_v, p_start, p_len, p_occ) AS
  CASE WHEN json_type(p_j) = 'ARRAY'
       THEN kql_list_index_of(json_extract(p_j, '$[*]'), p_v, kql_start_index(p_start, json_array_length(p_j)), p_len, p_occ) END;

-- sort keys of a JSON element: numbers, then strings, then everything else; nulls apart
CREATE OR REPLACE MACRO kql_json_sort_group(p_e) AS
  CASE WHEN p_e IS NULL OR json_type(p_e) = 'NULL' THEN NULL
       WHEN json_type(p_e) IN ('BIGINT', 'UBIGINT', 'DOUBLE') THEN 0
       WHEN json_type(p_e) = 'VARCHAR' THEN 1 ELSE 2 END;
CREATE OR REPLACE MACRO kql_json_sort_number(p_e) AS
  CASE WHEN json_type(p_e) IN ('BIGINT', 'UBIGINT', 'DOUBLE') THEN CAST(p_e AS DOUBLE) END;
CREATE OR REPLACE MACRO kql_json_sort_text(p_e) AS
  CASE WHEN json_type(p_e) = 'VARCHAR' THEN json_extract_string(p_e, '$') ELSE CAST(p_e AS VARCHAR) END;

-- array_sort_asc/desc: the 1-based permutation that sorts the array (NULL when not an array). Keys:
-- nulls apart (first or last), then numbers < strings < others, then value, then position (stable).
-- Descending reverses all but the nulls' place and the position.
CREATE OR REPLACE MACRO kql_array_sort_order(p_j, p_desc, p_nulls_last) AS
  CASE WHEN json_type(p_j) = 'ARRAY' THEN list_transform(
    list_sort(
      list_transform(json_extract(p_j, '$[*]'), lambda __e, __i: {
        'k0': CASE WHEN kql_json_sort_group(__e) IS NULL
                   THEN (CASE WHEN p_nulls_last <> p_desc THEN 1 ELSE -1 END) ELSE 0 END,
        'k1': coalesce(kql_json_sort_group(__e), 0),
        'k2': coalesce(kql_json_sort_number(__e), 0),
        'k3': coalesce(kql_json_sort_text(__e), ''),
        'k4': CASE WHEN p_desc THEN -__i ELSE __i END}),
      CASE WHEN p_desc THEN 'DESC' ELSE 'ASC' END),
    lambda __k: abs(__k.k4)) END;
CREATE OR REPLACE MACRO kql_list_permute(p_l, p_order) AS
  to_json(list_transform(p_order, lambda __i: p_l[__i]));

-- an array reordered by a permutation; NULL when its length differs
CREATE OR REPLACE MACRO kql_array_permute(p_j, p_order) AS
  CASE WHEN json_type(p_j) = 'ARRAY' AND json_array_length(p_j) = len(p_order)
       THEN kql_list_permute(json_extract(p_j, '$[*]'), p_order) END;

-- bag_remove_keys(bag, keys) with keys known only at run time:
-- https://learn.microsoft.com/kusto/query/bag-remove-keys-function. A key is a top-level name or a
-- JSONPath of member names ($.a.b, $['a b']); each present one is removed by a JSON merge patch. A
-- key that is neither (a '$' text of another form, a non-string) removes nothing.
CREATE OR REPLACE MACRO kql_key_segments(p_k) AS
  CASE WHEN NOT starts_with(p_k, '$') THEN [p_k]
       WHEN regexp_full_match(p_k, '\$(?:\.[A-Za-z_][A-Za-z0-9_]*|\[''[^'']*''\]|\["[^"]*"\])+') THEN
         list_transform(regexp_extract_all(p_k, '\.[A-Za-z_][A-Za-z0-9_]*|\[''[^'']*''\]|\["[^"]*"\]'),
                        lambda __m: CASE WHEN starts_with(__m, '.') THEN __m[2:] ELSE __m[3:-3] END) END;
CREATE OR REPLACE MACRO kql_remove_path(p_bag, p_segs) AS
  CASE WHEN p_segs IS NULL THEN p_bag
       WHEN coalesce(json_exists(p_bag, '$' || array_to_string(list_transform(p_segs, lambda __s: '."' || replace(replace(__s, '\', '\\'), '"', '\"') || '"'), '')), FALSE)
       THEN json_merge_patch(p_bag, CAST(array_to_string(list_transform(p_segs, lambda __s: '{' || CAST(to_json(__s) AS VARCHAR) || ':'), '')
                                         || 'null' || repeat('}', len(p_segs)) AS JSON))
       ELSE p_bag END;
CREATE OR REPLACE MACRO kql_bag_remove_keys(p_bag, p_keys) AS
  CASE WHEN json_type(p_bag) = 'OBJECT' THEN
    list_reduce(coalesce(list_filter(kql_json_list(p_keys), lambda __k: json_type(__k) = 'VARCHAR'), []),
                lambda __b, __k: kql_remove_path(__b, kql_key_segments(json_extract_string(__k, '$'))), p_bag) END;
