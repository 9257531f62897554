/**
 * String functions. Pages: https://learn.microsoft.com/kusto/query/<name>-function (substring, split,
 * extract, extract-all, strcat-array, replace-string, replace-regex, trim, indexof, countof, reverse,
 * base64-*, url-decode, parse-path, parse-url, parse-command-line, hash-sha256 …). Macros: sql/text.sql.
 * Regular expressions are RE2 in Kusto and in DuckDB.
 */
import type { KustoType } from '../../ir/types.js';
import {
  argType, asText, castTo, jsonList, literalString, literalValue, opt, refuse, sqlString, str,
  type CallSite, type FnEmitter,
} from './helpers.js';

/** The capture groups of a regular expression: their count and the names of named ones (1-based). */
export function captureGroups(re: string): { count: number; names: Map<string, number> } {
  let count = 0;
  const names = new Map<string, number>();
  let inClass = false;
  for (let i = 0; i < re.length; i++) {
    const ch = re[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      continue;
    }
    if (ch === '[') {
      inClass = true;
      if (re[i + 1] === '^') i++;
      if (re[i + 1] === ']') i++;
      continue;
    }
    if (ch !== '(') continue;
    if (re[i + 1] !== '?') {
      count++;
      continue;
    }
    const named = /^\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(re.slice(i));
    if (named) {
      count++;
      names.set(named[1]!, count);
    }
  }
  return { count, names };
}

/**
 * extract(regex, group, source [, typeof(T)]): the group of the first match. Without a match DuckDB
 * gives '', which is Kusto's answer for a string and converts to null for every other type.
 */
const extract: FnEmitter = (c) => {
  const group = literalValue(c, 1);
  if (group === undefined || group === null) refuse(c, '`extract()` with a capture group that is not a constant');
  return convertText(c, c.type, `regexp_extract(${asText(c, 2)}, ${str(c, 0)}, ${Number(group)})`);
};

/** Text → a Kusto type, as extract(..., typeof(T)) converts (null when it does not convert). */
function convertText(c: CallSite, type: KustoType, text: string): string {
  switch (type) {
    case 'string':
      return `coalesce(${text}, '')`;
    case 'long':
    case 'int':
      return castTo(type, `kql_parse_long(${text})`);
    case 'real':
      return `TRY_CAST(trim(${text}) AS DOUBLE)`;
    case 'bool':
      return `kql_parse_bool(${text})`;
    case 'datetime':
      return `kql_parse_datetime(${text})`;
    case 'timespan':
      return `kql_parse_timespan(${text})`;
    case 'guid':
      return `kql_parse_guid(${text})`;
    case 'dynamic':
      return `kql_parse_json(${text})`;
    default:
      return refuse(c, `\`${c.fn}()\` to type ${type}`);
  }
}

/** extract_all(regex, [groups,] source): every match, as strings or arrays of strings per match. */
const extractAll: FnEmitter = (c) => {
  const re = literalString(c, 0);
  if (re === undefined) refuse(c, '`extract_all()` with a regular expression that is not a constant');
  const { count, names } = captureGroups(re);
  if (count < 1 || count > 16) refuse(c, '`extract_all()` with a regular expression without 1 to 16 capture groups');
  let groups = Array.from({ length: count }, (_, i) => i + 1);
  let sourceIndex = 1;
  if (c.args.length === 3) {
    sourceIndex = 2;
    const sel = c.args[1];
    if (sel?.kind !== 'dynamic' || !Array.isArray(sel.value)) refuse(c, '`extract_all()` with capture groups that are not a constant array');
    groups = (sel.value as unknown[]).map((g) => {
      const n = typeof g === 'string' ? names.get(g) : typeof g === 'number' ? g : undefined;
      if (n === undefined || n < 1 || n > count) return refuse(c, `\`extract_all()\` with the capture group ${JSON.stringify(g)}`);
      return n;
    });
  }
  const source = asText(c, sourceIndex);
  const pattern = sqlString(re);
  const all = (g: number) => `regexp_extract_all(${source}, ${pattern}, ${g})`;
  const body = groups.length === 1
    ? `to_json(list_transform(${all(groups[0]!)}, lambda __x: coalesce(__x, '')))`
    : `to_json(list_transform(range(1, len(${all(groups[0]!)}) + 1), lambda __i: [${groups.map((g) => `coalesce(${all(g)}[__i], '')`).join(', ')}]))`;
  return `(CASE WHEN regexp_matches(${source}, ${pattern}) THEN ${body} END)`;
};

const split: FnEmitter = (c) => {
  if (c.args.length === 3) return `kql_split_at(${asText(c, 0)}, ${asText(c, 1)}, ${c.sql(2)})`;
  return `kql_split(${asText(c, 0)}, ${asText(c, 1)})`;
};

/** trim(regex, source): every leading and trailing repetition of the expression removed. */
function trim(start: boolean, end: boolean): FnEmitter {
  return (c) => {
    let v = asText(c, 1);
    if (start) v = `kql_trim_start(${str(c, 0)}, ${v})`;
    if (end) v = `kql_trim_end(${str(c, 0)}, ${v})`;
    return v;
  };
}

const indexOf: FnEmitter = (c) =>
  castTo(c.type, `kql_indexof(${asText(c, 0)}, ${asText(c, 1)}, ${opt(c, 2, '0')}, ${opt(c, 3, '-1')}, ${opt(c, 4, '1')})`);

/** countof(text, search [, kind]): "normal" counts overlapping matches, "regex" regex matches. */
const countOf: FnEmitter = (c) => {
  const kind = c.args.length > 2 ? literalString(c, 2) : 'normal';
  if (kind === 'regex') return castTo(c.type, `len(regexp_extract_all(${asText(c, 0)}, ${str(c, 1)}, 0))`);
  if (kind !== 'normal') refuse(c, '`countof()` with a kind other than "normal" or "regex"');
  const needle = literalString(c, 1);
  // a needle none of whose proper prefixes is also a suffix cannot overlap itself: count by replacing
  if (needle !== undefined && needle !== '' && !selfOverlaps(needle)) {
    const s = asText(c, 0);
    return castTo(c.type, `((length(${s}) - length(replace(${s}, ${sqlString(needle)}, ''))) // ${[...needle].length})`);
  }
  return castTo(c.type, `kql_countof(${asText(c, 0)}, ${asText(c, 1)})`);
};

function selfOverlaps(s: string): boolean {
  const cs = [...s];
  for (let k = 1; k < cs.length; k++) if (cs.slice(0, k).join('') === cs.slice(cs.length - k).join('')) return true;
  return false;
}

/** The text Kusto hashes / reverses: datetimes in their round-trip form with 7 fraction digits. */
function internalText(c: CallSite, i: number): string {
  if (argType(c, i) === 'datetime') return `coalesce(kql_datetime_to_json_text(${c.sql(i)}), '')`;
  return asText(c, i);
}

const strcatArray: FnEmitter = (c) => {
  if (argType(c, 0) !== 'dynamic') refuse(c, `\`strcat_array()\` of a ${argType(c, 0)} value`);
  return `coalesce(array_to_string(list_transform(${jsonList(c.sql(0))}, lambda __x: kql_dynamic_to_string(__x)), ${asText(c, 1)}), '')`;
};

const parseCommandLine: FnEmitter = (c) => {
  const parser = literalString(c, 1);
  if (parser === undefined || parser.toLowerCase() !== 'windows') refuse(c, '`parse_command_line()` with a parser other than "windows"');
  return `kql_parse_command_line(${str(c, 0)})`;
};

/** translate(searchList, replacementList, source): a short replacement list repeats its last character. */
const translate: FnEmitter = (c) => {
  const [from, to] = [str(c, 0), str(c, 1)];
  return `translate(${asText(c, 2)}, ${from}, CASE WHEN ${to} = '' THEN '' ELSE rpad(${to}, CAST(greatest(length(${from}), length(${to})) AS INTEGER), right(${to}, 1)) END)`;
};

/** strrep(value, n [, delimiter]): n copies joined by the delimiter. */
const strrep: FnEmitter = (c) => {
  const n = `greatest(coalesce(CAST(${c.sql(1)} AS BIGINT), 0), 0)`;
  const unit = `(${asText(c, 0)} || ${c.args.length > 2 ? asText(c, 2) : "''"})`;
  const delimLength = c.args.length > 2 ? `length(${asText(c, 2)})` : '0';
  return `(CASE WHEN ${n} = 0 THEN '' ELSE substr(repeat(${unit}, ${n}), 1, ${n} * length(${unit}) - ${delimLength}) END)`;
};

export const STRING_FUNCTIONS: Record<string, FnEmitter> = {
  substring: (c) => `kql_substring(${asText(c, 0)}, ${c.sql(1)}, ${opt(c, 2, 'NULL')})`,
  split,
  extract,
  extract_all: extractAll,
  extractall: extractAll,
  strcat_array: strcatArray,
  strcat_delim: (c) => `concat_ws(${asText(c, 0)}, ${c.args.slice(1).map((_, i) => asText(c, i + 1)).join(', ')})`,
  replace_string: (c) => `(CASE WHEN ${str(c, 1)} = '' THEN ${str(c, 0)} ELSE replace(${str(c, 0)}, ${str(c, 1)}, ${str(c, 2)}) END)`,
  replace_regex: (c) => `regexp_replace(${str(c, 0)}, ${str(c, 1)}, ${str(c, 2)}, 'g')`,
  // the deprecated replace(regex, rewrite, text) takes its arguments in another order
  replace: (c) => `regexp_replace(${str(c, 2)}, ${str(c, 0)}, ${str(c, 1)}, 'g')`,
  trim: trim(true, true),
  trim_start: trim(true, false),
  trim_end: trim(false, true),
  indexof: indexOf,
  countof: countOf,
  reverse: (c) => `reverse(${internalText(c, 0)})`,
  base64_encode_tostring: (c) => `to_base64(encode(${asText(c, 0)}))`,
  base64_decode_tostring: (c) => `coalesce(try(decode(from_base64(${str(c, 0)}))), '')`,
  url_decode: (c) => `coalesce(try(url_decode(${str(c, 0)})), '')`,
  parse_path: (c) => `kql_parse_path(${str(c, 0)})`,
  parse_url: (c) => `kql_parse_url(${str(c, 0)})`,
  parseurl: (c) => `kql_parse_url(${str(c, 0)})`,
  parse_command_line: parseCommandLine,
  hash_sha256: (c) => `sha256(${internalText(c, 0)})`,
  hash_md5: (c) => `md5(${internalText(c, 0)})`,
  hash_sha1: (c) => `sha1(${internalText(c, 0)})`,
  string_size: (c) => castTo(c.type, `octet_length(encode(${str(c, 0)}))`),
  strrep,
  strcmp: (c) => castTo(c.type, `(CASE WHEN ${str(c, 0)} < ${str(c, 1)} THEN -1 WHEN ${str(c, 0)} > ${str(c, 1)} THEN 1 ELSE 0 END)`),
  translate,
  isascii: (c) => `regexp_full_match(${str(c, 0)}, '[\\x00-\\x7F]*')`,
};
