/**
 * Quoting for everything the translator puts into DuckDB SQL. Every string and identifier that comes
 * from a query or a schema goes through here, so a KQL literal can never break out of its SQL literal.
 */

/** A SQL string literal: single quotes doubled. DuckDB does not treat backslash as an escape in '...'. */
export function sqlString(value: string): string {
  if (value.includes('\u0000')) throw new Error('NUL character in string literal');
  return `'${value.replaceAll("'", "''")}'`;
}

/** A quoted identifier: double quotes doubled. Always quoted, so reserved words and odd names are safe. */
export function sqlIdent(name: string): string {
  if (name.includes('\u0000')) throw new Error('NUL character in identifier');
  return `"${name.replaceAll('"', '""')}"`;
}

/** RE2 escaping for a literal needle inside a regular expression. */
export function regexEscape(value: string): string {
  return value.replace(/[\\^$.|?*+()[\]{}]/g, (c) => `\\${c}`);
}
