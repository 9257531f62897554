/**
 * Tabular operators and sources kqlduck refuses on purpose, with the reason the user is given.
 * Anything not listed is refused as "not supported yet".
 */
export const OPERATOR_REASONS: Record<string, string> = {
  externaldata: 'it reads data from outside the archive, which a retro-hunt must not depend on; ingest it with `kqlduck ingest` or name the file with --table',
  external_table: 'external tables live in a Kusto cluster; register the files with --table instead',
  cluster: 'cross-cluster queries need a Kusto cluster',
  database: 'cross-database queries need a Kusto cluster',
  search: 'it searches every column of every table by text; name the table and filter with `where … has …` instead',
  find: 'it searches every table; name the tables with `union` instead',
  sample: 'its rows are chosen at random, so no answer could be checked against Kusto',
  'sample-distinct': 'its values are chosen at random, so no answer could be checked against Kusto',
  fork: 'it returns several result sets, and kqlduck returns one',
  facet: 'it returns several result sets, and kqlduck returns one',
  'evaluate pivot': 'without an output schema its columns and their order come from the data; add one, e.g. `: (Key:string, A:long, B:long)`',
};

/** Functions that exist only inside Defender (and Sentinel), with why they cannot run on an archive. */
export const DEFENDER_FUNCTIONS: Record<string, string> = {
  FileProfile: "it looks files up in Defender's file catalogue, which an archive does not have",
  DeviceFromIP: "it looks devices up in Defender's device inventory, which an archive does not have",
  AssignedIPAddresses: "it reads Defender's device inventory, which an archive does not have",
  SeenBy: "it reads Defender's device discovery data, which an archive does not have",
  _GetWatchlist: 'it reads a Sentinel watchlist; load the watchlist as a table (kqlduck query --table NAME=PATH) and query that instead',
};

/** Why a function that exists only inside Defender or Sentinel cannot run here (ASIM parsers included), if it is one. */
export function serviceFunctionReason(name: string): string | undefined {
  if (Object.hasOwn(DEFENDER_FUNCTIONS, name)) return DEFENDER_FUNCTIONS[name];
  if (/^_(Im|ASim)_/i.test(name)) return 'it is a Sentinel ASIM parser, defined in a Sentinel workspace; query the underlying table instead';
  return undefined;
}
