/**
 * Functions that exist only inside Microsoft's services, with why kqlduck cannot run them. Microsoft's
 * analyser does not know them either (KS211, KS142, KS204: "does not refer to any known …"); for
 * these names that becomes a refusal that says what the function needs, which is what a hunter pasting
 * a Defender rule wants to read.
 *
 * Defender advanced-hunting functions: https://learn.microsoft.com/defender-xdr/advanced-hunting-fileprofile-function,
 * …-devicefromip-function, …-assignedipaddresses-function, …-seenby-function.
 * Sentinel: https://learn.microsoft.com/azure/sentinel/watchlists-queries (_GetWatchlist),
 * https://learn.microsoft.com/azure/sentinel/normalization-about-parsers (the _ASim_/_Im_ parsers).
 */
import { formatMessage } from '../diagnostics/codes.js';
import { makeDiagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';

const DEFENDER_CATALOGUE = "it reads Defender's file catalogue (prevalence, signer, reputation), which an archive does not hold";

const REASONS: Record<string, string> = {
  FileProfile: DEFENDER_CATALOGUE,
  DeviceFromIP: "it reads Defender's device inventory of IP address assignments, which an archive does not hold",
  AssignedIPAddresses: "it reads Defender's device inventory of IP address assignments, which an archive does not hold",
  SeenBy: "it reads Defender's device discovery data, which an archive does not hold",
  _GetWatchlist: 'it reads a Sentinel watchlist; load the watchlist as a table (kqlduck query --table NAME=PATH) and query that instead',
};

/** KS211 (a call), KS142 or KS204 (a bare name, as ASIM parsers are often used) on an unknown name. */
const UNKNOWN_NAME = /^The name '([^']+)' does not refer to any known (?:function|column, table, variable or function|table, tabular variable or function)\.$/;

/** A service-only function's reason, also for the ASIM parsers (`_Im_ProcessCreate`, `_ASim_…`). */
function reasonFor(name: string): string | undefined {
  if (REASONS[name]) return REASONS[name];
  if (/^_(Im|ASim)_/i.test(name)) return 'it is a Sentinel ASIM parser, defined in a Sentinel workspace; query the underlying table instead';
  return undefined;
}

/**
 * The analyser's diagnostics, with any unknown-function error on a service-only function turned into
 * a refusal. When there is one, the other errors are dropped: they follow from the function's
 * arguments and result being unknown (e.g. its columns), and would only mislead.
 */
export function refuseServiceFunctions(text: string, diagnostics: Diagnostic[]): Diagnostic[] {
  const refusals: Diagnostic[] = [];
  for (const d of diagnostics) {
    const name = ['KS142', 'KS204', 'KS211'].includes(d.code) ? UNKNOWN_NAME.exec(d.message)?.[1] : undefined;
    const reason = name && reasonFor(name);
    if (reason) refusals.push(makeDiagnostic(text, 'lower-unsupported-function', formatMessage('lower-unsupported-function', { name, reason }), { start: d.start, end: d.end }));
  }
  const unique = refusals.filter((r, i) => refusals.findIndex((x) => x.start === r.start) === i);
  return unique.length ? unique : diagnostics;
}
