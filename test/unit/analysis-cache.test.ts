/** The analysis cache (src/kql/analyze.ts): shared per (text, schema set), never across schemas or `now`. */
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { analyze } from '../../src/kql/analyze.js';
import type { TableSchema } from '../../src/schema/registry.js';

const events = (extra: string[] = []): TableSchema[] => [
  { name: 'Events', columns: [{ name: 'Timestamp', type: 'datetime' }, { name: 'FileName', type: 'string' }, ...extra.map((name) => ({ name, type: 'string' as const }))] },
];

describe('analysis cache', () => {
  it('analyses a text once per schema set', () => {
    const q = 'Events | where FileName has "cmd.exe"';
    expect(analyze(q, events()).code).toBe(analyze(q, events()).code);
    expect(analyze(q, events(['Extra'])).code).not.toBe(analyze(q, events()).code);
  });

  it('does not carry a schema\'s answer to another schema', () => {
    const q = 'Events | where Extra == "x"';
    expect(analyze(q, events(['Extra'])).diagnostics).toEqual([]);
    expect(analyze(q, events()).diagnostics).toMatchObject([{ code: 'KS142' }]);
    expect(analyze(q, events(['Extra'])).diagnostics).toEqual([]);
  });

  it('hands each caller its own diagnostics list', () => {
    const q = 'Events | where Nope == 1';
    const first = analyze(q, events()).diagnostics;
    first.length = 0;
    expect(analyze(q, events()).diagnostics).toHaveLength(1);
  });

  it('applies each call\'s now to the SQL of a cached analysis', () => {
    const q = 'Events | where Timestamp > ago(1h)';
    const at = (iso: string) => compile(q, { tables: events(), now: new Date(iso) }).sql!;
    expect(at('2026-01-01T00:00:00Z')).toContain('2026-01-01');
    expect(at('2026-06-01T00:00:00Z')).toContain('2026-06-01');
    expect(at('2026-06-01T00:00:00Z')).not.toContain('2026-01-01');
  });

  it('keeps a bounded number of analyses, dropping the least recently used', () => {
    const text = (i: number) => `print ${i}`;
    const kept = analyze(text(0), events()).code;
    const dropped = analyze(text(1), events()).code;
    for (let i = 2; i < 66; i++) {
      analyze(text(i), events());
      analyze(text(0), events()); // used again, so it stays
    }
    expect(analyze(text(0), events()).code).toBe(kept);
    expect(analyze(text(1), events()).code).not.toBe(dropped);
  });
});
