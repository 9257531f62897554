/** Errors: syntax, semantic and refusal diagnostics, rendered with the query line and a caret. */
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { KqlError } from '../../src/diagnostics/diagnostic.js';
import { builtinTables } from '../../src/schema/registry.js';

const tables = [...builtinTables().values()];
const render = (q: string) => new KqlError(q, compile(q, { tables }).diagnostics).render();

describe('diagnostics', () => {
  it('names an unknown column with its line and column', () => {
    const d = compile('DeviceProcessEvents\n| where FileNme has "cmd.exe"', { tables }).diagnostics;
    expect(d).toMatchObject([{ code: 'KS142', line: 2, column: 9, start: 28, end: 35 }]);
    expect(render('DeviceProcessEvents\n| where FileNme has "cmd.exe"')).toMatchInlineSnapshot(`
      "error[KS142] at 2:9: The name 'FileNme' does not refer to any known column, table, variable or function.
        2 | | where FileNme has "cmd.exe"
          |         ^^^^^^^"
    `);
  });

  it('reports a wrong argument type', () => {
    expect(compile('print strlen(1)', { tables }).diagnostics[0]).toMatchObject({ code: 'KS141', line: 1, column: 14 });
  });

  it('reports syntax errors', () => {
    const d = compile('DeviceProcessEvents | wher x', { tables }).diagnostics;
    expect(d[0]).toMatchObject({ code: 'KS176', column: 23 });
  });

  it('refuses an unsupported operator by name, at its position', () => {
    const d = compile('DeviceProcessEvents | evaluate autocluster()', { tables }).diagnostics;
    expect(d).toMatchObject([{ code: 'lower-unsupported-operator', line: 1, column: 23 }]);
    expect(d[0]!.message).toContain('`evaluate autocluster`');
  });

  it('refuses operators kqlduck will not run by name, with the reason', () => {
    const msg = (q: string) => compile(q, { tables }).diagnostics[0]!.message;
    expect(msg('externaldata(a:string)[@"https://example.com/x.csv"]')).toContain('outside the archive');
    expect(msg('search "cmd.exe"')).toContain('`search`');
    expect(msg('print a=1 | sample 3')).toContain('random');
    expect(msg('print a=1 | evaluate pivot(a)')).toContain('come from the data');
    const d = compile('DeviceProcessEvents | invoke FileProfile(SHA1, 1000)', { tables }).diagnostics;
    expect(d).toMatchObject([{ code: 'lower-unsupported-function', column: 30 }]);
    expect(d[0]!.message).toContain("Defender's file catalogue");
  });

  it('refuses an unsupported function by name, with a reason where there is one', () => {
    const d = compile('print geo_info_from_ip_address("1.1.1.1")', { tables }).diagnostics;
    expect(d[0]).toMatchObject({ code: 'lower-unsupported-function', column: 7 });
    expect(d[0]!.message).toContain('GeoIP');
  });

  it('reports every refusal of a query at once', () => {
    const d = compile('DeviceProcessEvents | extend a = ingestion_time(), b = geo_info_from_ip_address(FolderPath)', { tables }).diagnostics;
    expect(d.map((x) => x.message)).toEqual([
      expect.stringContaining('ingestion_time'),
      expect.stringContaining('geo_info_from_ip_address'),
    ]);
  });

  it('refuses Defender- and Sentinel-only functions by name, saying what they need', () => {
    const d = compile('DeviceProcessEvents | invoke FileProfile(SHA1, 1000)', { tables }).diagnostics;
    expect(d).toHaveLength(1); // not also the errors that follow from FileProfile being unknown
    expect(d[0]).toMatchObject({ code: 'lower-unsupported-function', line: 1, column: 30 });
    expect(d[0]!.message).toMatch(/`FileProfile\(\)`.*file catalogue/);
    expect(compile('_GetWatchlist("HighValueAssets")', { tables }).diagnostics[0]!.message).toMatch(/watchlist.*--table/);
    expect(compile('_Im_ProcessCreate | take 1', { tables }).diagnostics[0]!.message).toMatch(/ASIM parser/);
    // any other unknown function stays the analyser's error
    expect(compile('print foo(1)', { tables }).diagnostics[0]!.code).toBe('KS211');
  });

  it('refuses externaldata and cross-cluster sources with a reason', () => {
    const ext = compile('externaldata (x:string) [@"https://example.com/a.csv"]', { tables }).diagnostics;
    expect(ext[0]).toMatchObject({ code: 'lower-unsupported-operator', column: 1 });
    expect(ext[0]!.message).toMatch(/`externaldata`.*outside the archive/);
    expect(compile('cluster("c").database("d").T | take 1', { tables }).diagnostics[0]!.message).toMatch(/Kusto cluster/);
  });

  it('refuses the series analytics with a reason', () => {
    const d = compile('print a = series_decompose_anomalies(dynamic([1, 2, 3]))', { tables }).diagnostics;
    expect(d[0]).toMatchObject({ code: 'lower-unsupported-function', column: 11 });
    expect(d[0]!.message).toMatch(/`series_decompose_anomalies\(\)`.*time-series analytics/);
  });

  it('refuses control commands by name', () => {
    const d = compile('.drop table DeviceProcessEvents', { tables }).diagnostics;
    expect(d[0]!.code).toBe('lower-control-command');
    expect(d[0]!.message).toContain('.drop table');
  });
});
