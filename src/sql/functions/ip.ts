/**
 * IPv4 functions. Pages: https://learn.microsoft.com/kusto/query/<name>-function (parse-ipv4,
 * ipv4-is-private, ipv4-is-in-range, ipv4-compare, ipv4-is-match, has-ipv4, has-any-ipv4,
 * has-ipv4-prefix, format-ipv4, format-ipv4-mask, ipv4-netmask-suffix, ipv6-compare, ipv6-is-match).
 * Macros: sql/ip.sql, sql/ipv6.sql.
 */
import { argType, castTo, jsonList, opt, str, type CallSite, type FnEmitter } from './helpers.js';

/** The addresses of has_any_ipv4: string arguments and the strings of dynamic arrays. */
function addressList(c: CallSite, from: number): string {
  const parts = c.args.slice(from).map((_, k) => {
    const i = from + k;
    if (argType(c, i) === 'dynamic') {
      return `coalesce(list_transform(${jsonList(c.sql(i))}, lambda __a: kql_dynamic_to_string(__a)), [])`;
    }
    return `[${str(c, i)}]`;
  });
  return parts.reduce((acc, p) => `list_concat(${acc}, ${p})`);
}

const hasAnyIpv4: FnEmitter = (c) =>
  `(len(list_filter(${addressList(c, 1)}, lambda __ip: kql_has_ipv4(${str(c, 0)}, __ip))) > 0)`;

export const IP_FUNCTIONS: Record<string, FnEmitter> = {
  parse_ipv4: (c) => castTo(c.type, `kql_parse_ipv4(${str(c, 0)})`),
  ipv4_is_private: (c) => `kql_ipv4_is_private(${str(c, 0)})`,
  ipv4_is_in_range: (c) => `kql_ipv4_is_in_range(${str(c, 0)}, ${str(c, 1)})`,
  // ipv4_is_in_any_range(ip, range1, … | dynamic array): null when a conversion fails
  ipv4_is_in_any_range: (c) => `kql_ipv4_in_any(list_transform(${addressList(c, 1)}, lambda __r: kql_ipv4_is_in_range(${str(c, 0)}, __r)))`,
  ipv4_compare: (c) => castTo(c.type, `kql_ipv4_compare(${str(c, 0)}, ${str(c, 1)}, CAST(${opt(c, 2, '32')} AS INTEGER))`),
  ipv4_is_match: (c) => `(kql_ipv4_compare(${str(c, 0)}, ${str(c, 1)}, CAST(${opt(c, 2, '32')} AS INTEGER)) = 0)`,
  has_ipv4: (c) => `kql_has_ipv4(${str(c, 0)}, ${str(c, 1)})`,
  has_any_ipv4: hasAnyIpv4,
  has_ipv4_prefix: (c) => `kql_has_ipv4_prefix(${str(c, 0)}, ${str(c, 1)})`,
  format_ipv4: (c) => `kql_format_ipv4(${str(c, 0)}, CAST(${opt(c, 1, '32')} AS INTEGER))`,
  format_ipv4_mask: (c) => `kql_format_ipv4_mask(${str(c, 0)}, CAST(${opt(c, 1, '32')} AS INTEGER))`,
  ipv4_netmask_suffix: (c) => castTo(c.type, `kql_ipv4_prefix(${str(c, 0)})`),
  // IPv6 (sql/ipv6.sql); IPv4 text takes part as an IPv4-mapped address
  ipv6_compare: (c) => castTo(c.type, `kql_ipv6_compare(${str(c, 0)}, ${str(c, 1)}, CAST(${opt(c, 2, '128')} AS INTEGER))`),
  ipv6_is_match: (c) => `(kql_ipv6_compare(${str(c, 0)}, ${str(c, 1)}, CAST(${opt(c, 2, '128')} AS INTEGER)) = 0)`,
  // in a range: equal over the range's prefix (null when a conversion fails)
  ipv6_is_in_range: (c) => `(kql_ipv6_compare(${str(c, 0)}, ${str(c, 1)}, 128) = 0)`,
  ipv6_is_in_any_range: (c) => `kql_ipv4_in_any(list_transform(${addressList(c, 1)}, lambda __r: kql_ipv6_compare(${str(c, 0)}, __r, 128) = 0))`,
};
