/**
 * String search with lists and records (src/sql/functions/string-search.ts, sql/text-search.sql):
 * has_any_index, indexof_regex, replace_strings, parse_csv, and the has family with needles known
 * only at run time, on their doc pages' examples (URL on each block).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { closeDataless, rows, value } from '../helpers/kql.js';

afterAll(closeDataless);

const DOCS = 'https://learn.microsoft.com/kusto/query';

async function expectValues(cases: ReadonlyArray<readonly [string, unknown]>): Promise<void> {
  for (const [expr, expected] of cases) expect(await value(expr), expr).toEqual(expected);
}

describe('search', () => {
  it(`has_any_index (${DOCS}/has-any-index-function)`, () => expectValues([
    ['has_any_index("this is an example", dynamic(["this", "example"]))', 0],
    ['has_any_index("this is an example", dynamic(["not", "example"]))', 1],
    ['has_any_index("this is an example", dynamic(["not", "found"]))', -1],
    ['has_any_index("Example number 2", range(1, 3, 1))', 1],
    ['has_any_index("this is an example", dynamic([]))', -1],
    // `has` looks for whole terms
    ['has_any_index("KustoExplorer", dynamic(["Explorer", "kusto"]))', -1],
  ]));

  it(`indexof_regex (${DOCS}/indexof-regex-function)`, () => expectValues([
    ['indexof_regex("abcabc", @"a.c")', 0],
    ['indexof_regex("abcabcdefg", @"a.c", 0, 9, 2)', 3],
    ['indexof_regex("abcabc", @"a.c", 1, -1, 2)', -1],
    ['indexof_regex("ababaa", @"a.a", 0, -1, 2)', -1],
    ['indexof_regex("abcabc", @"a|ab", -1)', null],
    ['indexof_regex("xxabc", @"b|abc")', 2],
    ['indexof_regex("abcabc", @"c", 2, 1)', 2],
  ]));

  it(`has with a needle from a column (${DOCS}/datatypes-string-operators)`, async () => {
    const r = await rows(`datatable(text:string, needle:string) [
      @"C:\\x\\cmd.exe", "cmd.exe", "notcmd.exe", "cmd.exe", "North America", "amer", "North America", "AMERICA"]
      | project text has needle, text hasprefix needle, text has_cs needle`);
    expect(r).toEqual([[true, true, true], [false, false, false], [false, true, false], [true, true, false]]);
  });
});

describe('replace_strings and parse_csv', () => {
  it(`replace_strings (${DOCS}/replace-strings-function)`, () => expectValues([
    ['replace_strings("A magic trick can turn a cat into a dog", dynamic(["cat", "dog"]), dynamic(["dog", "pigeon"]))',
      'A magic trick can turn a dog into a pigeon'],
    ['replace_strings("A magic trick can turn a cat into a dog", dynamic(["turn", " into a dog"]), dynamic(["disappear", ""]))',
      'A magic trick can disappear a cat'],
    ['replace_strings("This is an example", dynamic(["This", "is"]), dynamic(["This", "was"]))', 'This was an example'],
    ['replace_strings("This is an example", dynamic(["is", "This"]), dynamic(["was", "This"]))', 'Thwas was an example'],
    ['replace_strings("This is an example", dynamic(["This", "is"]), dynamic([12345, "was"]))', 'This was an example'],
  ]));

  it(`parse_csv (${DOCS}/parse-csv-function)`, () => expectValues([
    [`parse_csv('aa,"b,b,b",cc,"Escaping quotes: ""Title""","line1\\nline2"')`, ['aa', 'b,b,b', 'cc', 'Escaping quotes: "Title"', 'line1\nline2']],
    ["parse_csv('record1,a,b,c\\nrecord2,x,y,z')", ['record1', 'a', 'b', 'c']],
    ["parse_csv('a,')", ['a', '']],
  ]));
});

describe('string operators on dynamic values', () => {
  it(`search tostring() of the value (${DOCS}/scalar-data-types/dynamic)`, () => expectValues([
    ['dynamic({"a":"Hello World"}).a startswith "hello"', true],
    ['dynamic({"a":"Hello World"}) has "world"', true],
    ['dynamic(["x.exe"]) contains "x.exe"', true],
    ['dynamic({"a":1}) contains \'"a":1\'', true],
    ['dynamic(null) !has "a"', true],
    ['dynamic(null) has "a"', false],
  ]));
});
