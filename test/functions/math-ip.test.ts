/**
 * Numbers (src/sql/functions/math.ts) and IPv4 (src/sql/functions/ip.ts, sql/ip.sql) functions on
 * their doc pages' examples (URL on each block).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { closeDataless, rows, value } from '../helpers/kql.js';

afterAll(closeDataless);

const DOCS = 'https://learn.microsoft.com/kusto/query';

async function expectValues(cases: ReadonlyArray<readonly [string, unknown]>): Promise<void> {
  for (const [expr, expected] of cases) expect(await value(expr), expr).toEqual(expected);
}

describe('numbers', () => {
  it(`max_of / min_of ignore nulls (${DOCS}/max-of-function, ${DOCS}/min-of-function)`, async () => {
    await expectValues([
      ['max_of(10, 1, -3, 17)', 17],
      ['min_of(10, 1, -3, 17)', -3],
      ['max_of(1, 2.5)', 2.5],
      ['max_of("a", "b")', 'b'],
    ]);
    const r = await rows('datatable (A: int, B: int) [1, 6, 8, 1, int(null), 2, 1, int(null), int(null), int(null)] | project max_of(A, B), min_of(A, B)');
    expect(r).toEqual([[6, 1], [8, 1], [2, 2], [1, 1], [null, null]]);
  });

  it(`round, log, pow, sqrt, exp, ceiling, sign (${DOCS}/round-function …)`, () => expectValues([
    ['round(2.98765, 3)', 2.988],
    ['round(2.15, 1)', 2.2],
    ['round(2.15)', 2],
    ['round(-50.55, -2)', -100],
    ['round(21.5, -1)', 20],
    ['log(5)', 1.6094379124341003],
    ['log(0)', null],
    ['log10(1000)', 3],
    ['log2(8)', 3],
    ['pow(2, 3)', 8],
    ['sqrt(16)', 4],
    ['sqrt(-1)', null],
    ['exp(0)', 1],
    ['ceiling(-1.1)', -1],
    ['ceiling(0.9)', 1],
    ['sign(-42)', -1],
    ['sign(11.2)', 1],
    ['isnan(todouble("NaN"))', true],
    ['isinf(1.0 / 0.0)', true],
    ['isnan(1.0)', false],
  ]));
});

describe('IPv4', () => {
  it(`parse_ipv4 (${DOCS}/parse-ipv4-function)`, () => expectValues([
    ["parse_ipv4('192.168.1.1')", 3232235777],
    ["parse_ipv4('192.168.1.1/24')", 3232235776],
    ["parse_ipv4('255.255.255.255/31')", 4294967294],
    ["parse_ipv4('256.1.1.1')", null],
    ["parse_ipv4('1.1.1.1/33')", null],
  ]));

  it(`ipv4_is_private, ipv4_is_in_range (${DOCS}/ipv4-is-private-function, ${DOCS}/ipv4-is-in-range-function)`, () => expectValues([
    ["ipv4_is_private('192.168.1.1/24')", true],
    ["ipv4_is_private('10.1.2.3/24')", true],
    ["ipv4_is_private('172.16.0.1')", true],
    ["ipv4_is_private('172.32.0.1')", false],
    ["ipv4_is_private('202.1.2.3')", false],
    ['ipv4_is_private("127.0.0.1")', false],
    ["ipv4_is_in_range('192.168.1.1', '192.168.1.1')", true],
    ["ipv4_is_in_range('192.168.1.1', '192.168.1.255/24')", true],
    ["ipv4_is_in_range('192.168.2.1', '192.168.1.0/24')", false],
  ]));

  it(`ipv4_compare, ipv4_is_match, format_ipv4, ipv4_netmask_suffix (${DOCS}/ipv4-compare-function …)`, () => expectValues([
    ["ipv4_compare('192.168.1.1/24', '192.168.1.255')", 0],
    ["ipv4_compare('192.168.1.1', '192.168.1.0', 31)", 0],
    ["ipv4_compare('192.168.1.1', '192.168.1.2')", -1],
    ["ipv4_is_match('192.168.1.1/24', '192.168.1.255')", true],
    ["format_ipv4('192.168.1.1', 24)", '192.168.1.0'],
    ["format_ipv4_mask('192.168.1.1/24', 32)", '192.168.1.0/24'],
    ["format_ipv4('192.168.1.1/24', -1)", ''],
    ["ipv4_netmask_suffix('192.168.1.1/24')", 24],
    ["ipv4_netmask_suffix('10.1.2.3')", 32],
  ]));

  it(`has_ipv4, has_any_ipv4, has_ipv4_prefix need delimited addresses (${DOCS}/has-ipv4-function …)`, () => expectValues([
    ["has_ipv4('05:04:54 127.0.0.1 GET /favicon.ico 404', '127.0.0.1')", true],
    ["has_ipv4('05:04:54 127.0.0.256 GET /favicon.ico 404', '127.0.0.256')", false],
    ["has_ipv4('05:04:54127.0.0.1 GET /favicon.ico 404', '127.0.0.1')", false],
    ["has_ipv4('from: 192.168.1.1, 10.1.1.115 and 10.1.1.201.', '10.1.1.201')", true],
    ["has_ipv4('10.1.1.2011', '10.1.1.201')", false],
    ["has_any_ipv4('05:04:54 127.0.0.1 GET /favicon.ico 404', '127.0.0.1', '127.0.0.2')", true],
    ['has_any_ipv4(\'05:04:54 127.0.0.256 GET\', dynamic(["127.0.0.256", "192.168.1.1"]))', false],
    ["has_ipv4_prefix('05:04:54 127.0.0.1 GET /favicon.ico 404', '127.0.')", true],
    ["has_ipv4_prefix('05:04:54 127.0.0.1 GET /favicon.ico 404', '127.0')", false],
    ["has_ipv4_prefix('05:04:54 127.0.0.256 GET /favicon.ico 404', '127.0.')", false],
  ]));

  it(`ipv6_compare / ipv6_is_match (${DOCS}/ipv6-compare-function, ${DOCS}/ipv6-is-match-function)`, () => expectValues([
    ["ipv6_compare('::ffff:7f00:1', '127.0.0.1')", 0],
    ["ipv6_compare('2001:db8::ff00:42:8329', '2001:0db8:0000:0000:0000:ff00:0042:8329')", 0],
    ["ipv6_compare('fe80::1', 'fe80::2')", -1],
    ["ipv6_compare('fe80::2', 'fe80::1')", 1],
    ["ipv6_compare('fe80::85d:e82c:9446:7994', 'fe80::85d:e82c:9446:7995', 127)", 0],
    ["ipv6_compare('fe80::85d:e82c:9446:7994', 'fe80::85d:e82c:9446:7995', 128)", -1],
    ["ipv6_compare('::192.168.1.1/30', '192.168.1.255/24')", 0],
    ["ipv6_compare('192.168.1.1', '192.168.2.1')", -1],
    ["ipv6_compare('not an address', '::1')", null],
    ["ipv6_compare('1:2:3:4:5:6:7:8:9', '::1')", null],
    ["ipv6_compare('1::2::3', '::1')", null],
    ["ipv6_compare('::1/129', '::1')", null],
    ["ipv6_compare('::1', '::1', 129)", null],
    ["ipv6_is_match('192.168.1.1/24', '192.168.1.255')", true],
    ["ipv6_is_match('fe80::85d:e82c:9446:7994', 'fe80::85d:e82c:9446:7995')", false],
    ["ipv6_is_in_range('fe80::85d:e82c:9446:7994', 'fe80::85d:e82c:9446:7900/120')", true],
    ["ipv6_is_in_range('fe80::85d:e82c:9446:8994', 'fe80::85d:e82c:9446:7900/120')", false],
    ["ipv6_is_in_any_range('a5e:f127:8a9d:146d:e102:b5d3:c755:abcd', dynamic(['a5e:f127:8a9d:146d:e102:b5d3:c755:f6cd/112', '0:0:0:0:0:ffff:c0a8:ac/60']))", true],
    ["ipv6_is_in_any_range('a5e:f127:8a9d:146d:e102:b5d3:c756:abd1', dynamic(['a5e:f127:8a9d:146d:e102:b5d3:c755:f6cd/112', '0:0:0:0:0:ffff:c0a8:ac/60']))", false],
    ["ipv6_is_in_any_range('zz', 'fe80::/10')", null],
  ]));

  it(`ipv4_is_in_any_range (${DOCS}/ipv4-is-in-any-range-function)`, () => expectValues([
    ["ipv4_is_in_any_range('192.168.1.6', '192.168.1.1/24', '10.0.0.1/8', '127.1.0.1/16')", true],
    ["ipv4_is_in_any_range('192.168.1.1', '192.168.2.1/24', '10.0.0.1/8', '127.1.0.1/16')", false],
    ["ipv4_is_in_any_range('10.1.2.3', dynamic(['192.168.0.0/16', '10.0.0.0/8']))", true],
    ["ipv4_is_in_any_range('not an ip', dynamic(['10.0.0.0/8']))", null],
  ]));
});

describe('bitwise', () => {
  it(`binary_* and bitset_count_ones (${DOCS}/binary-and-function …)`, () => expectValues([
    ['binary_and(6, 3)', 2],
    ['binary_or(6, 3)', 7],
    ['binary_xor(6, 3)', 5],
    ['binary_not(6)', -7],
    ['binary_shift_left(1, 2)', 4],
    ['binary_shift_left(1, 63)', '-9223372036854775808'],
    ['binary_shift_right(8, 2)', 2],
    ['bitset_count_ones(42)', 3],
    ['binary_and(long(null), 3)', null],
  ]));
});
