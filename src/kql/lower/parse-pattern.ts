/**
 * The regular expression a `parse` pattern stands for (https://learn.microsoft.com/kusto/query/parse-operator).
 * Kusto matches the whole string (the optional leading and trailing `*` of the syntax only make sense so),
 * so the pattern is anchored with `\A … \z` (not `^ … $`, which the `m` flag would turn into line anchors).
 *
 * - simple / relaxed: a string constant is literal text; `*` and string columns are lazy (`.*?`), so a
 *   column ends at the first occurrence of the next constant.
 * - regex: a constant is an RE2 fragment whose own groups are made non-capturing (they must not shift
 *   which text lands in a column); `*` is `.*?` as the page says, but string (and other non-numeric)
 *   columns are greedy: every documented output follows only from `(.*)` (see test/conformance/README.md,
 *   "parse-operator, Regex mode"). The `U` flag swaps both.
 * - numeric columns match a number (`long` → `-?\d+`, the page's `\-\d+` minus the sign being optional,
 *   or its examples would not parse `27`); in relaxed mode anything else is accepted too and converts to null.
 */
import type { KustoType } from '../../ir/types.js';
import { regexEscape } from '../../sql/quote.js';

export type ParseKind = 'simple' | 'regex' | 'relaxed';

export type PatternPart =
  | { kind: 'star' }
  | { kind: 'text'; text: string }
  | { kind: 'column'; name: string; type: KustoType };

const INTEGER = String.raw`\-?\d+`;
const REAL = String.raw`\-?\d+(?:\.\d+)?(?:[eE][\-+]?\d+)?`;

function columnRegex(type: KustoType, kind: ParseKind): string {
  const numeric = type === 'long' || type === 'int' ? INTEGER : type === 'real' || type === 'decimal' ? REAL : undefined;
  const anything = kind === 'regex' ? '.*' : '.*?';
  if (!numeric) return `(${anything})`;
  return kind === 'relaxed' ? `(${numeric}|.*?)` : `(${numeric})`;
}

/** The whole-string regex of a pattern; `flags` are Kusto's RE2 flag letters (regex kind only). */
export function patternRegex(parts: PatternPart[], kind: ParseKind, flags: string): string {
  const body = parts.map((p) => {
    if (p.kind === 'star') return '.*?';
    if (p.kind === 'column') return columnRegex(p.type, kind);
    return kind === 'regex' ? nonCapturing(p.text) : regexEscape(p.text);
  });
  return `${flags ? `(?${flags})` : ''}\\A${body.join('')}\\z`;
}

/**
 * The same RE2 fragment with every capturing group (`(…)`, `(?P<n>…)`, `(?<n>…)`) made non-capturing
 * `(?:…)`. Escapes and character classes (where `(` is literal) are copied as they are.
 */
export function nonCapturing(re: string): string {
  let out = '';
  let i = 0;
  while (i < re.length) {
    const c = re[i]!;
    if (c === '\\') {
      out += re.slice(i, i + 2);
      i += 2;
    } else if (c === '[') {
      const end = classEnd(re, i);
      out += re.slice(i, end);
      i = end;
    } else if (c === '(' && re[i + 1] !== '?') {
      out += '(?:';
      i += 1;
    } else if (c === '(' && /^\(\?P?<[A-Za-z_]\w*>/.test(re.slice(i))) {
      const named = /^\(\?P?<[A-Za-z_]\w*>/.exec(re.slice(i))![0];
      out += '(?:';
      i += named.length;
    } else {
      out += c;
      i += 1;
    }
  }
  return out;
}

/** The index after the `]` closing the class that opens at `start` (a leading `]` or `^]` is literal). */
function classEnd(re: string, start: number): number {
  let i = start + 1;
  if (re[i] === '^') i += 1;
  if (re[i] === ']') i += 1;
  while (i < re.length && re[i] !== ']') {
    if (re[i] === '\\') i += 2;
    else if (re.startsWith('[:', i)) {
      const close = re.indexOf(':]', i + 2);
      i = close < 0 ? i + 1 : close + 2;
    } else i += 1;
  }
  return Math.min(i + 1, re.length);
}
