/** The end-of-run summary: one row per source, then what needs the user's attention. */
import type { SourceReport } from './ingest.js';

const HEADERS = ['source', 'format', 'table', 'rows', 'rejected', 'skipped', 'partitions', 'status'] as const;

export function renderSummary(reports: SourceReport[], archive: string): string {
  const rows = reports.map((r) => [
    r.name,
    r.format ?? '-',
    r.table ?? '-',
    String(r.rows),
    String(r.rejected),
    String(r.skipped),
    partitionsText(r.partitions),
    r.status === 'failed' ? 'FAILED' : r.status,
  ]);
  const totals = ['total', '', '', sum(reports, 'rows'), sum(reports, 'rejected'), sum(reports, 'skipped'), '', ''];
  const all = [[...HEADERS], ...rows, ...(reports.length > 1 ? [totals] : [])];
  const widths = HEADERS.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const numeric = new Set([3, 4, 5]);
  const line = (r: string[]) => r.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const out = [line(all[0]!), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const r of all.slice(1)) out.push(line(r));

  const details: string[] = [];
  for (const r of reports) {
    if (r.error) details.push(`${r.name}: FAILED: ${r.error} (nothing written)`);
    if (r.rejectFile) details.push(`${r.name}: ${r.rejected} rejected rows → ${archive}/${r.rejectFile}`);
    if (r.extraColumns.length) {
      details.push(`${r.name}: ${r.extraColumns.length} columns not in ${r.table ?? 'the schema'} ${r.extraColumnsKept ? 'kept as text' : 'dropped (keep them with --keep-extra-columns)'}: ${r.extraColumns.join(', ')}`);
    }
    for (const n of r.notes) details.push(`${r.name}: ${n}`);
  }
  return [...out, ...(details.length ? ['', ...details] : [])].join('\n');
}

function partitionsText(p: string[]): string {
  if (p.length === 0) return '-';
  if (p.length === 1) return p[0]!;
  return `${p.length} (${p[0]} … ${p[p.length - 1]})`;
}

function sum(reports: SourceReport[], key: 'rows' | 'rejected' | 'skipped'): string {
  return String(reports.reduce((n, r) => n + r[key], 0));
}
