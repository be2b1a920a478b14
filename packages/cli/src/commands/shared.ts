/**
 * Pieces several commands share: running with a progress bar, and `--help` handling.
 *
 * @module
 */
import { ScavsimError, type RunResult } from '@scavsim/core';
import type { CliContext } from '../context.js';
import type { ProgressCallback } from '../deps.js';
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

/** Prints a command's help when `--help` was given; returns whether it did. */
export function handledHelp(ctx: CliContext, help: () => string, args: ParsedArgs): boolean {
  if (args.flags['help'] !== true) return false;
  ctx.io.stdout.write(`${help()}\n`);
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
    throw cannotWrite(flag, path, e);
  }
}

/** Output written in pieces: {@link streamedOutput}. */
export interface StreamedOutput {
  /** Appends text. */
  write(text: string): void;
  /** Writes what is gathered and closes the file. */
  close(): void;
  /** Closes the file without writing what is gathered (the run failed). */
  abandon(): void;
}

/** Pieces are gathered up to this many characters before they are written. */
const CHUNK_CHARS = 1 << 16;

/**
 * Standard output, or the file `path` named by `flag`, written in pieces as a run makes them
 * (gathered into chunks of 64 KiB). The file is opened at the first write, so a run whose
 * config is refused leaves no file behind; a path that cannot be written is reported as
 * {@link writeOutput} reports it.
 */
export function streamedOutput(ctx: CliContext, flag: string, path: string | undefined): StreamedOutput {
  let file: { write(text: string): void; close(): void } | undefined;
  let pending = '';
  const flush = (): void => {
    if (pending === '') return;
    if (path === undefined) ctx.io.stdout.write(pending);
    else {
      if (file === undefined) {
        try {
          file = ctx.io.openFile(path);
        } catch (e) {
          throw cannotWrite(flag, path, e);
        }
      }
      file.write(pending);
    }
    pending = '';
  };
  return {
    write(text) {
      pending += text;
      if (pending.length >= CHUNK_CHARS) flush();
    },
    close() {
      try {
        flush();
      } finally {
        file?.close();
      }
    },
    abandon() {
      pending = '';
      file?.close();
    },
  };
}

function cannotWrite(flag: string, path: string, e: unknown): ScavsimError {
  const code = (e as { code?: unknown }).code;
  const why = code === 'ENOENT' ? 'its directory does not exist' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : `cannot write it (${typeof code === 'string' ? code : 'error'})`;
  return new ScavsimError('E_PARSE', flag, `cannot write "${path}": ${why}`, 'a file path in a writable directory');
}
