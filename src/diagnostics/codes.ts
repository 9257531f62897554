/**
 * Every diagnostic kqlduck raises itself, with its message template. The parser's own diagnostics keep
 * their `KS…` codes. `lower-*` codes are refusals: valid KQL that kqlduck will not translate (HTTP 422).
 */
export const CODES = {
  'kql-syntax': (p: { message: string }) => p.message,
  'kql-semantic': (p: { message: string }) => p.message,
  'lower-unsupported-operator': (p: { name: string }) => `the tabular operator \`${p.name}\` is not supported by kqlduck yet`,
  'lower-unsupported-function': (p: { name: string; reason?: string }) =>
    `the function \`${p.name}()\` is not supported by kqlduck${p.reason ? `: ${p.reason}` : ' yet'}`,
  'lower-unsupported-syntax': (p: { what: string }) => `${p.what} is not supported by kqlduck yet`,
  'lower-unsupported-option': (p: { operator: string; option: string }) =>
    `the option \`${p.option}\` of \`${p.operator}\` is not supported by kqlduck yet`,
  'lower-control-command': (p: { name: string }) => `control commands such as \`${p.name}\` are refused: kqlduck only runs queries`,
  'lower-no-query': (_p: Record<string, never>) => 'the text has no query expression to run',
  'lower-data-dependent': (p: { what: string; fix: string }) =>
    `${p.what} takes its columns from the data, which this entry point cannot read before translating: ${p.fix}`,
  'lower-not-constant': (p: { what: string }) => `${p.what} must be a constant`,
  'lower-type': (p: { what: string; type: string }) => `${p.what} of type ${p.type} is not supported by kqlduck yet`,
} as const;

export type DiagnosticCode = keyof typeof CODES;
export type DiagnosticParams<C extends DiagnosticCode> = Parameters<(typeof CODES)[C]>[0];

export function formatMessage<C extends DiagnosticCode>(code: C, params: DiagnosticParams<C>): string {
  return (CODES[code] as (p: DiagnosticParams<C>) => string)(params);
}
