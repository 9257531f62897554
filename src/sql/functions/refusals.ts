/**
 * Scalar functions kqlduck refuses on purpose, each with the reason the user sees ("`hash()` (…) is not
 * supported by kqlduck yet"), and the random functions, which need no exactness. Refusals whose reason is
 * about the archive itself (geo_info_from_ip_address, ingestion_time, cursors) live in src/kql/lower/expr.ts.
 */
import { EmitRefusal, literalInt, type FnEmitter } from './helpers.js';

const refusal = (reason: string): FnEmitter => (c) => {
  throw new EmitRefusal(c.span, `\`${c.fn}()\` (${reason})`);
};

const NOT_REPRODUCIBLE = "its values come from Kusto's own xxhash64 encoding, which DuckDB cannot reproduce";

export const REFUSED_FUNCTIONS: Record<string, FnEmitter> = {
  hash: refusal(NOT_REPRODUCIBLE),
  hash_many: refusal(NOT_REPRODUCIBLE),
  hash_combine: refusal(NOT_REPRODUCIBLE),
  hash_xxhash64: refusal(NOT_REPRODUCIBLE),
  parse_user_agent: refusal("it needs Kusto's user-agent database"),
  parse_xml: refusal('DuckDB has no XML parser'),
  gzip_compress_to_base64_string: refusal('DuckDB has no gzip functions'),
  gzip_decompress_from_base64_string: refusal('DuckDB has no gzip functions'),
  zlib_compress_to_base64_string: refusal('DuckDB has no zlib functions'),
  zlib_decompress_from_base64_string: refusal('DuckDB has no zlib functions'),
  estimate_data_size: refusal("Kusto's internal size estimates cannot be reproduced"),
  extent_id: refusal('archived rows have no Kusto extents'),
  extent_tags: refusal('archived rows have no Kusto extents'),
  cursor_current: refusal('database cursors do not exist outside Kusto'),
  current_principal_details: refusal('there is no Kusto principal outside Kusto'),
  current_principal_is_member_of: refusal('there is no Kusto principal outside Kusto'),
};

/** rand() in [0, 1), rand(N) an integer in [0, N); new_guid() a random guid (random in Kusto too). */
export const RANDOM_FUNCTIONS: Record<string, FnEmitter> = {
  rand: (c) => {
    if (c.args.length === 0) return 'random()';
    const n = literalInt(c, 0);
    return n === undefined ? `CAST(floor(random() * ${c.sql(0)}) AS BIGINT)` : `CAST(floor(random() * ${n}) AS BIGINT)`;
  },
  new_guid: () => 'gen_random_uuid()',
};
