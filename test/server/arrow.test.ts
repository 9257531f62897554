/**
 * The Arrow encoder's string columns: a chunk of ASCII values takes a shortcut (byte offsets equal
 * character offsets), any other chunk measures each value; both must read back exactly.
 */
import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../src/engine/values.js';
import type { Column } from '../../src/ir/types.js';
import { arrowStream } from '../../src/server/arrow.js';

async function roundTrip(columns: Column[], chunks: JsonValue[][][]): Promise<unknown[][]> {
  async function* source() {
    for (const c of chunks) yield c;
  }
  const parts: Buffer[] = [];
  for await (const bytes of arrowStream(columns, source())) parts.push(bytes);
  const table = tableFromIPC(Buffer.concat(parts));
  expect(table.batches).toHaveLength(chunks.filter((c) => c.length).length);
  return table.toArray().map((row) => columns.map((c) => (row as Record<string, unknown>)[c.name]));
}

describe('Arrow string columns', () => {
  const columns: Column[] = [{ name: 's', type: 'string' }, { name: 'd', type: 'dynamic' }];

  it('reads back ASCII chunks, non-ASCII chunks and a mix, chunk by chunk', async () => {
    const ascii: JsonValue[][] = [['a', { k: 1 }], ['', null], ['C:\\Users\\x', [1, 'two']]];
    const mixed: JsonValue[][] = [['ascii', 'plain'], ['ünïcödé', { 'ключ': 'значение' }], ['😀 emoji', null], ['', 'z']];
    const onlyWide: JsonValue[][] = [['日本語', '中文']];
    const rows = await roundTrip(columns, [ascii, mixed, [], onlyWide]);
    expect(rows).toEqual([
      ['a', '{"k":1}'],
      ['', null],
      ['C:\\Users\\x', '[1,"two"]'],
      ['ascii', 'plain'],
      ['ünïcödé', '{"ключ":"значение"}'],
      ['😀 emoji', null],
      ['', 'z'],
      ['日本語', '中文'],
    ]);
  });

  it('keeps nulls apart from empty strings in a non-ASCII chunk', async () => {
    const rows = await roundTrip([{ name: 'd', type: 'dynamic' }], [[[null], ['é'], [''], [null]]]);
    expect(rows).toEqual([[null], ['é'], [''], [null]]);
  });
});
