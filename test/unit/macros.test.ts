/**
 * The kql_* macros of the top-level sql/ folder and the SQL that src/ emits agree: every macro a
 * function emitter names exists, and every macro is used (by src/ or by another macro).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { definedMacroNames, macroSql } from '../../src/engine/macros.js';

function sourceText(dir: string): string {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((f) => f.isFile() && f.name.endsWith('.ts'))
    .map((f) => readFileSync(join(f.parentPath, f.name), 'utf8'))
    .join('\n');
}

const src = sourceText(join(import.meta.dirname, '..', '..', 'src'));
const defined = new Set(definedMacroNames());
/** Macro bodies without their own names, so a macro does not count as using itself. */
const bodies = macroSql().replace(/MACRO\s+kql_\w+/gi, 'MACRO');

describe('kql_* macros', () => {
  it('every macro the source names exists', () => {
    const named = new Set([...src.matchAll(/\b(kql_[a-z0-9_]+)\(/g)].map((m) => m[1]!));
    expect([...named].filter((n) => !defined.has(n))).toEqual([]);
  });

  it('every macro is used', () => {
    // a name in a table of macro names counts too (`['kql_has', 'kql_has_cs']`)
    const used = (n: string) => new RegExp(`\\b${n}\\b`).test(src) || new RegExp(`\\b${n}\\(`).test(bodies);
    expect([...defined].filter((n) => !used(n))).toEqual([]);
  });
});
