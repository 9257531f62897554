import type { Command } from 'commander';

/** Every CLI subcommand, one module each; each exports `register(program)`. */
const modules: Array<{ register(program: Command): void }> = [];

export function registerCommands(program: Command): void {
  for (const m of modules) m.register(program);
}
