/**
 * Command-line and folder templates (see catalog/types.ts for the tokens). A template is split once, in
 * JavaScript, into four literals around up to three tokens; DuckDB concatenates them per row, computing
 * only the tokens a row's template uses. `{{` and `}}` are literal braces: `/Processid:{{{GUID}}}`.
 */

export const TOKEN_KINDS = { none: 0, path: 1, user: 2, guid: 3, GUID: 4, n: 5, hex: 6, doc: 7 } as const;
export type TokenName = Exclude<keyof typeof TOKEN_KINDS, 'none'>;
export const MAX_TOKENS = 3;

export interface ParsedTemplate {
  /** Four literals: lits[0] tok[0] lits[1] tok[1] lits[2] tok[2] lits[3]. */
  lits: [string, string, string, string];
  /** Token kinds (TOKEN_KINDS values), 0 where unused. */
  toks: [number, number, number];
}

const TOKEN_RE = /^\{(path|user|guid|GUID|n|hex|doc)\}/;

export function parseTemplate(template: string): ParsedTemplate {
  const lits: string[] = [''];
  const toks: number[] = [];
  let i = 0;
  while (i < template.length) {
    const rest = template.slice(i);
    if (rest.startsWith('{{')) { lits[lits.length - 1] += '{'; i += 2; continue; }
    if (rest.startsWith('}}')) { lits[lits.length - 1] += '}'; i += 2; continue; }
    const m = TOKEN_RE.exec(rest);
    if (m) {
      toks.push(TOKEN_KINDS[m[1] as TokenName]);
      lits.push('');
      i += m[0].length;
      continue;
    }
    const ch = template[i]!;
    if (ch === '{' || ch === '}') throw new Error(`template ${JSON.stringify(template)}: stray '${ch}' at ${i} (write {{ or }} for a literal brace)`);
    lits[lits.length - 1] += ch;
    i += 1;
  }
  if (toks.length > MAX_TOKENS) throw new Error(`template ${JSON.stringify(template)}: more than ${MAX_TOKENS} tokens`);
  while (toks.length < MAX_TOKENS) { toks.push(0); lits.push(''); }
  return { lits: lits as ParsedTemplate['lits'], toks: toks as ParsedTemplate['toks'] };
}

/** Renders a template in JavaScript (tests and docs); `values` supplies each token. */
export function renderTemplate(t: ParsedTemplate, values: Partial<Record<TokenName, string>>): string {
  const names = Object.fromEntries(Object.entries(TOKEN_KINDS).map(([k, v]) => [v, k])) as Record<number, TokenName | 'none'>;
  let out = t.lits[0];
  for (let j = 0; j < MAX_TOKENS; j++) {
    const name = names[t.toks[j]!]!;
    out += (name === 'none' ? '' : values[name] ?? `{${name}}`) + t.lits[j + 1];
  }
  return out;
}

/** Splits a folder template at its one optional {user} token: `[before, after]` or `[folder]`. */
export function splitUserDir(dir: string): [string] | [string, string] {
  const parts = dir.split('{user}');
  if (parts.length > 2) throw new Error(`folder ${dir}: at most one {user}`);
  if (/[{}]/.test(parts.join(''))) throw new Error(`folder ${dir}: only {user} may appear in a folder`);
  return parts.length === 2 ? [parts[0]!, parts[1]!] : [parts[0]!];
}
