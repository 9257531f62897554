-- Kusto IPv6 functions (IPv4 addresses take part as IPv4-mapped addresses ::ffff:a.b.c.d).
-- ipv6_compare: https://learn.microsoft.com/kusto/query/ipv6-compare-function
-- ipv6_is_match: https://learn.microsoft.com/kusto/query/ipv6-is-match-function
-- Edge cases:
--   * an address may carry a /prefix: 0-128 for IPv6 text, 0-32 for IPv4 text (counted after the 96
--     bits of the mapping, so 192.168.1.1/24 compares 120 bits);
--   * the comparison uses the shortest of the two addresses' prefixes and the prefix argument
--     ('::192.168.1.1/30' vs '192.168.1.255/24' compares 30 bits: equal);
--   * '::' stands for the missing zero groups (once); an IPv4 tail (::ffff:1.2.3.4) is two groups;
--   * invalid text or a prefix out of range gives null.

-- Each value is computed once and bound to a lambda parameter (list_transform([x], lambda __v: ...)[1]):
-- a macro repeats its argument's text wherever the parameter appears, and nested repeats make the
-- SQL grow exponentially.

-- an IPv6 text with a dotted IPv4 tail rewritten as two hex groups, NULL when the tail is invalid
CREATE OR REPLACE MACRO kql_ipv6_hex_tail(p_a) AS
  list_transform([p_a], lambda __ta:
    CASE WHEN NOT contains(__ta, '.') THEN __ta
         WHEN regexp_matches(__ta, ':\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$') THEN
           list_transform([kql_ipv4_value(regexp_extract(__ta, '([^:]*)$', 1))], lambda __t4:
             regexp_extract(__ta, '^(.*:)', 1) || lower(to_hex(__t4 // 65536)) || ':' || lower(to_hex(__t4 % 65536)))[1] END)[1];

-- the groups of one side of '::' ('' has none)
CREATE OR REPLACE MACRO kql_ipv6_side(p_s) AS
  CASE WHEN p_s = '' THEN []::VARCHAR[] ELSE string_split(p_s, ':') END;

-- the eight groups of an IPv6 text with '::' expanded (another count when the text is invalid)
CREATE OR REPLACE MACRO kql_ipv6_split(p_h) AS
  list_transform([p_h], lambda __h:
    CASE WHEN __h LIKE '%::%::%' THEN NULL
         WHEN contains(__h, '::') THEN
           list_transform([[kql_ipv6_side(split_part(__h, '::', 1)), kql_ipv6_side(split_part(__h, '::', 2))]], lambda __sides:
             list_concat(__sides[1], list_resize([]::VARCHAR[], greatest(8 - len(__sides[1]) - len(__sides[2]), 0), '0'), __sides[2]))[1]
         ELSE string_split(__h, ':') END)[1];

-- the 128-bit value of eight hex groups, NULL unless there are eight of 1-4 hex digits
CREATE OR REPLACE MACRO kql_ipv6_groups_value(p_g) AS
  list_transform([p_g], lambda __g:
    CASE WHEN len(__g) = 8 AND len(list_filter(__g, lambda __x: NOT regexp_full_match(__x, '[0-9A-Fa-f]{1,4}'))) = 0
         THEN list_reduce(list_transform(__g, lambda __x: CAST(CAST(('0x' || __x) AS INTEGER) AS UHUGEINT)),
                          lambda __acc, __x: __acc * 65536 + __x) END)[1];

-- an address's value and prefix from its parts (address text, prefix digits or '', whether it has a '/')
CREATE OR REPLACE MACRO kql_ipv6_from_parts(p_a, p_n, p_slash) AS
  list_transform([kql_ipv4_value(p_a)], lambda __v4:
    CASE WHEN __v4 IS NOT NULL THEN
           CASE WHEN NOT p_slash THEN {'v': CAST(281470681743360 AS UHUGEINT) + CAST(__v4 AS UHUGEINT), 'bits': 128}
                WHEN p_n <> '' AND CAST(p_n AS INTEGER) <= 32
                THEN {'v': CAST(281470681743360 AS UHUGEINT) + CAST(__v4 AS UHUGEINT), 'bits': 96 + CAST(p_n AS INTEGER)} END
         WHEN regexp_full_match(p_a, '[0-9A-Fa-f:.]+') THEN
           list_transform([kql_ipv6_groups_value(kql_ipv6_split(kql_ipv6_hex_tail(p_a)))], lambda __v6:
             CASE WHEN __v6 IS NULL THEN NULL
                  WHEN NOT p_slash THEN {'v': __v6, 'bits': 128}
                  WHEN p_n <> '' AND CAST(p_n AS INTEGER) <= 128 THEN {'v': __v6, 'bits': CAST(p_n AS INTEGER)} END)[1] END)[1];

-- an IPv6 or IPv4 address with optional /prefix: {v: 128-bit value, bits: prefix in IPv6 bits}, NULL when invalid
CREATE OR REPLACE MACRO kql_ipv6_parse(p_s) AS
  list_transform([trim(p_s)], lambda __s:
    kql_ipv6_from_parts(regexp_extract(__s, '^([^/]*)', 1), regexp_extract(__s, '^[^/]*/(\d{1,3})$', 1), contains(__s, '/')))[1];

-- the first p_bits bits of two 128-bit values compared: -1, 0, 1
CREATE OR REPLACE MACRO kql_ipv6_compare_bits(p_a, p_b, p_bits) AS
  CASE WHEN p_bits <= 0 THEN 0
       WHEN (p_a >> CAST(128 - p_bits AS UHUGEINT)) < (p_b >> CAST(128 - p_bits AS UHUGEINT)) THEN -1
       WHEN (p_a >> CAST(128 - p_bits AS UHUGEINT)) > (p_b >> CAST(128 - p_bits AS UHUGEINT)) THEN 1 ELSE 0 END;

-- ipv6_compare(a, b, prefix)
CREATE OR REPLACE MACRO kql_ipv6_compare(p_a, p_b, p_prefix) AS
  list_transform([[kql_ipv6_parse(p_a), kql_ipv6_parse(p_b)]], lambda __ab:
    CASE WHEN __ab[1] IS NULL OR __ab[2] IS NULL OR p_prefix IS NULL OR p_prefix < 0 OR p_prefix > 128 THEN NULL
         ELSE kql_ipv6_compare_bits(__ab[1].v, __ab[2].v, least(__ab[1].bits, __ab[2].bits, p_prefix)) END)[1];
