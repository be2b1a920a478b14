/**
 * Pieces several commands share: running with a progress bar, and `--help` handling.
 *
 * @module
 */
import type { RunResult } from '@scavsim/core';
import type { CliContext } from '../context.js';
import { COMMAND_HELP } from '../help.js';
import { createProgress } from '../progress.js';
import type { RunOverrides } from '@scavsim/scenarios';
import type { ParsedArgs } from '../args.js';

/** Runs a scenario with a progress bar on stderr (shown only on a TTY after ~1 s). */
export function runWithProgress(
  ctx: CliContext, scenario: string, overrides: RunOverrides, label = scenario,
): RunResult {
  const progress = createProgress(ctx.io.stderr, { label, ...(ctx.io.now ? { now: ctx.io.now } : {}) });
  try {
    return ctx.deps.runScenario(scenario, overrides, (fraction) => progress.update(fraction));
  } finally {
    progress.finish();
  }
}

/** Prints a command's usage when `--help` was given; returns whether it did. */
export function handledHelp(ctx: CliContext, command: string, args: ParsedArgs): boolean {
  if (args.flags['help'] !== true) return false;
  ctx.io.stdout.write(`${COMMAND_HELP[command] ?? ''}\n`);
  return true;
}
