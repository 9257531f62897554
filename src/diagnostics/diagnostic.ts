import type { Span } from '../ir/types.js';

export type Severity = 'error' | 'warning';

/** A problem found in a query, at a place in its text. */
export interface Diagnostic {
  /** Kebab-case with an area prefix (`kql-syntax`, `lower-unsupported-operator` …), or the parser's own code (`KS142`). */
  code: string;
  severity: Severity;
  message: string;
  /** Character offsets [start, end) in the query text. */
  start: number;
  end: number;
  /** 1-based line and column of `start`. */
  line: number;
  column: number;
}

/** 1-based line and column of an offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

export function makeDiagnostic(text: string, code: string, message: string, span: Span, severity: Severity = 'error'): Diagnostic {
  return { code, severity, message, start: span.start, end: Math.max(span.end, span.start), ...lineAndColumn(text, span.start) };
}

/**
 * A diagnostic as a terminal shows it: the message, then the query line and a caret under the span.
 *
 *   error[lower-unsupported-operator] at 3:3: the operator `evaluate` is not supported
 *     3 | | evaluate bag_unpack(x)
 *       |   ^^^^^^^^^^^^^^^^^^^^^^
 */
export function renderDiagnostic(text: string, d: Diagnostic): string {
  const lines = text.split('\n');
  const src = (lines[d.line - 1] ?? '').replace(/\r$/, '');
  const gutter = String(d.line);
  const width = Math.max(1, Math.min(d.end - d.start, src.length - (d.column - 1)));
  const pad = ' '.repeat(gutter.length);
  return [
    `${d.severity}[${d.code}] at ${d.line}:${d.column}: ${d.message}`,
    `  ${gutter} | ${src}`,
    `  ${pad} | ${' '.repeat(d.column - 1)}${'^'.repeat(width)}`,
  ].join('\n');
}

/** Thrown by the high-level API when a query has errors; carries every diagnostic. */
export class KqlError extends Error {
  constructor(readonly query: string, readonly diagnostics: Diagnostic[]) {
    super(diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.line}:${d.column}: ${d.message}`).join('\n') || 'invalid query');
    this.name = 'KqlError';
  }

  /** True when every error is a refusal of something valid KQL that kqlduck cannot run (HTTP 422), not a user mistake (400). */
  get isRefusal(): boolean {
    const errors = this.diagnostics.filter((d) => d.severity === 'error');
    return errors.length > 0 && errors.every((d) => d.code.startsWith('lower-'));
  }

  render(): string {
    return this.diagnostics.map((d) => renderDiagnostic(this.query, d)).join('\n\n');
  }
}
