/**
 * `scavsim fidelity`: a recorded probe trace against its simulation.
 *
 * @module
 */
import { listFlag, parseChoice, parseCommandArgs, parseIntegerIn, parsePath, positional, stringFlag } from '../args.js';
import type { CommandSpec } from '../args.js';
import { EXIT } from '../context.js';
import type { CliContext } from '../context.js';
import { createProgress } from '../progress.js';
import { handledHelp } from './shared.js';

const SPEC: CommandSpec = {
  flags: { format: { type: 'string' }, repeat: { type: 'string', multiple: true }, seeds: { type: 'string' } },
  positionals: ['trace.jsonl'],
};

/** Prints the judged comparison; exit 1 when the verdict fails (known disagreements do not fail it). */
export function fidelityCommand(argv: readonly string[], ctx: CliContext): number {
  const args = parseCommandArgs('fidelity', argv, SPEC);
  if (handledHelp(ctx, 'fidelity', args)) return EXIT.ok;
  const format = parseChoice(stringFlag(args, 'format') ?? 'text', '--format', ['text', 'json'] as const);
  const trace = parsePath(positional('fidelity', args, SPEC, 0), '<trace.jsonl>');
  const repeats = listFlag(args, 'repeat').map((p) => parsePath(p, '--repeat'));
  const seedsArg = stringFlag(args, 'seeds');
  const options = { repeats, ...(seedsArg === undefined ? {} : { seeds: parseIntegerIn(seedsArg, '--seeds', 1, 64) }) };
  const progress = createProgress(ctx.io.stderr, { label: `fidelity ${trace.split(/[\\/]/).pop() ?? trace}`, ...(ctx.io.now ? { now: ctx.io.now } : {}) });
  let outcome;
  try {
    outcome = ctx.deps.fidelity(trace, format, options, (f) => progress.update(f));
  } finally {
    progress.finish();
  }
  ctx.io.stdout.write(outcome.text.endsWith('\n') ? outcome.text : `${outcome.text}\n`);
  return outcome.ok ? EXIT.ok : EXIT.failed;
}
