/**
 * `scavsim fidelity`: a recorded probe trace against its simulation.
 *
 * @module
 */
import { commandHelp, listFlag, parseChoice, parseCommandArgs, parseIntegerIn, parsePath, positional, stringFlag } from '../args.js';
import type { CommandSpec } from '../args.js';
import { EXIT } from '../context.js';
import type { CliContext } from '../context.js';
import { createProgress } from '../progress.js';
import { handledHelp } from './shared.js';

/** What `fidelity` accepts; its help. */
export const FIDELITY_SPEC: CommandSpec = {
  positionals: ['trace.jsonl'],
  usage: '<trace.jsonl> [--repeat <trace.jsonl>]... [--seeds N] [--format text|json]',
  description: `Rebuild the scenario of a trace recorded by the fidelity probe, simulate it, and compare
real and simulated figures at the key moments, as the fidelity suite does. A loadtest runs
N seeds (default 8) and is judged against their band; --repeat adds recordings of the same
run, judged with the trace as one range. Figures listed as known disagreements are shown
with their causes and do not fail the verdict. Exits 1 when a figure is out of tolerance
(or a listed one now agrees).`,
  flags: {
    repeat: { type: 'string', multiple: true, arg: 'FILE', help: 'another recording of the same run (repeatable)' },
    seeds: { type: 'string', arg: 'N', help: "seeds for a loadtest's band, 1 to 64" },
    format: { type: 'string', arg: 'F', help: 'text (default) or json' },
  },
};

/** Prints the judged comparison; exit 1 when the verdict fails (known disagreements do not fail it). */
export function fidelityCommand(argv: readonly string[], ctx: CliContext): number {
  const args = parseCommandArgs('fidelity', argv, FIDELITY_SPEC);
  if (handledHelp(ctx, () => commandHelp('fidelity', FIDELITY_SPEC), args)) return EXIT.ok;
  const format = parseChoice(stringFlag(args, 'format') ?? 'text', '--format', ['text', 'json'] as const);
  const trace = parsePath(positional('fidelity', args, FIDELITY_SPEC, 0), '<trace.jsonl>');
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
