/** parse / parse-where: the rules the docs state, on rows the doc examples do not cover. */
import { afterAll, describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { nonCapturing } from '../../src/kql/lower/parse-pattern.js';
import { closeDataless, rows } from '../helpers/kql.js';

afterAll(closeDataless);

const T = 'datatable(s:string)["user=ann id=7 ok", "garbage", "user=bob id=x ok"]';

describe('parse (https://learn.microsoft.com/kusto/query/parse-operator)', () => {
  it('a row that does not match gets "" in string columns and null in typed ones', async () => {
    expect(await rows(`${T} | parse s with "user=" u " id=" id:long " ok" | project u, id`)).toEqual([['ann', 7], ['', null], ['', null]]);
  });

  it('parse-where drops the rows that did not parse (a typed value that does not convert fails the row)', async () => {
    expect(await rows(`${T} | parse-where s with "user=" u " id=" id:long " ok" | project u, id`)).toEqual([['ann', 7]]);
  });

  it('relaxed keeps the row and nulls only the value that does not convert', async () => {
    expect(await rows(`${T} | parse kind=relaxed s with "user=" u " id=" id:long " ok" | project u, id`)).toEqual([['ann', 7], ['', null], ['bob', null]]);
  });

  it('matches the whole string: a string column ends at the first delimiter, a last column takes the rest', async () => {
    expect(await rows('print s="a,b,c" | parse s with x "," y | project x, y')).toEqual([['a', 'b,c']]);
    // without a trailing `*` the text after the last constant must be empty
    expect(await rows('print s="k=1;rest" | parse s with "k=" k:long ";" | project k')).toEqual([[null]]);
    expect(await rows('print s="k=1;rest" | parse s with "k=" k:long ";" * | project k')).toEqual([[1]]);
  });

  it('parses a non-string expression as its string form, and a null string as ""', async () => {
    expect(await rows('print n=12345 | parse n with a:long "3" b:long | project a, b')).toEqual([[12, 45]]);
    expect(await rows('datatable(s:string)[""] | parse s with "x" y | project y')).toEqual([['']]);
  });

  it('regex kind: the pattern\'s own groups do not shift the columns, flags apply', async () => {
    expect(await rows('print s="ID: 42 (Ok)" | parse kind=regex s with "(id|ID): " n:long @" \\((\\w+)\\)" | project n')).toEqual([[42]]);
    expect(await rows('print s="A=1" | parse kind=regex flags=i s with "a=" n:long | project n')).toEqual([[1]]);
    expect(await rows('print s="A=1" | parse kind=regex s with "a=" n:long | project n')).toEqual([[null]]);
  });

  it('flags belong to the regex kind only', () => {
    const d = compile('print s="a" | parse flags=i s with "a" x', { tables: [] }).diagnostics;
    expect(d[0]).toMatchObject({ code: 'lower-unsupported-option' });
  });
});

describe('nonCapturing', () => {
  it('turns capturing groups into (?:…) but leaves escapes, classes and (?…) alone', () => {
    expect(nonCapturing(String.raw`(a)(?:b)(?P<n>c)(?i)\(d\)[(e)][^]()][[:alpha:](]`)).toBe(String.raw`(?:a)(?:b)(?:c)(?i)\(d\)[(e)][^]()][[:alpha:](]`);
  });
});
