/**
 * Issue 7's acceptance clause: every construct of ../shared/KQL-USAGE.md's table (ranks 1–66) and tail
 * "runs with Kusto's semantics or is refused by name with a reason". Each case is a small hunting-style
 * query with the answer Kusto's documentation gives (https://learn.microsoft.com/kusto/query/…, the page
 * named on the case), worked out by hand from the docs, not taken from kqlduck's output.
 *
 * Self-contained cases use print / datatable / range; the DeviceProcessEvents cases read the T1204
 * fixture (test/fixtures/t1204-rows.ts, 24 rows, DeviceId = the row's id) with now = 2026-11-30T12:00:00Z,
 * so `ago(1d)` is 2026-11-29T12:00:00Z and rows `window-edge` (exactly then) and `window-old` fall outside.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { analysisTables, runKql } from '../../src/run.js';
import { NOW } from '../fixtures/t1204-rows.js';
import { useT1204Engine } from '../helpers/t1204-engine.js';

const DOCS = 'https://learn.microsoft.com/kusto/query';
const now = new Date(NOW);

interface Base {
  /** The rank in KQL-USAGE.md's table, or `tail` / `join` for the lists below it. */
  rank: string;
  construct: string;
  kql: string;
  /** The doc page the expected answer comes from. */
  doc: string;
}
interface Runs extends Base {
  rows: unknown[][];
  /** Output column names, where naming is part of the construct's semantics. */
  columns?: string[];
  /** Compare in order (the query sorts); otherwise as a multiset, Kusto's order being unspecified. */
  ordered?: boolean;
}
interface Refused extends Base {
  /** The diagnostic's message: names the construct and gives a reason. */
  refused: RegExp;
  /** The text the diagnostic's span starts at (its first occurrence in the query). */
  at: string;
}

// two-table join fixtures of the join-operator page's kind: duplicate keys on both sides, one unmatched key each
const L = 'datatable(k:string, a:long)["x", 1, "x", 2, "y", 3, "z", 4]';
const R = 'datatable(k:string, b:long)["x", 10, "y", 20, "y", 21, "w", 30]';
const DPE = 'DeviceProcessEvents';

const RUNS: Runs[] = [
  {
    rank: '1', construct: '| where', doc: `${DOCS}/where-operator`,
    kql: 'datatable(FileName:string, n:long)["cmd.exe", 1, "powershell.exe", 2, "cmd.exe", 3] | where n > 1',
    rows: [['powershell.exe', 2], ['cmd.exe', 3]],
  },
  {
    rank: '2', construct: '==', doc: `${DOCS}/datatypes-string-operators`,
    // == is case-sensitive and exact
    kql: 'datatable(FileName:string)["cmd.exe", "CMD.EXE", "cmd.exe ", "notcmd.exe"] | where FileName == "cmd.exe"',
    rows: [['cmd.exe']],
  },
  {
    rank: '3', construct: 'timespan literal', doc: `${DOCS}/scalar-data-types/timespan`,
    kql: 'print a = 7d, b = 1h + 30m, c = 90s, d = 1.5h, e = 100ms, f = 2d / 1h',
    rows: [['7.00:00:00', '01:30:00', '00:01:30', '01:30:00', '00:00:00.1000000', 48]],
  },
  {
    rank: '4', construct: '| extend', doc: `${DOCS}/extend-operator`,
    // extending an existing name replaces the column in place
    kql: 'datatable(FileName:string, n:long)["a.exe", 2] | extend m = n * 10, FileName = toupper(FileName)',
    columns: ['FileName', 'n', 'm'], rows: [['A.EXE', 2, 20]],
  },
  {
    rank: '5', construct: 'ago()', doc: `${DOCS}/ago-function`,
    kql: 'print t = ago(1h), d = now() - ago(7d)',
    rows: [['2026-11-30T11:00:00Z', '7.00:00:00']],
  },
  {
    rank: '6', construct: 'let statement', doc: `${DOCS}/let-statement`,
    kql: `let lookback = 1d; let parent = "winword.exe";\n${DPE} | where Timestamp > ago(lookback) and InitiatingProcessFileName =~ parent and FileName =~ "cmd.exe" | project DeviceId`,
    rows: [['office-shell'], ['window-inside']],
  },
  {
    rank: '7', construct: '| summarize', doc: `${DOCS}/summarize-operator`,
    // group keys are case-sensitive: WINWORD.EXE (4 in the window), explorer.exe (6), EXPLORER.EXE (1)
    kql: `${DPE} | where Timestamp > ago(1d) | summarize n = count() by InitiatingProcessFileName | where n >= 3`,
    columns: ['InitiatingProcessFileName', 'n'], rows: [['WINWORD.EXE', 4], ['explorer.exe', 6]],
  },
  {
    rank: '8', construct: 'Timestamp > ago(..)', doc: `${DOCS}/ago-function`,
    // strict: window-edge (exactly 24h ago) is out, window-inside (1 µs later) is in
    kql: `${DPE} | where Timestamp > ago(24h) | where FileName =~ "cmd.exe" | project DeviceId | sort by DeviceId asc`,
    ordered: true, rows: [['atomic1-cmd'], ['atomic4-lnk'], ['lookalike-parent'], ['office-shell'], ['window-inside']],
  },
  {
    rank: '9', construct: '| project', doc: `${DOCS}/project-operator`,
    kql: 'datatable(a:long, b:string, c:real)[1, "x", 2.5] | project c, renamed = b, a2 = a * 2',
    columns: ['c', 'renamed', 'a2'], rows: [[2.5, 'x', 2]],
  },
  {
    rank: '10', construct: 'tostring()', doc: `${DOCS}/tostring-function`,
    kql: 'print a = tostring(12), b = tostring(1.5), c = tostring(true), d = tostring(dynamic({"k":"v"})), e = tostring(dynamic("s")), f = tostring(long(null)), g = tostring(1h), h = tostring(datetime(2024-01-02 03:04:05))',
    rows: [['12', '1.5', 'true', '{"k":"v"}', 's', '', '01:00:00', '2024-01-02T03:04:05Z']],
  },
  {
    rank: '11', construct: 'parse_json()', doc: `${DOCS}/parse-json-function`,
    kql: `datatable(AdditionalFields:string)['{"Command":"whoami","Count":3,"Tags":["a","b"]}'] | extend f = parse_json(AdditionalFields) | project cmd = tostring(f.Command), n = toint(f.Count), tag = tostring(f.Tags[1])`,
    rows: [['whoami', 3, 'b']],
  },
  {
    rank: '12', construct: 'in', doc: `${DOCS}/in-operator`,
    // case-sensitive
    kql: 'datatable(FileName:string)["cmd.exe", "CMD.EXE", "powershell.exe", "x.exe"] | where FileName in ("cmd.exe", "powershell.exe")',
    rows: [['cmd.exe'], ['powershell.exe']],
  },
  {
    rank: '13', construct: 'count()', doc: `${DOCS}/count-aggregation-function`,
    kql: 'datatable(a:string)["x", "y", "x"] | summarize count() by a',
    columns: ['a', 'count_'], rows: [['x', 2], ['y', 1]],
  },
  {
    rank: '14', construct: '| sort/order by', doc: `${DOCS}/sort-operator`,
    // asc puts nulls first by default
    kql: 'datatable(n:long, s:string)[2, "b", 1, "a", 3, "c", long(null), "n"] | order by n asc',
    ordered: true, rows: [[null, 'n'], [1, 'a'], [2, 'b'], [3, 'c']],
  },
  {
    rank: '15', construct: '| join', doc: `${DOCS}/join-operator`,
    kql: 'let procs = datatable(DeviceId:string, FileName:string)["d1", "cmd.exe", "d2", "x.exe"]; let devs = datatable(DeviceId:string, OS:string)["d1", "Windows11", "d3", "Linux"];\nprocs | join kind=inner devs on DeviceId | project DeviceId, FileName, OS',
    rows: [['d1', 'cmd.exe', 'Windows11']],
  },
  {
    rank: '16', construct: 'make_set()', doc: `${DOCS}/make-set-aggregation-function`,
    // sorted, since a set's order is unspecified
    kql: 'datatable(dev:string, f:string)["a", "x", "a", "y", "a", "x", "b", "z"] | summarize s = make_set(f) by dev | extend s = array_sort_asc(s)',
    rows: [['a', ['x', 'y']], ['b', ['z']]],
  },
  {
    rank: '17', construct: 'isnotempty()', doc: `${DOCS}/isnotempty-function`,
    // 22 rows in the window; rat-null-parent and null-file have no ProcessCommandLine
    kql: `${DPE} | where Timestamp > ago(1d) | summarize withCmd = countif(isnotempty(ProcessCommandLine)), total = count()`,
    rows: [[20, 22]],
  },
  {
    rank: '18', construct: '| project-reorder', doc: `${DOCS}/project-reorder-operator`,
    kql: 'datatable(a:long, b:long, c:long)[1, 2, 3] | project-reorder c, a',
    columns: ['c', 'a', 'b'], rows: [[3, 1, 2]],
  },
  {
    rank: '19', construct: 'let X = <tabular>', doc: `${DOCS}/let-statement`,
    // "cmd.exe.bak" has "cmd.exe" (punctuation ends a term); "notcmd.exe" does not
    kql: `let office = ${DPE} | where InitiatingProcessFileName in~ ("winword.exe", "excel.exe");\noffice | where FileName has "cmd.exe" | project DeviceId`,
    rows: [['office-shell'], ['office-shell-bak'], ['window-edge'], ['window-inside']],
  },
  {
    rank: '20', construct: '| distinct', doc: `${DOCS}/distinct-operator`,
    kql: 'datatable(a:string, b:long)["x", 1, "x", 1, "x", 2, "y", 1] | distinct a, b',
    columns: ['a', 'b'], rows: [['x', 1], ['x', 2], ['y', 1]],
  },
  {
    rank: '21', construct: '=~', doc: `${DOCS}/datatypes-string-operators`,
    kql: 'datatable(f:string)["CMD.EXE", "cmd.exe", "cmd.exe2", "Cmd.Exe"] | where f =~ "cmd.exe"',
    rows: [['CMD.EXE'], ['cmd.exe'], ['Cmd.Exe']],
  },
  {
    rank: '22', construct: 'contains', doc: `${DOCS}/contains-operator`,
    kql: 'datatable(cmd:string)["powershell -EncodedCommand ABC", "cmd /c whoami", "PowerShell.exe -nop"] | where cmd contains "SHELL"',
    rows: [['powershell -EncodedCommand ABC'], ['PowerShell.exe -nop']],
  },
  {
    rank: '23', construct: 'has', doc: `${DOCS}/has-operator`,
    kql: 'datatable(cmd:string)["notcmd.exe /c", "run cmd.exe /c", "CMD.EXE", "xcmd.exe.bak", "cmd.exe.bak"] | where cmd has "cmd.exe"',
    rows: [['run cmd.exe /c'], ['CMD.EXE'], ['cmd.exe.bak']],
  },
  {
    rank: '24', construct: 'has_any', doc: `${DOCS}/has-any-operator`,
    kql: String.raw`datatable(f:string)[@"C:\Windows\cmd.exe", "mypowershell.exe", "PowerShell.EXE -nop", "wscript.exe"] | where f has_any ("powershell.exe", "cmd.exe")`,
    rows: [['C:\\Windows\\cmd.exe'], ['PowerShell.EXE -nop']],
  },
  {
    rank: '25', construct: 'arg_max()', doc: `${DOCS}/arg-max-aggregation-function`,
    kql: 'datatable(dev:string, t:datetime, f:string)["a", datetime(2024-01-01), "x", "a", datetime(2024-01-03), "y", "b", datetime(2024-01-02), "z"] | summarize arg_max(t, f) by dev',
    columns: ['dev', 't', 'f'], rows: [['a', '2024-01-03T00:00:00Z', 'y'], ['b', '2024-01-02T00:00:00Z', 'z']],
  },
  {
    rank: '26', construct: 'dcount()', doc: `${DOCS}/dcount-aggregation-function`,
    kql: 'datatable(dev:string, acct:string)["a", "u1", "a", "u2", "a", "u1", "b", "u3"] | summarize n = dcount(acct) by dev',
    rows: [['a', 2], ['b', 1]],
  },
  {
    rank: '27', construct: 'summarize arg_max(T, *)', doc: `${DOCS}/arg-max-aggregation-function`,
    // the by columns, then the maximised column, then the rest of the row
    kql: 'datatable(dev:string, f:string, t:datetime)["a", "x", datetime(2024-01-01), "a", "y", datetime(2024-01-03), "b", "z", datetime(2024-01-02)] | summarize arg_max(t, *) by dev',
    columns: ['dev', 't', 'f'], rows: [['a', '2024-01-03T00:00:00Z', 'y'], ['b', '2024-01-02T00:00:00Z', 'z']],
  },
  {
    rank: '28', construct: 'dynamic([...]) literal', doc: `${DOCS}/scalar-data-types/dynamic`,
    kql: 'print d = dynamic(["cmd.exe", 2, {"k": [true]}, null]) | extend n = array_length(d), d0 = tostring(d[0])',
    rows: [[['cmd.exe', 2, { k: [true] }, null], 4, 'cmd.exe']],
  },
  {
    rank: '29', construct: 'let X = dynamic(...)', doc: `${DOCS}/let-statement`,
    kql: 'let allow = dynamic(["Teams.exe", "setup.exe"]);\ndatatable(f:string)["Teams.exe", "SETUP.EXE", "setup.exe", "x.exe"] | where f in (allow)',
    rows: [['Teams.exe'], ['setup.exe']],
  },
  {
    rank: '30', construct: 'dynamic .a.b / [i] access', doc: `${DOCS}/scalar-data-types/dynamic`,
    kql: 'print d = dynamic({"proc": {"name": "cmd.exe", "args": ["/c", "whoami"]}}) | project n = tostring(d.proc.name), a1 = tostring(d.proc.args[1]), a0 = tostring(d["proc"]["args"][0]), absent = isnull(d.proc.nope)',
    rows: [['cmd.exe', 'whoami', '/c', true]],
  },
  {
    rank: '31', construct: '!=', doc: `${DOCS}/datatypes-string-operators`,
    // a missing FileName is "" in Kusto, so null-file is kept
    kql: `${DPE} | where InitiatingProcessFileName =~ "winword.exe" and FileName != "cmd.exe" | project DeviceId`,
    rows: [['lookalike-child'], ['null-file']],
  },
  {
    rank: '32', construct: 'join kind=inner', doc: `${DOCS}/join-inner`,
    // every matching pair; the right key is renamed k1
    kql: `${L} | join kind=inner (${R}) on k`,
    columns: ['k', 'a', 'k1', 'b'], rows: [['x', 1, 'x', 10], ['x', 2, 'x', 10], ['y', 3, 'y', 20], ['y', 3, 'y', 21]],
  },
  {
    rank: '33', construct: 'in~', doc: `${DOCS}/in-operator`,
    kql: 'datatable(f:string)["CMD.exe", "Powershell.EXE", "x.exe"] | where f in~ ("cmd.exe", "powershell.exe")',
    rows: [['CMD.exe'], ['Powershell.EXE']],
  },
  {
    rank: '34', construct: 'bin()', doc: `${DOCS}/bin-function`,
    kql: 'datatable(t:datetime, n:long)[datetime(2024-01-01 10:05), 1, datetime(2024-01-01 10:55), 2, datetime(2024-01-01 11:00), 3] | summarize s = sum(n) by bin(t, 1h) | extend a = bin(4.5, 1), b = bin(16d, 7d)',
    columns: ['t', 's', 'a', 'b'], rows: [['2024-01-01T10:00:00Z', 3, 4, '14.00:00:00'], ['2024-01-01T11:00:00Z', 3, 4, '14.00:00:00']],
  },
  {
    rank: '35', construct: 'not()', doc: `${DOCS}/not-function`,
    kql: 'datatable(f:string)["a.exe", "b.dll", "C.EXE"] | where not(f endswith ".exe")',
    rows: [['b.dll']],
  },
  {
    rank: '36', construct: 'sort by without asc/desc', doc: `${DOCS}/sort-operator`,
    // descending by default, nulls last
    kql: 'datatable(n:long)[2, long(null), 3, 1] | sort by n',
    ordered: true, rows: [[3], [2], [1], [null]],
  },
  {
    rank: '37', construct: '| render', doc: `${DOCS}/render-operator`,
    // render only tells the client how to draw: the rows are unchanged
    kql: 'range x from 1 to 3 step 1 | extend y = x * x | render timechart',
    ordered: true, rows: [[1, 1], [2, 4], [3, 9]],
  },
  {
    rank: '39', construct: '| mv-expand', doc: `${DOCS}/mv-expand-operator`,
    // an empty array gives no row, a null one row with null
    kql: 'datatable(dev:string, ips:dynamic)["a", dynamic(["10.0.0.1", "8.8.8.8"]), "b", dynamic([]), "c", dynamic(null)] | mv-expand ip = ips to typeof(string) | project dev, ip',
    rows: [['a', '10.0.0.1'], ['a', '8.8.8.8'], ['c', '']],
  },
  {
    rank: '39', construct: '| mvexpand (legacy)', doc: `${DOCS}/mv-expand-operator`,
    kql: 'datatable(dev:string, ips:dynamic)["a", dynamic([1, 2])] | mvexpand ips',
    columns: ['dev', 'ips'], rows: [['a', 1], ['a', 2]],
  },
  {
    rank: '40', construct: 'matches regex', doc: `${DOCS}/matches-regex-operator`,
    // case-sensitive regex
    kql: 'datatable(cmd:string)["powershell -enc SQBFAFgA", "powershell -nop", "POWERSHELL -ENC abc"] | where cmd matches regex @"-enc\\s+[A-Za-z0-9+/=]+"',
    rows: [['powershell -enc SQBFAFgA']],
  },
  {
    rank: '41', construct: 'startswith', doc: `${DOCS}/startswith-operator`,
    kql: String.raw`datatable(p:string)[@"C:\Users\bob\a.exe", @"c:\users\alice\b.exe", @"D:\Users\c.exe"] | where p startswith @"C:\Users\"`,
    rows: [['C:\\Users\\bob\\a.exe'], ['c:\\users\\alice\\b.exe']],
  },
  {
    rank: '42', construct: 'union', doc: `${DOCS}/union-operator`,
    // outer by default: columns of both, missing ones null (a missing string shows as "")
    kql: 'let A = datatable(f:string, n:long)["a", 1]; let B = datatable(f:string, m:string)["b", "x"];\nunion A, B',
    columns: ['f', 'n', 'm'], rows: [['a', 1, ''], ['b', null, 'x']],
  },
  {
    rank: '43', construct: 'extract()', doc: `${DOCS}/extract-function`,
    kql: 'print u = extract(@"User=(\\w+)", 1, "Logon User=bob Domain=corp"), none = extract(@"x(\\d+)", 1, "abc"), whole = extract(@"\\d+", 0, "port 443 open"), typed = extract(@"port (\\d+)", 1, "port 443 open", typeof(long))',
    rows: [['bob', '', '443', 443]],
  },
  {
    rank: '44', construct: 'materialize()', doc: `${DOCS}/materialize-function`,
    kql: 'let base = materialize(datatable(dev:string, n:long)["a", 1, "b", 2, "a", 3]);\nbase | summarize s = sum(n) by dev | join kind=inner (base | summarize c = count() by dev) on dev | project dev, s, c',
    rows: [['a', 4, 2], ['b', 2, 1]],
  },
  {
    rank: '45', construct: 'split()', doc: `${DOCS}/split-function`,
    kql: String.raw`print parts = split(@"C:\Windows\System32\cmd.exe", @"\") | extend leaf = tostring(parts[-1]), n = array_length(parts)`,
    rows: [[['C:', 'Windows', 'System32', 'cmd.exe'], 'cmd.exe', 4]],
  },
  {
    rank: '46', construct: 'tolower()', doc: `${DOCS}/tolower-function`,
    kql: String.raw`print a = tolower(@"C:\Windows\CMD.EXE"), b = tolower("ÄÖ Straße")`,
    rows: [['c:\\windows\\cmd.exe', 'äö straße']],
  },
  {
    rank: '47', construct: '| top', doc: `${DOCS}/top-operator`,
    // explorer.exe parents 7 rows, WINWORD.EXE 5, the next (services.exe, powershell.exe) 2
    kql: `${DPE} | summarize n = count() by InitiatingProcessFileName | top 2 by n`,
    ordered: true, rows: [['explorer.exe', 7], ['WINWORD.EXE', 5]],
  },
  {
    rank: '48', construct: 'endswith', doc: `${DOCS}/endswith-operator`,
    kql: 'datatable(f:string)["invoice.pdf.EXE", "x.exe.txt", "run.exe"] | where f endswith ".exe"',
    rows: [['invoice.pdf.EXE'], ['run.exe']],
  },
  {
    rank: '50', construct: 'todynamic()', doc: `${DOCS}/todynamic-function`,
    kql: `print d = todynamic('{"a": [1, 2], "b": {"c": "x"}}') | project n = array_length(d.a), v = toint(d.a[0]), c = tostring(d.b.c)`,
    rows: [[2, 1, 'x']],
  },
  {
    rank: '51', construct: 'between', doc: `${DOCS}/between-operator`,
    // inclusive at both ends
    kql: `${DPE} | where Timestamp between (datetime(2026-11-30 11:00) .. datetime(2026-11-30 11:30)) | project DeviceId`,
    rows: [['lookalike-parent'], ['lookalike-child'], ['lookalike-rat'], ['lookalike-folder']],
  },
  {
    // a datetime range may end with a timespan: start .. start + span (the page's `StartTime between
    // (datetime(2007-07-27) .. 3d)` counts the same 476 rows as `.. datetime(2007-07-30)`)
    rank: '51', construct: 'between (datetime .. timespan)', doc: `${DOCS}/between-operator`,
    kql: `${DPE} | where Timestamp between (datetime(2026-11-30 11:00) .. 30m) | project DeviceId`,
    rows: [['lookalike-parent'], ['lookalike-child'], ['lookalike-rat'], ['lookalike-folder']],
  },
  {
    rank: '51', construct: '!between (datetime .. timespan)', doc: `${DOCS}/not-between-operator`,
    kql: 'print a = datetime(2026-11-30 11:40) !between (datetime(2026-11-30 11:00) .. 30m), b = datetime(2026-11-30 11:30) !between (datetime(2026-11-30 11:00) .. 30m)',
    rows: [[true, false]],
  },
  {
    rank: '52', construct: '!in', doc: `${DOCS}/not-in-operator`,
    // case-sensitive: Teams.exe, SETUP.EXE and AnyDesk.exe go, the other explorer children stay
    kql: `${DPE} | where Timestamp > ago(1d) and InitiatingProcessFileName =~ "explorer.exe" | where FileName !in ("Teams.exe", "SETUP.EXE", "AnyDesk.exe") | project DeviceId`,
    rows: [['userdir-downloads'], ['userdir-explorer-case'], ['lookalike-folder'], ['atomic4-lnk']],
  },
  {
    rank: '53', construct: 'strcat()', doc: `${DOCS}/strcat-function`,
    kql: 'print s = strcat("ws-", 42, ":", true, "/", 1.5, "/", 1h)',
    rows: [['ws-42:true/1.5/01:00:00']],
  },
  {
    rank: '54', construct: '| invoke (a let function)', doc: `${DOCS}/invoke-operator`,
    kql: 'let shellsOnly = (T:(f:string)) { T | where f in~ ("cmd.exe", "powershell.exe") };\ndatatable(f:string)["CMD.EXE", "notepad.exe"] | invoke shellsOnly()',
    rows: [['CMD.EXE']],
  },
  {
    rank: '55', construct: 'isempty()', doc: `${DOCS}/isempty-function`,
    // null strings in the data are empty; a null long is empty too
    kql: `${DPE} | where isempty(FileName) or isempty(InitiatingProcessFileName) | project DeviceId, e = isempty(long(null)), f = isempty(0)`,
    rows: [['rat-null-parent', true, false], ['null-file', true, false]],
  },
  {
    rank: '56', construct: '| project-rename', doc: `${DOCS}/project-rename-operator`,
    kql: 'datatable(a:long, b:string)[1, "x"] | project-rename Id = a',
    columns: ['Id', 'b'], rows: [[1, 'x']],
  },
  {
    rank: '57', construct: 'iff()', doc: `${DOCS}/iff-function`,
    // a null condition is not true: the else value
    kql: 'datatable(n:long)[1, 5, long(null)] | extend size = iff(n > 2, "big", "small")',
    rows: [[1, 'small'], [5, 'big'], [null, 'small']],
  },
  {
    rank: '59', construct: 'now()', doc: `${DOCS}/now-function`,
    // one instant per query; now(offset) is now() + offset
    kql: 'print a = now(), b = now() - now(), c = now() - 1d, d = now(-1d), e = now(2h) - now()',
    rows: [['2026-11-30T12:00:00Z', '00:00:00', '2026-11-29T12:00:00Z', '2026-11-29T12:00:00Z', '02:00:00']],
  },
  {
    rank: '60', construct: '| parse', doc: `${DOCS}/parse-operator`,
    // a row the pattern does not match is kept, its parsed columns null
    kql: 'datatable(cmd:string)["user=bob host=ws1 port=443", "garbage"] | parse cmd with "user=" user " host=" host " port=" port:int | project user, host, port',
    rows: [['bob', 'ws1', 443], ['', '', null]],
  },
  {
    rank: '61', construct: 'countif()', doc: `${DOCS}/countif-aggregation-function`,
    kql: 'datatable(dev:string, ok:bool)["a", true, "a", false, "b", false] | summarize fails = countif(ok == false), total = count() by dev',
    rows: [['a', 1, 2], ['b', 1, 1]],
  },
  {
    rank: '62', construct: '| project-away', doc: `${DOCS}/project-away-operator`,
    kql: 'datatable(a:long, b:string, b2:string, c:long)[1, "x", "y", 2] | project-away b*',
    columns: ['a', 'c'], rows: [[1, 2]],
  },
  {
    rank: '63', construct: 'array_length()', doc: `${DOCS}/array-length-function`,
    // null for anything that is not an array
    // (over a column: Microsoft's analyser rejects a literal bag or string argument before Kusto runs it)
    kql: 'datatable(d:dynamic)[dynamic([1, 2, 3]), dynamic([]), dynamic({"k": 1}), dynamic("s")] | extend n = array_length(d)',
    rows: [[[1, 2, 3], 3], [[], 0], [{ k: 1 }, null], ['s', null]],
  },
  {
    rank: '64', construct: 'case()', doc: `${DOCS}/case-function`,
    kql: 'datatable(n:long)[1, 50, 500] | extend sev = case(n < 10, "low", n < 100, "medium", "high")',
    rows: [[1, 'low'], [50, 'medium'], [500, 'high']],
  },
  {
    rank: '65', construct: 'join kind=leftanti', doc: `${DOCS}/join-leftanti`,
    kql: `${L} | join kind=leftanti (${R}) on k`,
    columns: ['k', 'a'], rows: [['z', 4]],
  },
  {
    rank: '66', construct: 'has_all', doc: `${DOCS}/has-all-operator`,
    kql: 'datatable(cmd:string)["net user admin /add", "net user bob", "NET USER x /ADD", "netuser /add"] | where cmd has_all ("net", "user", "add")',
    rows: [['net user admin /add'], ['NET USER x /ADD']],
  },

  // the tail
  {
    rank: 'tail', construct: 'mv-apply', doc: `${DOCS}/mv-apply-operator`,
    // the subquery runs per row: the largest element of each array
    kql: 'datatable(dev:string, sizes:dynamic)["a", dynamic([3, 1, 2]), "b", dynamic([5])] | mv-apply s = sizes to typeof(long) on (top 1 by s) | project dev, s',
    rows: [['a', 3], ['b', 5]],
  },
  {
    rank: 'tail', construct: 'lookup', doc: `${DOCS}/lookup-operator`,
    // leftouter by default; the key appears once
    kql: 'let Devices = datatable(DeviceId:string, OS:string)["d1", "Win11", "d2", "Linux"];\ndatatable(DeviceId:string, f:string)["d1", "cmd.exe", "d3", "x.exe"] | lookup Devices on DeviceId',
    columns: ['DeviceId', 'f', 'OS'], rows: [['d1', 'cmd.exe', 'Win11'], ['d3', 'x.exe', '']],
  },
  {
    rank: 'tail', construct: 'evaluate bag_unpack', doc: `${DOCS}/bag-unpack-plugin`,
    kql: 'datatable(dev:string, d:dynamic)["a", dynamic({"Port": 443, "Proto": "tcp"}), "b", dynamic({"Port": 53})] | evaluate bag_unpack(d)',
    columns: ['dev', 'Port', 'Proto'], rows: [['a', 443, 'tcp'], ['b', 53, '']],
  },
  {
    rank: 'tail', construct: 'evaluate pivot (with an output schema)', doc: `${DOCS}/pivot-plugin`,
    // count() per remaining column (DeviceName) and pivoted value; 0 where there is none
    kql: 'datatable(DeviceName:string, ActionType:string)["ws1", "ProcessCreated", "ws1", "ProcessCreated", "ws1", "FileCreated", "ws2", "FileCreated"] | evaluate pivot(ActionType) : (DeviceName:string, FileCreated:long, ProcessCreated:long)',
    columns: ['DeviceName', 'FileCreated', 'ProcessCreated'], rows: [['ws1', 1, 2], ['ws2', 1, 0]],
  },
  {
    rank: 'tail', construct: 'make-series', doc: `${DOCS}/make-series-operator`,
    // by columns, the series, then the axis; `to` is exclusive; empty bins take the default
    kql: 'datatable(dev:string, t:datetime, n:long)["a", datetime(2024-01-01 00:10), 1, "a", datetime(2024-01-01 02:00), 2, "a", datetime(2024-01-01 02:30), 3, "a", datetime(2024-01-01 04:00), 9] | make-series s = sum(n) default = 0 on t from datetime(2024-01-01) to datetime(2024-01-01 04:00) step 1h by dev',
    columns: ['dev', 's', 't'],
    rows: [['a', [1, 0, 5, 0], ['00', '01', '02', '03'].map((h) => `2024-01-01T${h}:00:00.0000000Z`)]],
  },
  {
    rank: 'tail', construct: '!contains', doc: `${DOCS}/not-contains-operator`,
    kql: 'datatable(cmd:string)["powershell -nop", "cmd /c", "PowerShell.exe"] | where cmd !contains "SHELL"',
    rows: [['cmd /c']],
  },
  {
    rank: 'tail', construct: '!has', doc: `${DOCS}/not-has-operator`,
    kql: 'datatable(f:string)["notcmd.exe", "cmd.exe", "CMD.EXE", "run cmd.exe"] | where f !has "cmd.exe"',
    rows: [['notcmd.exe']],
  },
  {
    rank: 'tail', construct: '!in~', doc: `${DOCS}/not-in-cs-operator`,
    // rat-null-parent's missing parent is "", which is not in the list
    kql: `${DPE} | where InitiatingProcessFileName !in~ ("explorer.exe", "winword.exe", "services.exe", "powershell.exe", "excel.exe", "chrome.exe", "msiexec.exe", "wscript.exe", "outlook.exe") | project DeviceId`,
    rows: [['rat-null-parent'], ['lookalike-parent']],
  },
  {
    rank: 'tail', construct: '!startswith', doc: `${DOCS}/not-startswith-operator`,
    kql: String.raw`datatable(p:string)[@"C:\Windows\a.exe", @"c:\windows\b.exe", @"C:\Users\c.exe"] | where p !startswith @"C:\Windows\"`,
    rows: [['C:\\Users\\c.exe']],
  },
  {
    rank: 'tail', construct: 'hasprefix', doc: `${DOCS}/hasprefix-operator`,
    // a term starts with the needle, case-insensitive
    kql: 'datatable(cmd:string)["powershell -EncodedCommand x", "powershell -enc y", "cmd /c prefixEnc"] | where cmd hasprefix "enc"',
    rows: [['powershell -EncodedCommand x'], ['powershell -enc y']],
  },
  {
    rank: 'tail', construct: 'has_cs', doc: `${DOCS}/has-cs-operator`,
    kql: 'datatable(f:string)["CMD.EXE", "cmd.exe", "run cmd.exe now", "xcmd.exe"] | where f has_cs "cmd.exe"',
    rows: [['cmd.exe'], ['run cmd.exe now']],
  },
  {
    rank: 'tail', construct: 'contains_cs', doc: `${DOCS}/contains-cs-operator`,
    kql: 'datatable(cmd:string)["Invoke-Mimikatz", "invoke-mimikatz", "xMimikatzx"] | where cmd contains_cs "Mimikatz"',
    rows: [['Invoke-Mimikatz'], ['xMimikatzx']],
  },
  {
    rank: 'tail', construct: 'base64_decode_tostring', doc: `${DOCS}/base64-decode-tostring-function`,
    kql: 'print a = base64_decode_tostring("S3VzdG8="), b = base64_decode_tostring("d2hvYW1p")',
    rows: [['Kusto', 'whoami']],
  },
  {
    rank: 'tail', construct: 'parse_command_line', doc: `${DOCS}/parse-command-line-function`,
    // CommandLineToArgvW: quotes group, backslashes not before a quote are literal
    kql: String.raw`print a = parse_command_line("echo \"hello world!\"", "windows"), b = parse_command_line(@'"C:\Program Files\App\app.exe" /c "a b" c', "windows")`,
    rows: [[['echo', 'hello world!'], ['C:\\Program Files\\App\\app.exe', '/c', 'a b', 'c']]],
  },
  {
    rank: 'tail', construct: 'ipv4_is_private', doc: `${DOCS}/ipv4-is-private-function`,
    kql: 'print a = ipv4_is_private("10.1.2.3"), b = ipv4_is_private("192.168.1.1/24"), c = ipv4_is_private("202.1.2.3"), d = ipv4_is_private("127.0.0.1"), e = ipv4_is_private("172.32.0.1"), f = ipv4_is_private("172.31.255.1"), g = ipv4_is_private("not an ip")',
    rows: [[true, true, false, false, false, true, null]],
  },

  // join kinds (inner and leftanti are ranks 32 and 65; here over DeviceProcessEvents)
  {
    rank: 'join', construct: 'join kind=inner (over DeviceProcessEvents)', doc: `${DOCS}/join-inner`,
    // equality on the key is case-sensitive: mywinword.exe and wscript.exe have no match
    kql: `${DPE} | where Timestamp > ago(1d) and FileName =~ "cmd.exe" | join kind=inner (datatable(InitiatingProcessFileName:string, App:string)["WINWORD.EXE", "Word", "explorer.exe", "Explorer"]) on InitiatingProcessFileName | project DeviceId, App`,
    rows: [['office-shell', 'Word'], ['window-inside', 'Word'], ['atomic4-lnk', 'Explorer']],
  },
  {
    rank: 'join', construct: 'join kind=leftanti (over DeviceProcessEvents)', doc: `${DOCS}/join-leftanti`,
    kql: `${DPE} | where Timestamp > ago(1d) | join kind=leftanti (datatable(FileName:string)["cmd.exe", "powershell.exe", "AnyDesk.exe"]) on FileName | where InitiatingProcessFileName =~ "explorer.exe" | project DeviceId`,
    rows: [['userdir-downloads'], ['userdir-explorer-case'], ['allow-teams'], ['allow-setup-case'], ['lookalike-folder']],
  },
  {
    rank: 'join', construct: 'join kind=leftouter', doc: `${DOCS}/join-leftouter`,
    kql: `${L} | join kind=leftouter (${R}) on k`,
    columns: ['k', 'a', 'k1', 'b'], rows: [['x', 1, 'x', 10], ['x', 2, 'x', 10], ['y', 3, 'y', 20], ['y', 3, 'y', 21], ['z', 4, '', null]],
  },
  {
    rank: 'join', construct: 'join kind=rightanti', doc: `${DOCS}/join-rightanti`,
    kql: `${L} | join kind=rightanti (${R}) on k`,
    columns: ['k', 'b'], rows: [['w', 30]],
  },
  {
    rank: 'join', construct: 'join kind=rightsemi', doc: `${DOCS}/join-rightsemi`,
    kql: `${L} | join kind=rightsemi (${R}) on k`,
    columns: ['k', 'b'], rows: [['x', 10], ['y', 20], ['y', 21]],
  },
  {
    rank: 'join', construct: 'join kind=leftsemi', doc: `${DOCS}/join-leftsemi`,
    kql: `${L} | join kind=leftsemi (${R}) on k`,
    columns: ['k', 'a'], rows: [['x', 1], ['x', 2], ['y', 3]],
  },
  {
    rank: 'join', construct: 'join with no kind (innerunique)', doc: `${DOCS}/join-innerunique`,
    // one left row per key (which one is unspecified, so `a` is left out), then every right match
    kql: `${L} | join (${R}) on k | project k, b`,
    rows: [['x', 10], ['y', 20], ['y', 21]],
  },
];

const REFUSED: Refused[] = [
  {
    rank: '38', construct: 'externaldata', doc: `${DOCS}/externaldata-operator`,
    kql: 'let iocs = externaldata(Sha256:string)[@"https://example.com/iocs.csv"] with (format="csv");\nDeviceProcessEvents | where SHA256 in (iocs)',
    refused: /`externaldata`.*outside the archive/, at: 'externaldata',
  },
  {
    rank: '49', construct: 'geo_info_from_ip_address()', doc: `${DOCS}/geo-info-from-ip-address-function`,
    kql: 'datatable(RemoteIP:string)["20.53.203.50"] | extend geo = geo_info_from_ip_address(RemoteIP) | project country = tostring(geo.country)',
    refused: /geo_info_from_ip_address.*GeoIP/, at: 'geo_info_from_ip_address',
  },
  {
    rank: '54', construct: '| invoke FileProfile', doc: 'https://learn.microsoft.com/defender-xdr/advanced-hunting-fileprofile-function',
    kql: 'DeviceProcessEvents\n| where Timestamp > ago(1d)\n| distinct SHA1\n| invoke FileProfile(SHA1, 1000)',
    refused: /`FileProfile\(\)`.*file catalogue/, at: 'FileProfile',
  },
  {
    rank: '58', construct: 'ingestion_time()', doc: `${DOCS}/ingestion-time-function`,
    kql: 'DeviceProcessEvents | extend lag = ingestion_time() - Timestamp | where lag > 1h',
    refused: /ingestion_time.*no ingestion time/, at: 'ingestion_time',
  },
  {
    rank: 'tail', construct: 'evaluate pivot (no output schema)', doc: `${DOCS}/pivot-plugin`,
    kql: 'datatable(DeviceName:string, ActionType:string)["ws1", "ProcessCreated"] | evaluate pivot(ActionType)',
    refused: /pivot.*output schema/, at: 'evaluate',
  },
  {
    rank: 'tail', construct: 'series_decompose_anomalies', doc: `${DOCS}/series-decompose-anomalies-function`,
    kql: 'DeviceProcessEvents\n| make-series n = count() on Timestamp from ago(7d) to now() step 1h by DeviceName\n| extend anomalies = series_decompose_anomalies(n, 1.5)',
    refused: /`series_decompose_anomalies\(\)`.*time-series analytics/, at: 'series_decompose_anomalies',
  },
  {
    // the doc's own form of the call: the function is named, besides the `(a, b, c) = …` form
    rank: 'tail', construct: 'series_decompose_anomalies, as `(a, s, b) = …`', doc: `${DOCS}/series-decompose-anomalies-function`,
    kql: 'DeviceProcessEvents\n| make-series n = count() on Timestamp from ago(7d) to now() step 1h by DeviceName\n| extend (anomalies, score, baseline) = series_decompose_anomalies(n, 1.5)',
    refused: /`series_decompose_anomalies\(\)`.*time-series analytics/, at: 'series_decompose_anomalies',
  },
];

const sorted = (r: readonly unknown[][]) => [...r].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

const fixture = useT1204Engine();

/** `#rank construct`, so a failure names the construct. */
const named = <T extends Base>(cases: T[]) => cases.map((c) => [`#${c.rank} ${c.construct}`, c] as const);

async function expectRuns(c: Runs): Promise<void> {
  const result = await runKql(fixture.engine(), c.kql, { now });
  if (c.columns) expect(result.columns.map((col) => col.name)).toEqual(c.columns);
  if (c.ordered) expect(result.rows).toEqual(c.rows);
  else expect(sorted(result.rows)).toEqual(sorted(c.rows));
}

function expectRefused(c: Refused): void {
  const result = compile(c.kql, { tables: analysisTables(fixture.engine()), now });
  expect(result.sql).toBeUndefined();
  const d = result.diagnostics.find((x) => c.refused.test(x.message));
  expect(d, result.diagnostics.map((x) => x.message).join('\n')).toBeDefined();
  // at the construct: offsets, and the line and column they fall on
  const start = c.kql.indexOf(c.at);
  const before = c.kql.slice(0, start).split('\n');
  expect(d).toMatchObject({ severity: 'error', start, line: before.length, column: before[before.length - 1]!.length + 1 });
  expect(d!.end).toBeGreaterThan(start);
}

describe('KQL-USAGE.md constructs that run with Kusto\'s answers', () => {
  it.each(named(RUNS))('%s', (_, c) => expectRuns(c));
});

describe('KQL-USAGE.md constructs refused by name, with a reason and a position', () => {
  it.each(named(REFUSED))('%s', (_, c) => expectRefused(c));
});
