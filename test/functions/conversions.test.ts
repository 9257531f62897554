/**
 * Conversion functions (src/sql/functions/conversions.ts, sql/conversions.sql) on their doc pages'
 * examples (URL on each block) and the rules DuckDB gets wrong by default (CAST rounds; Kusto truncates).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { closeDataless, rows, value } from '../helpers/kql.js';

afterAll(closeDataless);

const DOCS = 'https://learn.microsoft.com/kusto/query';

async function expectValues(cases: ReadonlyArray<readonly [string, unknown]>): Promise<void> {
  for (const [expr, expected] of cases) expect(await value(expr), expr).toEqual(expected);
}

describe('numbers', () => {
  it(`toint / tolong truncate toward zero and parse integer text (${DOCS}/toint-function, ${DOCS}/tolong-function)`, () => expectValues([
    ['toint("123") == 123', true],
    ['toint(2.3)', 2],
    ['toint(2.7)', 2],
    ['toint(-2.7)', -2],
    ['tolong("123") == 123', true],
    ['tolong(" 42 ")', 42],
    ['tolong("12.7")', null],
    ['tolong("abc")', null],
    ['tolong(true)', 1],
    ['toint(todouble("NaN"))', null],
    ['tolong(parse_json("5.9"))', 5],
    ['tolong(parse_json("\\"17\\""))', 17],
    ['tolong(1d)', 864000000000],
    ['tolong(datetime(1970-01-01))', '621355968000000000'], // ticks since 0001-01-01 (beyond 2^53: printed as text),
  ]));

  it(`todouble (${DOCS}/todouble-function)`, () => expectValues([
    ['todouble("123.4") == 123.4', true],
    ['todouble(parse_json("[1]"))', null],
    ['todouble(parse_json("2.5"))', 2.5],
    ['toreal(true)', 1],
  ]));

  it(`tostring prints reals like Kusto (${DOCS}/tostring-function)`, () => expectValues([
    ['tostring(123)', '123'],
    ['tostring(1.0)', '1'],
    ['tostring(123.45)', '123.45'],
    ['tostring(1e20)', '1E+20'],
    ['tostring(0.00001)', '1E-05'],
    ['tostring(todouble("NaN"))', 'NaN'],
    ['tostring(real(null))', ''],
  ]));
});

describe('bool, guid, time', () => {
  it(`tobool (${DOCS}/tobool-function)`, () => expectValues([
    ['tobool("true") == true', true],
    ['tobool("false") == false', true],
    ['tobool(1) == true', true],
    ['tobool(123) == true', true],
    ['tobool("TRUE")', true],
    ['tobool("yes")', null],
    ['tobool(0)', false],
  ]));

  it(`toguid (${DOCS}/toguid-function)`, async () => {
    const r = await rows(`datatable(str: string) ["0123456789abcdef0123456789abcdef", "0123456789ab-cdef-0123-456789abcdef", "a string that is not a guid"]
      | extend guid = toguid(str) | project guid`);
    expect(r).toEqual([['01234567-89ab-cdef-0123-456789abcdef'], ['01234567-89ab-cdef-0123-456789abcdef'], [null]]);
  });

  it(`todatetime reads the documented formats (${DOCS}/scalar-data-types/datetime)`, () => expectValues([
    ['todatetime("2014-05-25T08:20:03.123456Z")', '2014-05-25T08:20:03.123456Z'],
    ['todatetime("2014-05-25T08:20:03.123456")', '2014-05-25T08:20:03.123456Z'],
    ['todatetime("2014-05-25T08:20")', '2014-05-25T08:20:00Z'],
    ['todatetime("2014-11-08 15:55:55.123456Z")', '2014-11-08T15:55:55.123456Z'],
    ['todatetime("2014-11-08")', '2014-11-08T00:00:00Z'],
    ['todatetime("Sat, 8 Nov 14 15:05:02 GMT")', '2014-11-08T15:05:02Z'],
    ['todatetime("8 Nov 14 15:05:02 GMT")', '2014-11-08T15:05:02Z'],
    ['todatetime("Saturday, 08-Nov-14 15:05:02 GMT")', '2014-11-08T15:05:02Z'],
    ['todatetime("08-Nov-14 15:05")', '2014-11-08T15:05:00Z'],
    ['todatetime("2014-11-08 15:05:25 GMT")', '2014-11-08T15:05:25Z'],
    ['todatetime("2014-11-08T15:05:25+02:00")', '2014-11-08T13:05:25Z'],
    ['todatetime("2015-12-31 23:59:59.9")', '2015-12-31T23:59:59.9Z'],
    ['todatetime("not a date")', null],
    ['todatetime(parse_json("\\"2014-11-08\\""))', '2014-11-08T00:00:00Z'],
  ]));

  it(`totimespan (${DOCS}/totimespan-function)`, () => expectValues([
    ['totimespan("0.00:01:00") == time(1min)', true],
    ['totimespan("1.02:03:04.5")', '1.02:03:04.5000000'],
    ['totimespan("-00:00:10")', '-00:00:10'],
    ['totimespan("25:00:00")', null],
    ['totimespan("x")', null],
  ]));
});

describe('dynamic and types', () => {
  it(`tostring of dynamic: a string's text, other values' JSON (${DOCS}/tostring-function)`, () => expectValues([
    ['tostring(parse_json("\\"abc\\""))', 'abc'],
    ['tostring(dynamic([1, "a"]))', '[1,"a"]'],
    ['tostring(parse_json("{\\"a\\": 1}"))', '{"a":1}'],
    ['tostring(parse_json("{\\"a\\": 1}").b)', ''],
    ['tostring(dynamic(true))', 'true'],
  ]));

  it(`gettype (${DOCS}/gettype-function)`, () => expectValues([
    ['gettype("a")', 'string'],
    ['gettype(111)', 'long'],
    ['gettype(1==1)', 'bool'],
    ['gettype(now())', 'datetime'],
    ['gettype(1s)', 'timespan'],
    ["gettype(parse_json('1'))", 'int'],
    ["gettype(parse_json(' \"abc\" '))", 'string'],
    ["gettype(parse_json(' {\"abc\":1} '))", 'dictionary'],
    ["gettype(parse_json(' [1, 2, 3] '))", 'array'],
    ['gettype(123.45)', 'real'],
    ['gettype(guid(12e8b78d-55b4-46ae-b068-26d7a0080254))', 'guid'],
    ["gettype(parse_json(''))", 'null'],
  ]));

  it(`tohex (${DOCS}/tohex-function)`, () => expectValues([
    ['tohex(256)', '100'],
    ['tohex(-256)', 'ffffffffffffff00'],
    ['tohex(toint(-256), 8)', 'ffffff00'],
    ['tohex(256, 8)', '00000100'],
    ['tohex(256, 2)', '100'],
    ['tohex(long(null))', ''],
  ]));

  it(`column_ifexists (${DOCS}/column-ifexists-function)`, async () => {
    const r = await rows(`datatable(a:long, b:string)[1, "x"]
      | extend c = column_ifexists("b", "none"), d = column_ifexists("zz", 0) | where column_ifexists("a", 0) == 1`);
    expect(r).toEqual([[1, 'x', 'x', 0]]);
    // the row is the operator's input: a column made in the same extend is not there (as the analyser says)
    expect(await rows('datatable(a:long)[1] | extend b = 2, c = column_ifexists("b", "none")')).toEqual([[1, 2, 'none']]);
  });
});
