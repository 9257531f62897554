/**
 * The has family's SQL forms (src/sql/string-predicates.ts) give one answer whichever strategy the bench
 * selects: the factored regex alone, or behind the ILIKE prefilter. Documented answers where Kusto's docs
 * give them; elsewhere (Unicode case folding, empty needles) both strategies must agree.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { HAS_STRATEGY } from '../../src/sql/string-predicates.js';
import { closeDataless, value } from '../helpers/kql.js';

const saved = HAS_STRATEGY.prefilter;
afterEach(() => { HAS_STRATEGY.prefilter = saved; });
afterAll(closeDataless);

const many = Array.from({ length: 20 }, (_, i) => `"tool${i}.exe"`).join(', ');

const documented: Array<[string, boolean]> = [
  ['@"C:\\x\\cmd.exe" has_any ("cmd.exe", @"\\Downloads\\", "x")', true],
  ['"notcmd.exe" has_any ("cmd.exe", "exe2")', false],
  ['"cmd.exe.bak" has_any ("pwsh.exe", "cmd.exe")', true],
  ['@"C:\\Users\\a\\Downloads2\\x.exe" has_any (@"\\Downloads\\", "y.exe")', false],
  ['@"C:\\Users\\a\\Downloads\\x.exe" has_any (@"\\Downloads\\", "y.exe")', true],
  [`"run tool17.exe now" has_any (${many})`, true],
  [`"run xtool17.exe now" has_any (${many})`, false],
  [`"run tool17.exe2" has_any (${many})`, false],
  ['"ammyy admin.exe" has_any ("Ammyy Admin.exe")', true],
  ['"atera_agent.exe" has_any ("atera_agent.exe")', true],
  ['"ateraXagent.exe" has_any ("atera_agent.exe")', false],
  ['"North America" has_all ("north", "america")', true],
  ['"North America" has_all ("north", "amer")', false],
  ['tostring(dynamic(null)) has_any ("a", "b")', false],
  ['"North America" hasprefix "Ame"', true],
  ['"North America" hassuffix "rica"', true],
  ['"North America" has_cs "america"', false],
];

const foldingEdges = [
  '"ſcript.exe" has_any ("script.exe", "x")', // U+017F folds to s in RE2's (?i); lower() keeps it
  '"\u212Aill.exe" has_any ("kill.exe")', // KELVIN SIGN folds to k
  '"İnstall.exe" has_any ("install.exe")',
  '"ÉDIT.exe" has_any ("édit.exe")',
  '"" has_any ("", "a")',
  '"x" has_all ("", "x")',
  '"a%b" has_any ("a%b")',
  '"axb" has_any ("a_b")',
];

describe('has family SQL strategies', () => {
  for (const prefilter of [false, true]) {
    it.each(documented)(`prefilter=${prefilter}: %s → %s`, async (expr, expected) => {
      HAS_STRATEGY.prefilter = prefilter;
      expect(await value(expr)).toBe(expected);
    });
  }

  it.each(foldingEdges)('both strategies agree on %s', async (expr) => {
    HAS_STRATEGY.prefilter = false;
    const regexOnly = await value(expr);
    HAS_STRATEGY.prefilter = true;
    expect(await value(expr)).toBe(regexOnly);
  });
});
