/**
 * String functions (src/sql/functions/strings.ts, sql/text.sql) on the examples of their doc pages
 * (URL on each block) and on Kusto's string semantics (KQL-SEMANTICS.md: no null strings).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { closeDataless, rows, value } from '../helpers/kql.js';

afterAll(closeDataless);

const DOCS = 'https://learn.microsoft.com/kusto/query';

async function expectValues(cases: ReadonlyArray<readonly [string, unknown]>): Promise<void> {
  for (const [expr, expected] of cases) expect(await value(expr), expr).toEqual(expected);
}

describe('substring, split, strcat_array, strcat_delim, strrep', () => {
  it(`substring (${DOCS}/substring-function)`, () => expectValues([
    ['substring("123456", 1)', '23456'],
    ['substring("123456", 2, 2)', '34'],
    ['substring("ABCD", 0, 2)', 'AB'],
    ['substring("123456", -2, 2)', '56'],
    ['substring("abc", 1, 100)', 'bc'],
    ['substring("abc", 5)', ''],
    ['substring(12345, 1, 2)', '23'],
  ]));

  it(`split (${DOCS}/split-function)`, () => expectValues([
    ['split("aa_bb", "_")', ['aa', 'bb']],
    ['split("aaa_bbb_ccc", "_", 1)', ['bbb']],
    ['split("", "_")', ['']],
    ['split("a__b", "_")', ['a', '', 'b']],
    ['split("aabbcc", "bb")', ['aa', 'cc']],
    ['split("a_b", "_", 5)', []],
    ['split("a,b,c", ",")[1]', 'b'],
    ['tostring(split("a,b,c", ",")[-1])', 'c'],
  ]));

  it(`strcat_array (${DOCS}/strcat-array-function), strcat_delim (${DOCS}/strcat-delim-function)`, () => expectValues([
    ['strcat_array(dynamic([1, 2, 3]), "->")', '1->2->3'],
    ["strcat_array(dynamic([1, 2, 3]), '\"')", '1"2"3'],
    ['strcat_array(dynamic(["a", {"b":2}]), ",")', 'a,{"b":2}'],
    ["strcat_delim('-', 1, '2', 'A', 1s)", '1-2-A-00:00:01'],
  ]));

  it(`strrep (${DOCS}/strrep-function), strcat of every type`, () => expectValues([
    ["strrep('ABC', 2)", 'ABCABC'],
    ["strrep(123, 3, '.')", '123.123.123'],
    ["strrep(3s, 2, ' ')", '00:00:03 00:00:03'],
    ['strcat("a", 1.5, true, dynamic({"x":1}), dynamic("s"))', 'a1.5true{"x":1}s'],
  ]));
});

describe('regular expressions', () => {
  it(`extract (${DOCS}/extract-function)`, async () => {
    await expectValues([
      ['extract("User: ([^,]+)", 1, "User: JohnDoe, Email: johndoe@example.com, Age: 29")', 'JohnDoe'],
      ['extract("(\\\\d+)", 0, "a12b")', '12'],
      ['extract("x(\\\\d+)", 1, "abc")', ''],
    ]);
  });

  it(`extract_all (${DOCS}/extract-all-function)`, () => expectValues([
    ['extract_all(@"(\\d+)", "a set of numbers: 123, 567 and 789")', ['123', '567', '789']],
    ['extract_all(@"(\\w)(\\w+)(\\w)", "82b8be2d-dfa7")', [['8', '2b8be2', 'd'], ['d', 'fa', '7']]],
    ['extract_all(@"(\\w)(\\w+)(\\w)", dynamic([1,3]), "82b8be2d-dfa7")', [['8', 'd'], ['d', '7']]],
    ['extract_all(@"(?P<first>\\w)(?P<middle>\\w+)(?P<last>\\w)", dynamic(["first",2,"last"]), "82b8be2d")', [['8', '2b8be2', 'd']]],
    ['extract_all(@"(\\d+)", "no digits")', null],
  ]));

  it(`replace_regex (${DOCS}/replace-regex-function), replace_string (${DOCS}/replace-string-function)`, () => expectValues([
    ['replace_regex("abcabc", "b(c)", @"[\\1]")', 'a[c]a[c]'],
    ['replace_regex("Number is 1", @"is (\\d+)", @"was: \\1")', 'Number was: 1'],
    ['replace_string("A magic trick can turn a cat into a dog", "cat", "hamster")', 'A magic trick can turn a hamster into a dog'],
    ['replace_string("aaa", "a", "bb")', 'bbbbbb'],
  ]));

  it(`trim, trim_start, trim_end take a regex (${DOCS}/trim-function)`, () => expectValues([
    ['trim("--", "--https://bing.com--")', 'https://bing.com'],
    ['trim(@"[^\\w]+", "-  Te st1// $")', 'Te st1'],
    ['trim(@"\\s+", "    Hello, world!    ")', 'Hello, world!'],
    ['trim_start("https://", "https://bing.com")', 'bing.com'],
    ['trim_start(@"[^\\w]+", "-  Te st1// $")', 'Te st1// $'],
    ['trim_end(".com", "bing.com")', 'bing'],
    ['trim_end(@"[^\\w]+", "-  Te st1// $")', '-  Te st1'],
  ]));

  it(`countof (${DOCS}/countof-function)`, () => expectValues([
    ['countof("aaa", "a")', 3],
    ['countof("aaaa", "aa")', 3],
    ['countof("ababa", "ab", "normal")', 2],
    ['countof("ababa", "aba")', 2],
    ['countof("ababa", "aba", "regex")', 1],
    ['countof("abcabc", "a.c", "regex")', 2],
    ['countof("The cat sat", "at")', 2],
  ]));
});

describe('positions and text', () => {
  it(`indexof (${DOCS}/indexof-function)`, () => expectValues([
    ['indexof("abcdefg","cde")', 2],
    ['indexof("abcdefg","cde",1,4)', 2],
    ['indexof("abcdefg","cde",1,2)', -1],
    ['indexof("abcdefg","cde",3,4)', -1],
    ['indexof("abcdefg","cde",-5)', 2],
    ['indexof(1234567,5,1,4)', 4],
    ['indexof("abcdefg","cde",2,-1)', 2],
    ['indexof("abcdefgabcdefg", "cde", 1, 10, 2)', 9],
    ['indexof("abcdefgabcdefg", "cde", 1, -1, 3)', -1],
    ['indexof("abc", "x", 0, -2)', null],
  ]));

  it(`reverse (${DOCS}/reverse-function)`, () => expectValues([
    ['reverse("ABCDEFGHIJKLMNOPQRSTUVWXYZ")', 'ZYXWVUTSRQPONMLKJIHGFEDCBA'],
    ['reverse(12345)', '54321'],
    ['reverse(123.45)', '54.321'],
    ['reverse(datetime(2017-10-15 12:00))', 'Z0000000.00:00:21T51-01-7102'],
    ['reverse(3h)', '00:00:30'],
  ]));

  it('base64, url_decode, hashes, sizes, translate, strcmp', () => expectValues([
    ['base64_encode_tostring("Kusto")', 'S3VzdG8='], // base64-encode-tostring-function
    ['base64_decode_tostring("S3VzdG8=")', 'Kusto'], // base64-decode-tostring-function
    ['base64_decode_tostring("U3RyaW5n0KHR0tGA0L7Rh9C60LA=")', ''], // invalid UTF-8
    ["url_decode(@'https%3a%2f%2fwww.bing.com%2f')", 'https://www.bing.com/'], // url-decode-function
    ['hash_sha256("World")', '78ae647dc5544d227130a0682a51e30bc7777fbb6d8a8f17007463a3ecd1d524'], // hash-sha256-function
    ['hash_sha256(datetime(2020-01-01))', 'ba666752dc1a20eb750b0eb64e780cc4c968bc9fb8813461c1d7e750f302d71d'],
    ['string_size("⒦⒰⒮⒯⒪")', 15], // string-size-function
    ['translate("krasp", "otsku", "spark")', 'kusto'], // translate-function
    ['translate("abc", "x", "abc")', 'xxx'],
    ['translate("abc", "", "ab")', ''],
    ['strcmp("abc", "ABC")', 1], // strcmp-function
    ['strcmp("ABC", "abc")', -1],
  ]));
});

describe('parsers', () => {
  it(`parse_path (${DOCS}/parse-path-function)`, async () => {
    const r = await rows(`datatable(p:string) [@"C:\\temp\\file.txt", "file://C:/temp/file.txt:some.exe", @"\\\\shared\\users\\temp\\file.txt.gz", "/usr/lib/temp/file.txt"]
      | extend path_parts = parse_path(p) | project path_parts`);
    expect(r.map((x) => x[0])).toEqual([
      { Scheme: '', RootPath: 'C:', DirectoryPath: 'C:\\temp', DirectoryName: 'temp', Filename: 'file.txt', Extension: 'txt', AlternateDataStreamName: '' },
      { Scheme: 'file', RootPath: 'C:', DirectoryPath: 'C:/temp', DirectoryName: 'temp', Filename: 'file.txt', Extension: 'txt', AlternateDataStreamName: 'some.exe' },
      { Scheme: '', RootPath: '', DirectoryPath: '\\\\shared\\users\\temp', DirectoryName: 'temp', Filename: 'file.txt.gz', Extension: 'gz', AlternateDataStreamName: '' },
      { Scheme: '', RootPath: '', DirectoryPath: '/usr/lib/temp', DirectoryName: 'temp', Filename: 'file.txt', Extension: 'txt', AlternateDataStreamName: '' },
    ]);
  });

  it(`parse_url (${DOCS}/parse-url-function)`, () => expectValues([
    ['parse_url("scheme://username:password@host:1234/this/is/a/path?k1=v1&k2=v2#fragment")', {
      Scheme: 'scheme', Host: 'host', Port: '1234', Path: 'this/is/a/path', Username: 'username', Password: 'password',
      'Query Parameters': { k1: 'v1', k2: 'v2' }, Fragment: 'fragment',
    }],
    ['parse_url("https://bing.com").Host', 'bing.com'],
  ]));

  it(`parse_command_line, Windows rules (${DOCS}/parse-command-line-function)`, () => expectValues([
    ['parse_command_line("echo \\"hello world!\\"", "windows")', ['echo', 'hello world!']],
    ['parse_command_line(@"""C:\\Program Files\\a.exe"" -x ""a b""  c", "windows")', ['C:\\Program Files\\a.exe', '-x', 'a b', 'c']],
    // 2n backslashes before a quote: n backslashes and the quote toggles; 2n+1: n backslashes and a literal quote
    ['parse_command_line(@"a\\\\""b c"" d\\""e f\\g", "windows")', ['a\\b c', 'd"e', 'f\\g']],
    ['parse_command_line(@"""a""""b""", "windows")', ['a"b']],
    ['parse_command_line("", "windows")', []],
  ]));
});
