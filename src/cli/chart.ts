/** A small per-day chart of findings by category for the terminal. */
export function renderDailyChart(rows: Array<{ day: string; category: string; findings: number }>, width = 40): string {
  if (rows.length === 0) return '(no findings)\n';
  const categories = [...new Set(rows.map((r) => r.category))].sort();
  const marks = ['#', '=', '+', '*', '~', 'o'];
  const byDay = new Map<string, Map<string, number>>();
  for (const r of rows) byDay.set(r.day, (byDay.get(r.day) ?? new Map()).set(r.category, r.findings));
  const max = Math.max(...[...byDay.values()].map((m) => [...m.values()].reduce((a, b) => a + b, 0)));
  const lines = categories.map((c, i) => `  ${marks[i % marks.length]} ${c || '(no category)'}`);
  for (const [day, m] of [...byDay].sort(([a], [b]) => a.localeCompare(b))) {
    const total = [...m.values()].reduce((a, b) => a + b, 0);
    const bar = categories.map((c, i) => marks[i % marks.length]!.repeat(Math.round(((m.get(c) ?? 0) / max) * width))).join('');
    lines.push(`${day} ${bar.padEnd(width)} ${total}`);
  }
  return `${lines.join('\n')}\n`;
}
