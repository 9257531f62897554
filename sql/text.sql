-- Kusto string functions.
-- substring: https://learn.microsoft.com/kusto/query/substring-function
-- split: .../split-function                 indexof: .../indexof-function       countof: .../countof-function
-- trim / trim_start / trim_end: .../trim-function, .../trim-start-function, .../trim-end-function
-- parse_path: .../parse-path-function       parse_url: .../parse-url-function
-- parse_command_line: .../parse-command-line-function
-- Edge cases:
--   * positions count characters (DuckDB) where Kusto counts UTF-16 code units: they differ only for
--     characters outside the Basic Multilingual Plane (emoji);
--   * a negative start counts from the end (substring("123456", -2, 2) is "56"; indexof(..., -5));
--   * trim* take a regular expression, removing every leading / trailing repetition of it;
--   * countof "normal" counts overlapping matches (countof("aaaa", "aa") is 3), "regex" does not;
--   * indexof's length examines that many positions from each search's start; the k-th occurrence is
--     searched from one past the previous one (indexof("abcdefgabcdefg", "cde", 1, 10, 2) is 9).

-- substring(s, start[, length])
CREATE OR REPLACE MACRO kql_substring(p_s, p_start, p_len) AS
  CASE WHEN p_start IS NULL THEN '' ELSE
    substr(p_s, CAST(kql_start_index(p_start, length(p_s)) AS BIGINT) + 1,
           CAST(greatest(coalesce(p_len, length(p_s)), 0) AS BIGINT)) END;

-- split(s, delimiter[, index]): the pieces as a JSON array; an empty delimiter does not split
CREATE OR REPLACE MACRO kql_split_list(p_s, p_d) AS
  CASE WHEN p_d = '' THEN [p_s] ELSE string_split(p_s, p_d) END;
CREATE OR REPLACE MACRO kql_split(p_s, p_d) AS
  to_json(kql_split_list(p_s, p_d));
CREATE OR REPLACE MACRO kql_list_pick(p_l, p_i) AS
  to_json(CASE WHEN p_i >= 0 AND p_i < len(p_l) THEN [p_l[p_i + 1]] ELSE []::VARCHAR[] END);
CREATE OR REPLACE MACRO kql_split_at(p_s, p_d, p_i) AS
  kql_list_pick(kql_split_list(p_s, p_d), p_i);

-- trim_start / trim_end with a regular expression
CREATE OR REPLACE MACRO kql_trim_start(p_re, p_s) AS
  regexp_replace(p_s, '^(?:' || p_re || ')+', '');
CREATE OR REPLACE MACRO kql_trim_end(p_re, p_s) AS
  regexp_replace(p_s, '(?:' || p_re || ')+$', '');

-- the 0-based positions of every (overlapping) occurrence of p_x in p_s at or after p_from
CREATE OR REPLACE MACRO kql_occurrences(p_s, p_x, p_from) AS
  list_filter(range(p_from, length(p_s) - length(p_x) + 1), lambda __i: substr(p_s, __i + 1, length(p_x)) = p_x);
-- p_f: strpos of the needle in the text from p_from (0: none)
CREATE OR REPLACE MACRO kql_first_in_window(p_f, p_from, p_len, p_w) AS
  CASE WHEN p_f = 0 THEN -1
       WHEN p_len >= 0 AND p_f - 1 + p_w > p_len THEN -1
       ELSE p_from + p_f - 1 END;
CREATE OR REPLACE MACRO kql_indexof_from(p_s, p_x, p_from, p_len, p_occ) AS
  CASE WHEN p_from IS NULL OR p_len IS NULL OR p_occ IS NULL OR p_occ < 0 OR p_len < -1 THEN NULL
       WHEN p_from > length(p_s) THEN -1
       WHEN p_occ <= 1 THEN kql_first_in_window(strpos(substr(p_s, p_from + 1), p_x), p_from, p_len, length(p_x))
       ELSE kql_nth_match(kql_occurrences(p_s, p_x, p_from), length(p_x), p_from, p_len, p_occ) END;

-- indexof(s, x, start, length, occurrence); the common first-occurrence case avoids listing positions
CREATE OR REPLACE MACRO kql_indexof(p_s, p_x, p_start, p_len, p_occ) AS
  kql_indexof_from(p_s, p_x, kql_start_index(p_start, length(p_s)), p_len, p_occ);

-- countof(s, x) (kind "normal"): overlapping occurrences
CREATE OR REPLACE MACRO kql_countof(p_s, p_x) AS
  CASE WHEN p_x = '' THEN 0 ELSE len(kql_occurrences(p_s, p_x, 0)) END;
CREATE OR REPLACE MACRO kql_path_object(p_scheme, p_root, p_dir, p_leaf) AS
  json_object(
    'Scheme', coalesce(p_scheme, ''), 'RootPath', p_root,
    'DirectoryPath', p_dir, 'DirectoryName', regexp_extract(p_dir, '([^\\/]*)$', 1),
    'Filename', regexp_extract(p_leaf, '^([^:]*)', 1),
    'Extension', regexp_extract(regexp_extract(p_leaf, '^([^:]*)', 1), '\.([^.]*)$', 1),
    'AlternateDataStreamName', regexp_extract(p_leaf, '^[^:]*:(.*)$', 1));
CREATE OR REPLACE MACRO kql_path_parts(p_m) AS
  kql_path_object(p_m.scheme, regexp_extract(coalesce(p_m.dir, '') || coalesce(p_m.leaf, ''), '^([A-Za-z]:)', 1), coalesce(p_m.dir, ''),
                  CASE WHEN coalesce(p_m.dir, '') = '' THEN regexp_replace(coalesce(p_m.leaf, ''), '^[A-Za-z]:', '') ELSE coalesce(p_m.leaf, '') END);

-- parse_path(path): one regular expression splits scheme, directory and leaf
CREATE OR REPLACE MACRO kql_parse_path(p_p) AS
  kql_path_parts(regexp_extract(coalesce(p_p, ''), '^(?:([A-Za-z][A-Za-z0-9+.-]*)://)?(?:(.*)[\\/])?([^\\/]*)$',
                                ['scheme', 'dir', 'leaf']));
-- k1=v1&k2=v2 → {"k1":"v1","k2":"v2"} (names and values URL-decoded)
CREATE OR REPLACE MACRO kql_url_query(p_q) AS
  CAST('{' || array_to_string(list_transform(list_filter(string_split(p_q, '&'), lambda __kv: __kv <> ''),
       lambda __kv: CAST(to_json(url_decode(regexp_extract(__kv, '^([^=]*)', 1))) AS VARCHAR) || ':'
                 || CAST(to_json(url_decode(regexp_extract(__kv, '^[^=]*=?(.*)$', 1))) AS VARCHAR)), ',') || '}' AS JSON);
CREATE OR REPLACE MACRO kql_url_object(p_m) AS
  json_object(
    'Scheme', coalesce(p_m.scheme, ''), 'Host', coalesce(p_m.host, ''), 'Port', coalesce(p_m.port, ''),
    'Path', coalesce(p_m.path, ''), 'Username', coalesce(p_m.user, ''), 'Password', coalesce(p_m.pass, ''),
    'Query Parameters', kql_url_query(coalesce(p_m.query, '')),
    'Fragment', coalesce(p_m.fragment, ''));

-- parse_url(url)
CREATE OR REPLACE MACRO kql_parse_url(p_u) AS
  kql_url_object(regexp_extract(coalesce(p_u, ''),
      '^([A-Za-z][A-Za-z0-9+.-]*)://(?:([^:@/?#]*)(?::([^@/?#]*))?@)?(\[[^\]]*\]|[^:/?#]*)(?::(\d*))?(?:/([^?#]*))?(?:\?([^#]*))?(?:#(.*))?$',
      ['scheme', 'user', 'pass', 'host', 'port', 'path', 'query', 'fragment']));
CREATE OR REPLACE MACRO kql_argv_finish(p_r) AS
  to_json(CASE WHEN p_r.s THEN list_append(p_r.a, p_r.c) ELSE p_r.a END);

-- parse_command_line(cmd, "windows"): the Microsoft C runtime rules. Outside quotes, spaces and tabs
-- separate arguments; 2n backslashes before a quote give n backslashes and the quote toggles quoting;
-- 2n+1 backslashes before a quote give n backslashes and a literal quote; other backslashes are literal;
-- inside quotes, "" gives a literal quote.
-- State per token: a = arguments so far, c = current argument, q = inside quotes, s = an argument
-- has started, j = a quote just closed quoting.
CREATE OR REPLACE MACRO kql_parse_command_line(p_s) AS
  kql_argv_finish(list_reduce(
      list_transform(regexp_extract_all(coalesce(p_s, ''), '\\*"|\\+|[ \t]+|[^\\" \t]+', 0),
                     lambda __t: {'a': []::VARCHAR[], 'c': __t, 'q': FALSE, 's': FALSE, 'j': FALSE}),
      lambda __st, __x: CASE
        WHEN regexp_full_match(__x.c, '[ \t]+') THEN
          CASE WHEN __st.q THEN {'a': __st.a, 'c': __st.c || __x.c, 'q': TRUE, 's': TRUE, 'j': FALSE}
               WHEN __st.s THEN {'a': list_append(__st.a, __st.c), 'c': '', 'q': FALSE, 's': FALSE, 'j': FALSE}
               ELSE {'a': __st.a, 'c': __st.c, 'q': FALSE, 's': FALSE, 'j': FALSE} END
        WHEN ends_with(__x.c, '"') THEN
          CASE WHEN (length(__x.c) - 1) % 2 = 1 THEN
                 {'a': __st.a, 'c': __st.c || repeat('\', (length(__x.c) - 1) // 2) || '"', 'q': __st.q, 's': TRUE, 'j': FALSE}
               WHEN length(__x.c) = 1 AND __st.j THEN
                 {'a': __st.a, 'c': __st.c || '"', 'q': TRUE, 's': TRUE, 'j': FALSE}
               ELSE {'a': __st.a, 'c': __st.c || repeat('\', (length(__x.c) - 1) // 2), 'q': NOT __st.q, 's': TRUE, 'j': __st.q} END
        ELSE {'a': __st.a, 'c': __st.c || __x.c, 'q': __st.q, 's': TRUE, 'j': FALSE} END,
      {'a': []::VARCHAR[], 'c': '', 'q': FALSE, 's': FALSE, 'j': FALSE}));
