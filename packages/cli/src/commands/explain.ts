/**
 * `scavsim explain`: why RSS exceeds HeapInuse at a moment, by cause, in actionable words.
 *
 * @module
 */
import { ScavsimError } from '@scavsim/core';
import { describeGap, gapBreakdown, processesOf, runDurationMs, sampleAtOrBefore } from '@scavsim/report';
import { commandHelp, parseChoice, parseCommandArgs, parseTime, positional, stringFlag } from '../args.js';
import type { CommandSpec } from '../args.js';
import { EXIT } from '../context.js';
import type { CliContext } from '../context.js';
import { overrideFlags, parseOverrides } from '../overrides.js';
import { handledHelp, runWithProgress } from './shared.js';

/** What `explain` accepts; its help. */
export const EXPLAIN_SPEC: CommandSpec = {
  positionals: ['name|file.json'],
  usage: '<name|file.json> --at T [--process P] [options]',
  description: `Split RSS − HeapInuse at simulated time T into its causes: free heap not yet scavenged,
the scavenger's retained buffer, memory released with MADV_FREE that is still resident,
and non-heap memory, with what to do about each.`,
  flags: {
    at: { type: 'string', arg: 'T', help: 'simulated time, e.g. 90s, 5min (required)' },
    process: { type: 'string', arg: 'P', help: 'only this process' },
    format: { type: 'string', arg: 'F', help: 'text (default) or json' },
    ...overrideFlags(false),
  },
};

/** Runs the scenario and explains the gap of each Go process at `--at`. */
export function explainCommand(argv: readonly string[], ctx: CliContext): number {
  const args = parseCommandArgs('explain', argv, EXPLAIN_SPEC);
  if (handledHelp(ctx, () => commandHelp('explain', EXPLAIN_SPEC), args)) return EXIT.ok;
  const atRaw = stringFlag(args, 'at');
  if (atRaw === undefined) throw new ScavsimError('E_PARSE', '--at', 'required: the simulated time to explain, e.g. --at 90s');
  const at = parseTime(atRaw, '--at');
  const format = parseChoice(stringFlag(args, 'format') ?? 'text', '--format', ['text', 'json'] as const);
  const only = stringFlag(args, 'process');
  const overrides = parseOverrides(args);
  const scenario = positional('explain', args, EXPLAIN_SPEC, 0);

  const result = runWithProgress(ctx, scenario, overrides);
  const end = runDurationMs(result);
  if (at > end) {
    throw new ScavsimError('E_RANGE', '--at', `${at / 1000} s is after the end of the run`, `a time from 0 to ${end / 1000} s`);
  }
  const groups = processesOf(result);
  const chosen = only === undefined ? groups : groups.filter((g) => g.name === only);
  if (chosen.length === 0) {
    throw new ScavsimError('E_UNKNOWN_NAME', '--process', `no process named "${only ?? ''}"`, groups.map((g) => g.name).join(', '));
  }
  const go = result.header['go_version'];
  const explained = chosen.flatMap(({ name, samples }) => {
    const s = sampleAtOrBefore(samples, at);
    const b = s === undefined ? undefined : gapBreakdown(s, go);
    return b === undefined ? [] : [{ name, b }];
  });
  if (explained.length === 0) {
    throw new ScavsimError('E_UNKNOWN_NAME', '--process', 'no Go process with VmRSS and MemStats at that time');
  }
  if (format === 'json') {
    ctx.io.stdout.write(`${JSON.stringify(explained.map(({ name, b }) => ({ ...b, process: name })), null, 2)}\n`);
    return EXIT.ok;
  }
  for (const { name, b } of explained) {
    ctx.io.stdout.write(`${result.header.scenario}, process ${name}, at ${b.t_ms / 1000} s:\n`);
    ctx.io.stdout.write(`${describeGap(b, go).join('\n')}\n`);
  }
  return EXIT.ok;
}
