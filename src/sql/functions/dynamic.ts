/**
 * Dynamic values (DuckDB JSON): parse_json, member and element access, arrays, sets and property bags.
 * https://learn.microsoft.com/kusto/query/scalar-data-types/dynamic and the page of each function.
 * Macros: sql/dynamic.sql.
 */
import {
  argType, castTo, isIntegerType, isNumericType, jsonList, jsonOf, jsonOrNull, literalString, opt, refuse, sqlString, str,
  type CallSite, type FnEmitter,
} from './helpers.js';

/** A DuckDB JSON path selecting one member by name: `$."na\"me"`. */
export function memberPath(key: string): string {
  return `$."${key.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

function memberPathSql(c: CallSite, i: number): string {
  const key = literalString(c, i);
  if (key !== undefined) return sqlString(memberPath(key));
  return `('$."' || replace(replace(${str(c, i)}, '\\', '\\\\'), '"', '\\"') || '"')`;
}

function dynamicArg(c: CallSite, i: number): string {
  if (argType(c, i) !== 'dynamic') refuse(c, `\`${c.fn}()\` of a ${argType(c, i)} value`);
  return c.sql(i);
}

/** `d.key`, `d["key"]`: the member, or null when d is not a bag or has no such key. */
const member: FnEmitter = (c) => jsonOrNull(`json_extract(${dynamicArg(c, 0)}, ${memberPathSql(c, 1)})`);

/** `a[i]`: the element (negative i counts from the end), or null. */
const index: FnEmitter = (c) => {
  const t = argType(c, 1);
  if (t !== 'int' && t !== 'long') refuse(c, `an index of type ${t}`);
  return jsonOrNull(`json_extract(${dynamicArg(c, 0)}, CAST(${c.sql(1)} AS BIGINT))`);
};

const parseJson: FnEmitter = (c) => {
  switch (argType(c, 0)) {
    case 'string':
      return `kql_parse_json(${c.sql(0)})`;
    case 'dynamic':
      return c.sql(0);
    default:
      return jsonOf(c, 0);
  }
};

/** The list of elements of each array argument from `from` on (up to `to`). */
function lists(c: CallSite, from = 0, to = c.args.length): string[] {
  const out: string[] = [];
  for (let i = from; i < to; i++) out.push(jsonList(dynamicArg(c, i)));
  return out;
}

/** NULL as soon as one of the lists is NULL (an argument that is not an array). */
function allArrays(ls: string[], body: string): string {
  return `(CASE WHEN ${ls.map((l) => `${l} IS NULL`).join(' OR ')} THEN NULL ELSE ${body} END)`;
}

const concatAll = (ls: string[]) => ls.reduce((acc, l) => `list_concat(${acc}, ${l})`);

const setUnion: FnEmitter = (c) => {
  const ls = lists(c);
  return allArrays(ls, `to_json(kql_json_distinct(${concatAll(ls)}))`);
};

const setIntersect: FnEmitter = (c) => {
  const ls = lists(c);
  const [first, ...rest] = ls;
  const keep = rest.map((l) => `list_contains(${l}, __x)`).join(' AND ');
  return allArrays(ls, `to_json(list_filter(kql_json_distinct(${first}), lambda __x: ${keep}))`);
};

const setDifference: FnEmitter = (c) => {
  const ls = lists(c);
  const [first, ...rest] = ls;
  const drop = rest.map((l) => `list_contains(${l}, __x)`).join(' OR ');
  return allArrays(ls, `to_json(list_filter(kql_json_distinct(${first}), lambda __x: NOT (${drop})))`);
};

const arrayConcat: FnEmitter = (c) => {
  const ls = lists(c);
  return allArrays(ls, `to_json(${concatAll(ls)})`);
};

/** array_sort_asc/desc(a1, …, aN [, nulls_last]): one array sorts, the others follow its order. */
function arraySort(desc: boolean): FnEmitter {
  return (c) => {
    let n = c.args.length;
    let nullsLast = 'TRUE';
    if (argType(c, n - 1) === 'bool') {
      nullsLast = `coalesce(${c.sql(n - 1)}, TRUE)`;
      n -= 1;
    }
    const order = `kql_array_sort_order(${dynamicArg(c, 0)}, ${desc ? 'TRUE' : 'FALSE'}, ${nullsLast})`;
    if (n === 1) return `kql_array_permute(${c.sql(0)}, ${order})`;
    // several arrays: Kusto returns one column per array; as one value, an array of the sorted arrays
    // (what `array_sort_asc(a, b)[1]` reads)
    const sorted = Array.from({ length: n }, (_, i) => `kql_array_permute(${dynamicArg(c, i)}, ${order})`);
    return `json_array(${sorted.join(', ')})`;
  };
}

const arrayIndexOf: FnEmitter = (c) =>
  `kql_array_index_of(${dynamicArg(c, 0)}, ${jsonOf(c, 1)}, ${opt(c, 2, '0')}, ${opt(c, 3, '-1')}, ${opt(c, 4, '1')})`;

const bagHasKey: FnEmitter = (c) => {
  const key = literalString(c, 1);
  const path = key !== undefined
    ? sqlString(key.startsWith('$') ? key : memberPath(key))
    : `(CASE WHEN starts_with(${str(c, 1)}, '$') THEN ${str(c, 1)} ELSE ${memberPathSql(c, 1)} END)`;
  return `(json_type(${dynamicArg(c, 0)}) = 'OBJECT' AND coalesce(json_exists(${c.sql(0)}, ${path}), FALSE))`;
};

const zip: FnEmitter = (c) => {
  const ls = lists(c);
  const longest = `greatest(${ls.map((l) => `len(${l})`).join(', ')})`;
  const row = ls.map((l) => `${l}[__i]`).join(', ');
  return allArrays(ls, `to_json(list_transform(range(1, ${longest} + 1), lambda __i: json_array(${row})))`);
};

/** An inclusive series of BIGINTs, at most 1,048,576 of them (the stop is clamped before it is built). */
function boundedSeries(start: string, stop: string, step: string): string {
  const last = `${start} + ${step} * 1048575`;
  const clamped = `(CASE WHEN ${step} > 0 THEN least(${stop}, ${last}) ELSE greatest(${stop}, ${last}) END)`;
  return `(CASE WHEN ${step} = 0 THEN NULL ELSE generate_series(${start}, ${clamped}, ${step}) END)`;
}

/**
 * range(start, stop [, step]): inclusive, at most 1,048,576 elements; the step defaults to 1 for numbers
 * and 1h for timespans and datetimes (https://learn.microsoft.com/kusto/query/range-function).
 * Timespans and datetimes count in microseconds; reals as start + i × step.
 */
const rangeFn: FnEmitter = (c) => {
  const types = c.args.map((a) => a.type);
  const long = (i: number, fallback: string) => `CAST(${opt(c, i, fallback)} AS BIGINT)`;
  if (types.every(isIntegerType)) return `to_json(${boundedSeries(long(0, ''), long(1, ''), long(2, '1'))})`;
  const us = (i: number) => `epoch_us(${opt(c, i, "INTERVAL '1 hour'")})`;
  if (types[0] === 'timespan' && types[1] === 'timespan' && (types[2] ?? 'timespan') === 'timespan') {
    const series = boundedSeries(us(0), us(1), us(2));
    return `to_json(list_transform(${series}, lambda __x: to_json(kql_micros_to_timespan_text(__x))))`;
  }
  if (types[0] === 'datetime' && types[1] === 'datetime' && (types[2] ?? 'timespan') === 'timespan') {
    const series = boundedSeries(us(0), us(1), us(2));
    return `to_json(list_transform(${series}, lambda __x: to_json(kql_datetime_to_json_text(make_timestamp(__x)))))`;
  }
  if (types.every(isNumericType)) {
    const [start, stop, step] = [0, 1, 2].map((i) => `CAST(${opt(c, i, '1')} AS DOUBLE)`) as [string, string, string];
    const count = `CAST(floor((${stop} - ${start}) / ${step}) AS BIGINT)`;
    const series = boundedSeries('0', `(CASE WHEN ${count} < 0 THEN -1 ELSE ${count} END)`, '1');
    return `(CASE WHEN ${step} = 0 OR isnan(${step}) THEN NULL ELSE to_json(list_transform(${series}, lambda __i: kql_real_to_json(${start} + __i * ${step}))) END)`;
  }
  return refuse(c, `\`range()\` of ${types.join(', ')} values`);
};

const repeat: FnEmitter = (c) =>
  `to_json(list_resize([]::JSON[], greatest(coalesce(CAST(${c.sql(1)} AS BIGINT), 0), 0), ${jsonOf(c, 0)}))`;

const arraySum: FnEmitter = (c) => {
  const l = jsonList(dynamicArg(c, 0));
  return `list_sum(list_transform(${l}, lambda __x: TRY_CAST(__x AS DOUBLE)))`;
};

/**
 * A Kusto JSONPath (`$.a.b`, `$['a b']`, `$.a[0]`) as a DuckDB JSON path, or undefined when it uses
 * anything else (wildcards, filters, recursive descent).
 */
export function duckJsonPath(path: string): string | undefined {
  let out = '$';
  let rest = path.trim();
  if (!rest.startsWith('$')) return undefined;
  rest = rest.slice(1);
  while (rest) {
    let m: RegExpExecArray | null;
    if ((m = /^\.([A-Za-z_][A-Za-z0-9_]*)/.exec(rest))) out += memberPath(m[1]!).slice(1);
    else if ((m = /^\[\s*'([^']*)'\s*\]/.exec(rest)) || (m = /^\[\s*"([^"]*)"\s*\]/.exec(rest))) out += memberPath(m[1]!).slice(1);
    else if ((m = /^\[\s*(-?\d+)\s*\]/.exec(rest))) out += `[${m[1]}]`;
    else return undefined;
    rest = rest.slice(m[0].length);
  }
  return out;
}

/** The segments of a bag_remove_keys key: a plain key, or a JSONPath of member names. */
function keySegments(key: string): string[] | undefined {
  if (!key.startsWith('$')) return [key];
  const segments: string[] = [];
  let rest = key.slice(1);
  while (rest) {
    let m: RegExpExecArray | null;
    if ((m = /^\.([A-Za-z_][A-Za-z0-9_]*)/.exec(rest)) || (m = /^\[\s*'([^']*)'\s*\]/.exec(rest)) || (m = /^\[\s*"([^"]*)"\s*\]/.exec(rest))) {
      segments.push(m[1]!);
      rest = rest.slice(m[0].length);
    } else return undefined;
  }
  return segments.length ? segments : undefined;
}

/** bag_remove_keys(bag, keys): each present key (or JSONPath) removed by a JSON merge patch. */
const bagRemoveKeys: FnEmitter = (c) => {
  const keys = c.args[1];
  if (keys?.kind !== 'dynamic' || !Array.isArray(keys.value) || !keys.value.every((k) => typeof k === 'string')) {
    // keys known only at run time (sql/dynamic.sql)
    return `kql_bag_remove_keys(${dynamicArg(c, 0)}, ${dynamicArg(c, 1)})`;
  }
  let v = dynamicArg(c, 0);
  for (const key of keys.value as string[]) {
    const segments = keySegments(key);
    if (!segments) refuse(c, `\`bag_remove_keys()\` of the key ${JSON.stringify(key)}`);
    const path = '$' + segments.map((s) => memberPath(s).slice(1)).join('');
    const patch = segments.reduceRight<unknown>((inner, s) => ({ [s]: inner }), null);
    v = `(CASE WHEN json_exists(${v}, ${sqlString(path)}) THEN json_merge_patch(${v}, ${sqlString(JSON.stringify(patch))}) ELSE ${v} END)`;
  }
  return `(CASE WHEN json_type(${c.sql(0)}) = 'OBJECT' THEN ${v} END)`;
};

/** extract_json(path, text [, typeof(T)]): the value at a JSONPath of a JSON text. */
const extractJson: FnEmitter = (c) => {
  const path = literalString(c, 0);
  const duck = path === undefined ? undefined : duckJsonPath(path);
  if (duck === undefined) return refuse(c, '`extract_json()` with a path that is not a constant of members and indexes');
  const doc = `kql_parse_json(${str(c, 1)})`;
  const value = jsonOrNull(`json_extract(${doc}, ${sqlString(duck)})`);
  switch (c.type) {
    case 'string':
      return `kql_dynamic_to_string(${value})`;
    case 'dynamic':
      return value;
    case 'long':
    case 'int':
      return castTo(c.type, `kql_dynamic_to_long(${value})`);
    case 'real':
      return `kql_dynamic_to_double(${value})`;
    case 'bool':
      return `kql_dynamic_to_bool(${value})`;
    case 'datetime':
      return `kql_parse_datetime(kql_dynamic_to_string(${value}))`;
    case 'timespan':
      return `kql_parse_timespan(kql_dynamic_to_string(${value}))`;
    case 'guid':
      return `kql_parse_guid(kql_dynamic_to_string(${value}))`;
    default:
      return refuse(c, `\`extract_json()\` to type ${c.type}`);
  }
};

/**
 * isempty / isnotempty, extended to dynamic values: a dynamic null or "" is empty, [] and {} are not
 * (https://learn.microsoft.com/kusto/query/isempty-function). Other types as in the core table.
 */
function isEmpty(negate: boolean): FnEmitter {
  return (c) => {
    const v = c.sql(0);
    const test = argType(c, 0) === 'string' ? `coalesce(${v}, '') = ''`
      : argType(c, 0) === 'dynamic' ? `coalesce(${v} = '""'::JSON, TRUE)`
        : `${v} IS NULL`;
    return negate ? `(NOT (${test}))` : `(${test})`;
  };
}

/** JSON text with the members of every bag in ordinal key order (what dynamic_to_json prints). */
function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/**
 * dynamic_to_json(d): the JSON text of d with bag keys sorted at every depth
 * (https://learn.microsoft.com/kusto/query/dynamic-to-json-function). Computed for constants; a value
 * known only at run time is refused, as DuckDB's macros cannot recurse into nested bags.
 */
const dynamicToJson: FnEmitter = (c) => {
  const a = c.args[0];
  if (a?.kind !== 'dynamic') return refuse(c, '`dynamic_to_json()` of a value that is not a constant (nested bags would need their keys sorted at run time)');
  return sqlString(canonicalJson(a.value));
};

/**
 * bag_merge(bag1, bag2, …): one bag with the keys of all; values that are not bags are skipped. A key in
 * several bags gets "an arbitrary value" (https://learn.microsoft.com/kusto/query/bag-merge-function),
 * here the first bag's, as the page's example shows.
 */
const bagMerge: FnEmitter = (c) => {
  const bags = c.args.map((_, i) => dynamicArg(c, i));
  return `kql_bag_merge(list_filter([${bags.join(', ')}], lambda __b: json_type(__b) = 'OBJECT'))`;
};

export const DYNAMIC_FUNCTIONS: Record<string, FnEmitter> = {
  dynamic_to_json: dynamicToJson,
  bag_merge: bagMerge,
  isempty: isEmpty(false),
  isnotempty: isEmpty(true),
  parse_json: parseJson,
  // deprecated aliases the lowering keeps under their own names
  parsejson: parseJson,
  toobject: parseJson,
  __member: member,
  __index: index,
  array_length: (c) => castTo(c.type, `kql_array_length(${dynamicArg(c, 0)})`),
  pack_array: (c) => `json_array(${c.args.map((_, i) => jsonOf(c, i)).join(', ')})`,
  pack: (c) => {
    if (c.args.length % 2 !== 0) refuse(c, '`pack()` with an odd number of arguments');
    const parts: string[] = [];
    for (let i = 0; i < c.args.length; i += 2) {
      if (argType(c, i) !== 'string') refuse(c, '`pack()` with a key that is not a string');
      parts.push(str(c, i), jsonOf(c, i + 1));
    }
    return `json_object(${parts.join(', ')})`;
  },
  bag_keys: (c) => `(CASE WHEN json_type(${dynamicArg(c, 0)}) = 'OBJECT' THEN to_json(json_keys(${c.sql(0)})) END)`,
  bag_has_key: bagHasKey,
  set_has_element: (c) => `list_contains(${jsonList(dynamicArg(c, 0))}, ${jsonOf(c, 1)})`,
  array_index_of: (c) => castTo(c.type, arrayIndexOf(c)),
  array_concat: arrayConcat,
  set_union: setUnion,
  set_intersect: setIntersect,
  set_difference: setDifference,
  array_slice: (c) => `kql_array_slice(${dynamicArg(c, 0)}, CAST(${c.sql(1)} AS BIGINT), CAST(${c.sql(2)} AS BIGINT))`,
  array_sort_asc: arraySort(false),
  array_sort_desc: arraySort(true),
  array_reverse: (c) => `to_json(list_reverse(${jsonList(dynamicArg(c, 0))}))`,
  array_sum: arraySum,
  zip,
  bag_remove_keys: bagRemoveKeys,
  extract_json: extractJson,
  extractjson: extractJson,
  range: rangeFn,
  repeat,
};

