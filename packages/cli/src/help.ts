/**
 * The top-level usage of `scavsim`, generated (by commander, as each command's own help) from
 * the table of commands in `main.ts`.
 *
 * @module
 */
import { Command, Help } from 'commander';

/** The top-level usage: the commands with one line each, the global options, the exit status. */
export function mainHelp(commands: Readonly<Record<string, { readonly summary: string }>>): string {
  const program = new Command('scavsim')
    .usage('<command> [options]')
    .description("simulate Go's heap scavenger and Linux madvise")
    .helpOption('-h, --help', 'show usage (any command)')
    .option('--version', 'print the version')
    .configureOutput({ getOutHelpWidth: () => 100 })
    .configureHelp({ formatHelp: (c, helper) => Help.prototype.formatHelp.call(helper, c, helper).replace(/^Usage: /, 'Usage: scavsim ').replace('Usage: scavsim scavsim', 'Usage: scavsim') });
  for (const [name, { summary }] of Object.entries(commands)) program.command(name).description(summary).helpOption(false);
  program.addHelpCommand(false);
  return `${program.helpInformation()}\nExit status: 0 success, 1 a check failed (fidelity, a scenario's claim), 2 bad arguments or input.\n`;
}
