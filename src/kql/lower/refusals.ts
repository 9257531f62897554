/**
 * Tabular operators and sources kqlduck refuses on purpose, with the reason the user is given.
 * Anything not listed is refused as "not supported yet".
 */
export const OPERATOR_REASONS: Record<string, string> = {
  externaldata: 'it reads data from outside the archive, which a retro-hunt must not depend on',
  search: 'it searches every column of every table by text; name the table and filter with `where … has …` instead',
  find: 'it searches every table; name the tables with `union` instead',
  sample: 'its rows are chosen at random, so no answer could be checked against Kusto',
  'sample-distinct': 'its values are chosen at random, so no answer could be checked against Kusto',
  fork: 'it returns several result sets, and kqlduck returns one',
  facet: 'it returns several result sets, and kqlduck returns one',
  'evaluate pivot': 'without an output schema its columns and their order come from the data; add one, e.g. `: (Key:string, A:long, B:long)`',
};

/** Microsoft Defender functions that exist only inside Defender, with why they cannot run on an archive. */
export const DEFENDER_FUNCTIONS: Record<string, string> = {
  FileProfile: "it looks files up in Defender's file catalogue, which an archive does not have",
  DeviceFromIP: "it looks devices up in Defender's device inventory, which an archive does not have",
  AssignedIPAddresses: "it reads Defender's device inventory, which an archive does not have",
  SeenBy: "it reads Defender's device discovery data, which an archive does not have",
};
