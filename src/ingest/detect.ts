/**
 * Source format detection, by content first (magic bytes, first JSON character) and by extension
 * where content cannot tell (compressed text, CSV vs. other text).
 */
import { open } from 'node:fs/promises';
import { basename } from 'node:path';

export type SourceFormat = 'parquet' | 'arrow-file' | 'arrow-stream' | 'csv' | 'ndjson' | 'json-array' | 'json';

const SNIFF_BYTES = 64 * 1024;

export class FormatError extends Error {}

export async function detectFormat(path: string): Promise<SourceFormat> {
  const fh = await open(path, 'r');
  let head: Buffer;
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await fh.read(buf, 0, SNIFF_BYTES, 0);
    head = buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
  const name = basename(path).toLowerCase();
  if (head.length === 0) throw new FormatError('the file is empty');
  if (head.subarray(0, 4).toString('latin1') === 'PAR1') return 'parquet';
  if (head.subarray(0, 6).toString('latin1') === 'ARROW1') return 'arrow-file';
  // Arrow IPC stream: a message starts with the 0xFFFFFFFF continuation marker (or, pre-0.15, its length).
  if (head.length >= 8 && head.readUInt32LE(0) === 0xffffffff) return 'arrow-stream';
  if (/\.(arrows|arrow|ipc|feather)$/.test(name)) return 'arrow-stream'; // pre-0.15 stream: no marker
  if (head[0] === 0x1f && head[1] === 0x8b) return formatOfCompressed(name);
  if (/\.parquet$/.test(name)) throw new FormatError('named .parquet but does not start with the Parquet magic bytes PAR1');
  return sniffText(head, name);
}

/** DuckDB reads gzip-compressed CSV and JSON itself; the name says which. */
function formatOfCompressed(name: string): SourceFormat {
  const inner = name.replace(/\.gz$/, '');
  if (/\.(csv|tsv|txt)$/.test(inner)) return 'csv';
  if (/\.(jsonl|ndjson)$/.test(inner)) return 'ndjson';
  if (/\.json$/.test(inner)) return 'json';
  throw new FormatError('gzip-compressed, but the name does not say what is inside (expected .csv.gz, .jsonl.gz, .ndjson.gz or .json.gz)');
}

function sniffText(head: Buffer, name: string): SourceFormat {
  let text = head.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (/[\u0000-\u0008\u000e-\u001a]/.test(text.slice(0, 4096))) throw new FormatError('binary content that is neither Parquet nor Arrow IPC');
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[')) return 'json-array';
  if (trimmed.startsWith('{')) {
    if (/\.(jsonl|ndjson)$/.test(name)) return 'ndjson';
    // NDJSON when the first line is a complete object; otherwise a pretty-printed object or objects.
    const firstLine = trimmed.split(/\r?\n/, 1)[0]!;
    try {
      JSON.parse(firstLine);
      return 'ndjson';
    } catch {
      return 'json';
    }
  }
  if (/\.(jsonl|ndjson|json)$/.test(name)) throw new FormatError('named like JSON but does not start with { or [');
  return 'csv';
}
