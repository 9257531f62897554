/**
 * Loads Microsoft's Kusto.Language parser (C# compiled to JavaScript by Bridge.NET). The package defines
 * globals (`Bridge`, `Kusto`) rather than exports, so it is required once here and nowhere else.
 */
import { createRequire } from 'node:module';

export type KL = typeof Kusto.Language;
export type SyntaxElement = Kusto.Language.Syntax.SyntaxElement;
export type SyntaxNode = Kusto.Language.Syntax.SyntaxNode;
export type Expression = Kusto.Language.Syntax.Expression;

let loaded: KL | undefined;

/** The Kusto.Language namespace; the first call pays the load (~0.3–0.5 s with the minified build). */
export function kusto(): KL {
  if (!loaded) {
    const require = createRequire(import.meta.url);
    require('@kusto/language-service-next/bridge.min.js');
    require('@kusto/language-service-next/Kusto.Language.Bridge.min.js');
    loaded = (globalThis as unknown as { Kusto: typeof Kusto }).Kusto.Language;
  }
  return loaded;
}

/** Short class name of a syntax element or symbol (`BinaryExpression`, `FilterOperator`, `ColumnSymbol`). */
export function className(x: object): string {
  const full: string = (globalThis as unknown as { Bridge: { getTypeName(o: object): string } }).Bridge.getTypeName(x);
  const dot = full.lastIndexOf('.');
  return dot < 0 ? full : full.slice(dot + 1);
}

/** Elements of a Bridge SyntaxList of SeparatedElement<T> (skipping the separators). */
export function separated<T>(list: { Count: number; getItem(i: number): unknown } | null | undefined): T[] {
  const out: T[] = [];
  if (!list) return out;
  for (let i = 0; i < list.Count; i++) {
    const item = list.getItem(i) as { Element?: T } | T;
    out.push(item && typeof item === 'object' && 'Element' in (item as object) ? (item as { Element: T }).Element : (item as T));
  }
  return out;
}

/** Items of any Bridge IReadOnlyList. */
export function items<T>(list: { Count: number; getItem(i: number): T } | null | undefined): T[] {
  const out: T[] = [];
  if (list) for (let i = 0; i < list.Count; i++) out.push(list.getItem(i));
  return out;
}
