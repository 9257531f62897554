-- Kusto string search with run-time needles, lookups and records.
-- has / hasprefix / hassuffix: https://learn.microsoft.com/kusto/query/datatypes-string-operators
-- has_any_index: https://learn.microsoft.com/kusto/query/has-any-index-function
-- indexof_regex: https://learn.microsoft.com/kusto/query/indexof-regex-function
-- replace_strings: https://learn.microsoft.com/kusto/query/replace-strings-function
-- parse_csv: https://learn.microsoft.com/kusto/query/parse-csv-function
-- Edge cases:
--   * has-family needles follow KQL-SEMANTICS.md: a letter or digit at an edge of the needle must not
--     continue a term of the text there; punctuation at an edge imposes nothing (the literal-needle
--     path in src/sql/string-predicates.ts builds the same regular expression at compile time);
--   * indexof_regex: matches do not overlap (the next search starts after the previous match);
--   * replace_strings: the lookups claim text in their order, and claimed text is not searched again
--     ("This is" with ['is', 'This'] → "Thwas was"); a rewrite that is not a string keeps the claimed text;
--   * parse_csv returns the first record only; "" inside a quoted field is one quote.

-- the regular expression of a has-family needle; p_left/p_right: whether that edge is checked
CREATE OR REPLACE MACRO kql_term_regex(p_n, p_left, p_right) AS
  (CASE WHEN p_left AND regexp_matches(p_n, '^[\p{L}\p{N}]') THEN '(?:^|[^\p{L}\p{N}])' ELSE '' END)
  || regexp_escape(p_n)
  || (CASE WHEN p_right AND regexp_matches(p_n, '[\p{L}\p{N}]$') THEN '(?:$|[^\p{L}\p{N}])' ELSE '' END);
CREATE OR REPLACE MACRO kql_has(p_h, p_n) AS regexp_matches(coalesce(p_h, ''), '(?i)' || kql_term_regex(p_n, TRUE, TRUE));
CREATE OR REPLACE MACRO kql_has_cs(p_h, p_n) AS regexp_matches(coalesce(p_h, ''), kql_term_regex(p_n, TRUE, TRUE));
CREATE OR REPLACE MACRO kql_hasprefix(p_h, p_n) AS regexp_matches(coalesce(p_h, ''), '(?i)' || kql_term_regex(p_n, TRUE, FALSE));
CREATE OR REPLACE MACRO kql_hasprefix_cs(p_h, p_n) AS regexp_matches(coalesce(p_h, ''), kql_term_regex(p_n, TRUE, FALSE));
CREATE OR REPLACE MACRO kql_hassuffix(p_h, p_n) AS regexp_matches(coalesce(p_h, ''), '(?i)' || kql_term_regex(p_n, FALSE, TRUE));
CREATE OR REPLACE MACRO kql_hassuffix_cs(p_h, p_n) AS regexp_matches(coalesce(p_h, ''), kql_term_regex(p_n, FALSE, TRUE));

-- has_any_index(text, lookups): the 0-based index of the first lookup the text has, -1 when none
CREATE OR REPLACE MACRO kql_has_any_index(p_h, p_l) AS
  coalesce(list_position(list_transform(p_l, lambda __x: kql_has(p_h, kql_dynamic_to_string(__x))), TRUE) - 1, -1);

-- the leftmost match of a regular expression: {pos (0-based), len}, or NULL. The lazy prefix is as
-- short as possible, so it ends where the leftmost match starts; nothing follows the expression, so it
-- matches what a search from there would.
CREATE OR REPLACE MACRO kql_regex_match_at(p_s, p_re) AS
  CASE WHEN regexp_matches(p_s, p_re) THEN {
    'pos': length(regexp_extract(p_s, '^(?s:(.*?))(?:' || p_re || ')', 1)),
    'len': length(regexp_extract(p_s, '^(?s:.*?)(' || p_re || ')', 1))} END;

-- one lookup of replace_strings over text segments {t, done}: unclaimed text is split at the lookup,
-- and each occurrence becomes a claimed segment holding the rewrite
CREATE OR REPLACE MACRO kql_replace_step(p_segs, p_lookup, p_rewrite) AS
  flatten(list_transform(p_segs, lambda __s:
    CASE WHEN __s.done THEN [__s]
         ELSE flatten(list_transform(string_split(__s.t, p_lookup), lambda __p, __i:
           CASE WHEN __i = 1 THEN [{'t': __p, 'done': FALSE}]
                ELSE [{'t': p_rewrite, 'done': TRUE}, {'t': __p, 'done': FALSE}] END)) END));
CREATE OR REPLACE MACRO kql_segments_text(p_segs) AS
  array_to_string(list_transform(p_segs, lambda __s: __s.t), '');

-- parse_csv: each match is a field and what ends it (a comma, a line break, or the end); the first
-- record ends at the first field not ended by a comma
CREATE OR REPLACE MACRO kql_csv_fields(p_s) AS
  regexp_extract_all(p_s, '("(?:[^"]|"")*"|[^,"\r\n]*)(,|\r?\n|$)', 1);
CREATE OR REPLACE MACRO kql_csv_ends(p_s) AS
  regexp_extract_all(p_s, '("(?:[^"]|"")*"|[^,"\r\n]*)(,|\r?\n|$)', 2);
CREATE OR REPLACE MACRO kql_csv_unquote(p_f) AS
  CASE WHEN starts_with(p_f, '"') THEN replace(p_f[2:-2], '""', '"') ELSE p_f END;
CREATE OR REPLACE MACRO kql_parse_csv(p_s) AS
  to_json(list_transform(
    kql_csv_fields(p_s)[1 : coalesce(list_position(list_transform(kql_csv_ends(p_s), lambda __e: __e <> ','), TRUE), 1)],
    lambda __f: kql_csv_unquote(__f)));
