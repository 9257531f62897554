/** Content negotiation for result rows: the Accept header (with q-values) picks one of four formats. */
import { HttpError } from './errors.js';

export type ResultFormat = 'json' | 'ndjson' | 'csv' | 'arrow';

export const MEDIA_TYPES: Record<ResultFormat, string> = {
  json: 'application/json',
  ndjson: 'application/x-ndjson',
  csv: 'text/csv',
  arrow: 'application/vnd.apache.arrow.stream',
};

/** Media types (and aliases) → format, in the server's order of preference for wildcards. */
const BY_TYPE: Array<[string, ResultFormat]> = [
  ['application/json', 'json'],
  ['application/x-ndjson', 'ndjson'],
  ['application/ndjson', 'ndjson'],
  ['application/jsonl', 'ndjson'],
  ['text/csv', 'csv'],
  ['application/vnd.apache.arrow.stream', 'arrow'],
];

interface Range { type: string; subtype: string; q: number; order: number }

function parseAccept(header: string): Range[] {
  const out: Range[] = [];
  header.split(',').forEach((part, order) => {
    const [media = '', ...params] = part.trim().split(';');
    const [type = '', subtype = ''] = media.trim().toLowerCase().split('/');
    if (!type || !subtype) return;
    let q = 1;
    for (const p of params) {
      const [k, v] = p.trim().split('=');
      if (k?.trim().toLowerCase() === 'q') q = Number(v);
    }
    if (Number.isFinite(q) && q >= 0) out.push({ type, subtype, q: Math.min(q, 1), order });
  });
  return out;
}

function specificity(r: Range): number {
  return r.type === '*' ? 0 : r.subtype === '*' ? 1 : 2;
}

/** The format an Accept header asks for; JSON when absent; 406 when nothing offered is acceptable. */
export function negotiate(accept: string | undefined): ResultFormat {
  if (!accept || !accept.trim()) return 'json';
  const ranges = parseAccept(accept);
  let best: { format: ResultFormat; q: number; spec: number; order: number } | undefined;
  for (const [media, format] of BY_TYPE) {
    const [type, subtype] = media.split('/');
    // the most specific range that matches this type decides its quality
    const match = ranges
      .filter((r) => (r.type === '*' || r.type === type) && (r.subtype === '*' || r.subtype === subtype))
      .sort((a, b) => specificity(b) - specificity(a))[0];
    if (!match || match.q === 0) continue;
    const cand = { format, q: match.q, spec: specificity(match), order: match.order };
    if (!best || cand.q > best.q || (cand.q === best.q && (cand.spec > best.spec || (cand.spec === best.spec && cand.order < best.order)))) best = cand;
  }
  if (!best) {
    throw new HttpError(406, 'not-acceptable', `cannot answer with ${accept}; available: ${Object.values(MEDIA_TYPES).join(', ')}`);
  }
  return best.format;
}
