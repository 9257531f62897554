-- Kusto IPv4 functions.
-- parse_ipv4: https://learn.microsoft.com/kusto/query/parse-ipv4-function
-- ipv4_is_private: .../ipv4-is-private-function     ipv4_is_in_range: .../ipv4-is-in-range-function
-- ipv4_compare: .../ipv4-compare-function            ipv4_is_match: .../ipv4-is-match-function
-- has_ipv4: .../has-ipv4-function                    has_ipv4_prefix: .../has-ipv4-prefix-function
-- format_ipv4: .../format-ipv4-function              ipv4_netmask_suffix: .../ipv4-netmask-suffix-function
-- Edge cases:
--   * an address may carry a /prefix (0-32): parse_ipv4("192.168.1.1/24") is the masked 3232235776;
--   * comparisons use the shortest of the prefixes involved;
--   * in has_ipv4 the address must be delimited by characters that are neither letters, digits nor dots
--     (a sentence's final dot is allowed): "05:04:54127.0.0.1" does not contain 127.0.0.1;
--   * an invalid address (an octet > 255, a prefix > 32) gives null, and false in has_ipv4.

-- the 32-bit value of a dotted-quad address without prefix, NULL when invalid
CREATE OR REPLACE MACRO kql_ipv4_value(p_s) AS
  CASE WHEN regexp_full_match(p_s, '\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}')
        AND greatest(CAST(split_part(p_s, '.', 1) AS BIGINT), CAST(split_part(p_s, '.', 2) AS BIGINT),
                     CAST(split_part(p_s, '.', 3) AS BIGINT), CAST(split_part(p_s, '.', 4) AS BIGINT)) <= 255
       THEN CAST(split_part(p_s, '.', 1) AS BIGINT) * 16777216 + CAST(split_part(p_s, '.', 2) AS BIGINT) * 65536
          + CAST(split_part(p_s, '.', 3) AS BIGINT) * 256 + CAST(split_part(p_s, '.', 4) AS BIGINT) END;

-- the prefix length of "a.b.c.d[/n]" (32 without one), NULL when invalid
CREATE OR REPLACE MACRO kql_ipv4_prefix(p_s) AS
  CASE WHEN kql_ipv4_value(regexp_extract(trim(p_s), '^([^/]*)', 1)) IS NULL THEN NULL
       WHEN NOT contains(p_s, '/') THEN 32
       WHEN regexp_full_match(trim(p_s), '[^/]*/\d{1,2}') AND CAST(regexp_extract(trim(p_s), '/(\d+)$', 1) AS INTEGER) <= 32
         THEN CAST(regexp_extract(trim(p_s), '/(\d+)$', 1) AS INTEGER) END;

-- keeps the first p_p bits of a 32-bit value
CREATE OR REPLACE MACRO kql_ipv4_mask(p_v, p_p) AS
  CASE WHEN p_p <= 0 THEN 0 ELSE (p_v // CAST(pow(2, 32 - p_p) AS BIGINT)) * CAST(pow(2, 32 - p_p) AS BIGINT) END;

-- parse_ipv4("a.b.c.d[/n]"): the masked address
CREATE OR REPLACE MACRO kql_parse_ipv4(p_s) AS
  CASE WHEN kql_ipv4_prefix(p_s) IS NOT NULL
       THEN kql_ipv4_mask(kql_ipv4_value(regexp_extract(trim(p_s), '^([^/]*)', 1)), kql_ipv4_prefix(p_s)) END;

-- ipv4_compare(a, b, prefix): -1, 0, 1 over the shortest prefix
CREATE OR REPLACE MACRO kql_ipv4_compare(p_a, p_b, p_prefix) AS
  CASE WHEN kql_ipv4_prefix(p_a) IS NULL OR kql_ipv4_prefix(p_b) IS NULL OR p_prefix IS NULL OR p_prefix < 0 OR p_prefix > 32 THEN NULL
       ELSE sign(kql_ipv4_mask(kql_parse_ipv4(p_a), least(kql_ipv4_prefix(p_a), kql_ipv4_prefix(p_b), p_prefix))
               - kql_ipv4_mask(kql_parse_ipv4(p_b), least(kql_ipv4_prefix(p_a), kql_ipv4_prefix(p_b), p_prefix))) END;

-- ipv4_is_in_range(address, range)
CREATE OR REPLACE MACRO kql_ipv4_is_in_range(p_ip, p_range) AS
  CASE WHEN kql_ipv4_prefix(p_ip) IS NULL OR kql_ipv4_prefix(p_range) IS NULL THEN NULL
       ELSE kql_ipv4_mask(kql_parse_ipv4(p_ip), kql_ipv4_prefix(p_range)) = kql_parse_ipv4(p_range) END;

-- ipv4_is_private: 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16
CREATE OR REPLACE MACRO kql_ipv4_is_private(p_s) AS
  CASE WHEN kql_parse_ipv4(p_s) IS NULL THEN NULL
       ELSE kql_ipv4_mask(kql_parse_ipv4(p_s), 8) = 167772160
         OR kql_ipv4_mask(kql_parse_ipv4(p_s), 12) = 2886729728
         OR kql_ipv4_mask(kql_parse_ipv4(p_s), 16) = 3232235520 END;

-- a 32-bit value as a dotted quad
CREATE OR REPLACE MACRO kql_ipv4_text(p_v) AS
  CAST(p_v // 16777216 AS VARCHAR) || '.' || CAST((p_v // 65536) % 256 AS VARCHAR) || '.'
  || CAST((p_v // 256) % 256 AS VARCHAR) || '.' || CAST(p_v % 256 AS VARCHAR);

-- format_ipv4 / format_ipv4_mask(address, mask): "" when invalid
CREATE OR REPLACE MACRO kql_format_ipv4(p_s, p_mask) AS
  CASE WHEN kql_ipv4_prefix(p_s) IS NULL OR p_mask IS NULL OR p_mask < 0 OR p_mask > 32 THEN ''
       ELSE kql_ipv4_text(kql_ipv4_mask(kql_parse_ipv4(p_s), least(kql_ipv4_prefix(p_s), p_mask))) END;
CREATE OR REPLACE MACRO kql_format_ipv4_mask(p_s, p_mask) AS
  CASE WHEN kql_format_ipv4(p_s, p_mask) = '' THEN ''
       ELSE kql_format_ipv4(p_s, p_mask) || '/' || CAST(least(kql_ipv4_prefix(p_s), p_mask) AS VARCHAR) END;

-- the candidate addresses of a text: its runs of letters, digits and dots, without outer dots
CREATE OR REPLACE MACRO kql_ipv4_tokens(p_text) AS
  list_transform(regexp_split_to_array(coalesce(p_text, ''), '[^0-9A-Za-z.]+'), lambda __t: trim(__t, '.'));

-- has_ipv4(text, address)
CREATE OR REPLACE MACRO kql_has_ipv4(p_text, p_ip) AS
  CASE WHEN kql_ipv4_value(p_ip) IS NULL THEN FALSE
       ELSE list_contains(list_transform(kql_ipv4_tokens(p_text), lambda __t: kql_ipv4_value(__t)), kql_ipv4_value(p_ip)) END;

-- has_ipv4_prefix(text, prefix): the prefix is 1 to 3 octets each followed by a dot, or a whole address
CREATE OR REPLACE MACRO kql_has_ipv4_prefix(p_text, p_prefix) AS
  CASE WHEN NOT (regexp_full_match(p_prefix, '(\d{1,3}\.){1,3}') OR kql_ipv4_value(p_prefix) IS NOT NULL)
         OR list_max(list_transform(string_split(rtrim(p_prefix, '.'), '.'), lambda __o: CAST(__o AS INTEGER))) > 255 THEN FALSE
       ELSE len(list_filter(kql_ipv4_tokens(p_text),
                            lambda __t: kql_ipv4_value(__t) IS NOT NULL AND starts_with(__t, p_prefix))) > 0 END;

-- ipv4_is_in_any_range / ipv6_is_in_any_range: https://learn.microsoft.com/kusto/query/ipv4-is-in-any-range-function;
-- p_hits holds "is in range" per range: true when one is, null when one conversion failed, false otherwise
CREATE OR REPLACE MACRO kql_ipv4_in_any(p_hits) AS
  CASE WHEN list_bool_or(p_hits) THEN TRUE WHEN list_position(p_hits, NULL) IS NOT NULL THEN NULL ELSE FALSE END;
