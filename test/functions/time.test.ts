/**
 * Time functions (src/sql/functions/time.ts, sql/time.sql) on their doc pages' examples (URL on each
 * block). DuckDB keeps microseconds: where a doc shows a 7th fraction digit, the case says so.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { closeDataless, rows, value } from '../helpers/kql.js';

afterAll(closeDataless);

const DOCS = 'https://learn.microsoft.com/kusto/query';

async function expectValues(cases: ReadonlyArray<readonly [string, unknown]>): Promise<void> {
  for (const [expr, expected] of cases) expect(await value(expr), expr).toEqual(expected);
}

describe('bin', () => {
  it(`bin / floor from the epoch (${DOCS}/bin-function)`, () => expectValues([
    ['bin(4.5, 1)', 4],
    ['bin(time(16d), 7d)', '14.00:00:00'],
    ['bin(datetime(1970-05-11 13:45:07), 1d)', '1970-05-11T00:00:00Z'],
    ['bin(datetime(1969-12-31 13:00), 1d)', '1969-12-31T00:00:00Z'],
    ['bin(datetime(2024-03-05 10:17:59), 15m)', '2024-03-05T10:15:00Z'],
    ['floor(datetime(2024-03-05 10:17:59), 1h)', '2024-03-05T10:00:00Z'],
    ['bin(-7, 5)', -10],
    ['bin(2.15, 1)', 2],
  ]));

  it(`bin_at (${DOCS}/bin-at-function)`, () => expectValues([
    ['bin_at(6.5, 2.5, 7)', 4.5],
    ['bin_at(time(1h), 1d, 12h)', '-12:00:00'],
    ['bin_at(datetime(2017-05-15 10:20:00.0), 1d, datetime(1970-01-01 12:00:00.0))', '2017-05-14T12:00:00Z'],
  ]));
});

describe('start and end of periods', () => {
  const at = 'datetime(2017-01-01 10:10:17)';
  it(`startof… with offsets (${DOCS}/startofday-function …)`, () => expectValues([
    [`startofday(${at}, -1)`, '2016-12-31T00:00:00Z'],
    [`startofday(${at})`, '2017-01-01T00:00:00Z'],
    [`startofweek(${at}, -1)`, '2016-12-25T00:00:00Z'],
    [`startofweek(datetime(2017-01-04))`, '2017-01-01T00:00:00Z'],
    [`startofmonth(${at}, 1)`, '2017-02-01T00:00:00Z'],
    [`startofyear(${at}, -1)`, '2016-01-01T00:00:00Z'],
  ]));

  // Kusto's end is the last 100 ns tick (…59.9999999); here it is the last microsecond
  it(`endof… (${DOCS}/endofday-function …)`, () => expectValues([
    [`endofday(${at}, -1)`, '2016-12-31T23:59:59.999999Z'],
    [`endofweek(${at})`, '2017-01-07T23:59:59.999999Z'],
    [`endofmonth(${at}, 1)`, '2017-02-28T23:59:59.999999Z'],
    [`endofyear(${at})`, '2017-12-31T23:59:59.999999Z'],
    [`datetime(2017-12-31 23:59:59.999999) <= endofyear(${at})`, true],
  ]));
});

describe('datetime_add, datetime_diff, datetime_part', () => {
  it(`datetime_add (${DOCS}/datetime-add-function)`, async () => {
    const r = await rows(`print year = datetime_add('year',1,make_datetime(2017,1,1)), quarter = datetime_add('quarter',1,make_datetime(2017,1,1)),
      month = datetime_add('month',-15,make_datetime(2017,1,1)), week = datetime_add('week',100,make_datetime(2017,1,1)),
      day = datetime_add('day',1,make_datetime(2017,1,1)), second = datetime_add('second',1,make_datetime(2017,1,1)),
      eom = datetime_add('month', 1, datetime(2017-01-31))`);
    expect(r).toEqual([['2018-01-01T00:00:00Z', '2017-04-01T00:00:00Z', '2015-10-01T00:00:00Z', '2018-12-02T00:00:00Z',
      '2017-01-02T00:00:00Z', '2017-01-01T00:00:01Z', '2017-02-28T00:00:00Z']]);
  });

  it(`datetime_diff counts boundaries (${DOCS}/datetime-diff-function)`, async () => {
    const r = await rows(`print
      year = datetime_diff('year',datetime(2017-01-01),datetime(2000-12-31)),
      quarter = datetime_diff('quarter',datetime(2017-07-01),datetime(2017-03-30)),
      month = datetime_diff('month',datetime(2017-01-01),datetime(2015-12-30)),
      week = datetime_diff('week',datetime(2017-10-29 00:00),datetime(2017-09-30 23:59)),
      day = datetime_diff('day',datetime(2017-10-29 00:00),datetime(2017-09-30 23:59)),
      hour = datetime_diff('hour',datetime(2017-10-31 01:00),datetime(2017-10-30 23:59)),
      minute = datetime_diff('minute',datetime(2017-10-30 23:05:01),datetime(2017-10-30 23:00:59)),
      second = datetime_diff('second',datetime(2017-10-30 23:00:10.100),datetime(2017-10-30 23:00:00.900)),
      millisecond = datetime_diff('millisecond',datetime(2017-10-30 23:00:00.200100),datetime(2017-10-30 23:00:00.100900)),
      microsecond = datetime_diff('microsecond',datetime(2017-10-30 23:00:00.1009001),datetime(2017-10-30 23:00:00.1008009))`);
    expect(r).toEqual([[17, 2, 13, 5, 29, 2, 5, 10, 100, 100]]);
  });

  it(`datetime_part and the part functions (${DOCS}/datetime-part-function)`, async () => {
    const r = await rows(`let dt = datetime(2017-10-30 01:02:03.7654321);
      print year = datetime_part("year", dt), quarter = datetime_part("quarter", dt), month = datetime_part("month", dt),
        weekOfYear = datetime_part("week_of_year", dt), day = datetime_part("day", dt), dayOfYear = datetime_part("dayOfYear", dt),
        hour = datetime_part("hour", dt), minute = datetime_part("minute", dt), second = datetime_part("second", dt),
        millisecond = datetime_part("millisecond", dt), microsecond = datetime_part("microsecond", dt)`);
    expect(r).toEqual([[2017, 4, 10, 44, 30, 303, 1, 2, 3, 765, 765432]]);
    await expectValues([
      ['dayofweek(datetime(1947-11-30 10:00:05))', '00:00:00'], // day-of-week-function
      ['dayofweek(datetime(1970-05-11))', '1.00:00:00'],
      ['toint(dayofweek(datetime(1970-5-12))/1d)', 2],
      ['hourofday(datetime(2015-12-14 18:54))', 18], // hour-of-day-function
      ['dayofmonth(datetime(2015-12-14))', 14],
      ['dayofyear(datetime(2015-12-14))', 348],
      ['week_of_year(datetime(2020-12-31))', 53],
      ['week_of_year(datetime(2000-01-01))', 52],
      ['getmonth(datetime(2015-10-12))', 10],
      ['getyear(datetime(2015-10-12))', 2015],
    ]);
  });
});

describe('formatting and construction', () => {
  it(`format_datetime (${DOCS}/format-datetime-function)`, () => expectValues([
    ["format_datetime(datetime(2017-01-29 09:00:05), 'yy-MM-dd [HH:mm:ss]')", '17-01-29 [09:00:05]'],
    ["format_datetime(datetime(2017-01-29 09:00:05), 'yyyy-M-dd [H:mm:ss]')", '2017-1-29 [9:00:05]'],
    ["format_datetime(datetime(2017-01-29 09:00:05), 'yy-MM-dd [hh:mm:ss tt]')", '17-01-29 [09:00:05 AM]'],
    ["format_datetime(datetime(2009-06-15T13:45:30.6175420), 'ffffff')", '617542'],
    ["format_datetime(datetime(2009-06-15T13:45:30.0001150), 'FFFFFFF')", '000115'],
    ["format_datetime(datetime(2009-06-15T13:45:30.0005000), 'FFF')", ''],
    ["format_datetime(datetime(0900-01-01T00:00:00), 'yyyy')", '0900'],
    ["format_datetime(datetime(2009-06-15T13:45:30), 'hh')", '01'],
    ["format_datetime(datetime(2009-06-15T13:45:09), 'tt')", 'PM'],
  ]));

  it(`format_timespan (${DOCS}/format-timespan-function)`, () => expectValues([
    ["format_timespan(time(29.09:00:05.12345), 'dd.hh:mm:ss:FF')", '29.09:00:05:12'],
    ["format_timespan(time(29.09:00:05.12345), 'ddd.h:mm:ss [fffffff]')", '029.9:00:05 [1234500]'],
    ["format_timespan(time(15.13:45:30.6175000), 'ffff')", '6175'],
    ["format_timespan(time(15.13:45:30.0050000), 'FF')", ''],
    ["format_timespan(time(15.01:45:30), 'HH')", '01'],
  ]));

  it(`unixtime_*_todatetime, make_datetime (${DOCS}/unixtime-seconds-todatetime-function, ${DOCS}/make-datetime-function)`, () => expectValues([
    ['unixtime_seconds_todatetime(1546300800)', '2019-01-01T00:00:00Z'],
    ['unixtime_seconds_todatetime(1546300800.5)', '2019-01-01T00:00:00.5Z'],
    ['unixtime_milliseconds_todatetime(1546300800000)', '2019-01-01T00:00:00Z'],
    ['unixtime_microseconds_todatetime(1546300800000001)', '2019-01-01T00:00:00.000001Z'],
    ['unixtime_nanoseconds_todatetime(1546300800000001000)', '2019-01-01T00:00:00.000001Z'],
    ['make_datetime(2017,10,01)', '2017-10-01T00:00:00Z'],
    ['make_datetime(2017,10,01,12,10)', '2017-10-01T12:10:00Z'],
    ['make_datetime(2017,10,01,12,11,0.1234567)', '2017-10-01T12:11:00.123456Z'], // doc: .1234567 (100 ns)
    ['make_datetime(2017,13,01)', null],
  ]));
});
