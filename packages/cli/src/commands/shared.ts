/**
 * Pieces several commands share: running with a progress bar, and `--help` handling.
 *
 * @module
 */
import { ScavsimError, type RunResult } from '@scavsim/core';
import type { CliContext } from '../context.js';
import type { ProgressCallback } from '../deps.js';
import { COMMAND_HELP } from '../help.js';
import { createProgress } from '../progress.js';
import type { RunOverrides } from '@scavsim/scenarios';
import type { ParsedArgs } from '../args.js';

/** Runs a scenario with a progress bar on stderr (shown only on a TTY after ~1 s). */
export function runWithProgress(
  ctx: CliContext, scenario: string, overrides: RunOverrides, label = scenario,
): RunResult {
  return withProgress(ctx, label, (onProgress) => ctx.deps.runScenario(scenario, overrides, onProgress));
}

/** Calls `work` with a progress callback drawing a bar labelled `label` on stderr. */
export function withProgress<T>(ctx: CliContext, label: string, work: (onProgress: ProgressCallback) => T): T {
  const progress = createProgress(ctx.io.stderr, { label, ...(ctx.io.now ? { now: ctx.io.now } : {}) });
  try {
    return work((fraction) => progress.update(fraction));
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

/**
 * Writes an output file named by `flag` (`--out`, `--svg`). A path that cannot be written (a
 * missing directory, a directory, no permission) is the user's input mistake: a
 * {@link ScavsimError} naming the flag, so the CLI exits 2 with one line.
 */
export function writeOutput(ctx: CliContext, flag: string, path: string, text: string): void {
  try {
    ctx.io.writeFile(path, text);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    const why = code === 'ENOENT' ? 'its directory does not exist' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : `cannot write it (${typeof code === 'string' ? code : 'error'})`;
    throw new ScavsimError('E_PARSE', flag, `cannot write "${path}": ${why}`, 'a file path in a writable directory');
  }
}
