/**
 * What every command receives: where to write, and what to call.
 *
 * @module
 */
import type { CliDeps } from './deps.js';
import type { ProgressStream } from './progress.js';
import { colorFor } from './table.js';

/** The process's streams and files, injectable for tests. */
export interface CliIO {
  /** Standard output (results). */
  readonly stdout: ProgressStream;
  /** Standard error (progress, notes, errors). */
  readonly stderr: ProgressStream;
  /** Writes a whole file (`--out`, `--svg`). */
  writeFile(path: string, text: string): void;
  /** Opens a file to write in pieces (streamed output); `close` when done. */
  openFile(path: string): { write(text: string): void; close(): void };
  /** Reads a whole text file (a sweep grid, sweep rows). */
  readFile(path: string): string;
  /** Environment variables (`NO_COLOR`, `FORCE_COLOR`, `TERM`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Wall clock for the progress bar; default `performance.now`. */
  readonly now?: () => number;
}

/** A command's world. */
export interface CliContext {
  /** Streams and files. */
  readonly io: CliIO;
  /** Engine, registry, policy and fidelity. */
  readonly deps: CliDeps;
}

/** A command: parses its own arguments, does its work, returns the exit code (`replay` reads files as streams, so asynchronously). */
export type Command = (argv: readonly string[], ctx: CliContext) => number | Promise<number>;

/** Exit codes: success, a check that failed (fidelity, stale docs), bad arguments or input. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** Whether to colour terminal output written to `stream` (`NO_COLOR`, `FORCE_COLOR`, a terminal: {@link colorFor}). */
export function useColor(io: CliIO, stream: ProgressStream): boolean {
  return colorFor(io.env, stream.isTTY);
}
