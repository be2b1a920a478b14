/**
 * `scavsim list`: the named scenarios.
 *
 * @module
 */
import { commandHelp, parseChoice, parseCommandArgs, stringFlag } from '../args.js';
import type { CommandSpec } from '../args.js';
import { EXIT, useColor } from '../context.js';
import { paint, textTable } from '../table.js';
import type { CliContext } from '../context.js';
import { handledHelp } from './shared.js';

/** What `list` accepts; its help. */
export const LIST_SPEC: CommandSpec = {
  positionals: [],
  usage: '[--format text|json]',
  description: 'List the named scenarios.',
  flags: { format: { type: 'string', arg: 'F', help: 'text (default) or json' } },
};

/** Prints one scenario per line (`name  title`), or a JSON array with `--format json`. */
export function listCommand(argv: readonly string[], ctx: CliContext): number {
  const args = parseCommandArgs('list', argv, LIST_SPEC);
  if (handledHelp(ctx, () => commandHelp('list', LIST_SPEC), args)) return EXIT.ok;
  const format = parseChoice(stringFlag(args, 'format') ?? 'text', '--format', ['text', 'json'] as const);
  const scenarios = ctx.deps.listScenarios();
  if (format === 'json') {
    ctx.io.stdout.write(`${JSON.stringify(scenarios.map(({ name, title }) => ({ name, title })), null, 2)}\n`);
    return EXIT.ok;
  }
  const color = useColor(ctx.io, ctx.io.stdout);
  ctx.io.stdout.write(textTable(scenarios.map((s) => [paint(color, 'bold', s.name), s.title]), ['left']));
  return EXIT.ok;
}
