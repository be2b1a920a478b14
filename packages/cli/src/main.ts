#!/usr/bin/env node
/**
 * The `scavsim` command line: dispatch to a command, turn every input mistake into one line on
 * stderr and exit status 2.
 *
 * `pnpm scavsim …` runs this file from source (root `package.json`); installed, the package's
 * `bin` (`bin/scavsim.js`) runs the compiled `dist/main.js`. {@link main} takes its streams and dependencies
 * as arguments so tests can run the whole CLI in-process.
 *
 * @module
 */
import { closeSync, openSync, readFileSync, realpathSync, writeSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isScavsimError } from '@scavsim/core';
import { COMPARE_SPEC, compareCommand } from './commands/compare.js';
import { EXPLAIN_SPEC, explainCommand } from './commands/explain.js';
import { FIDELITY_SPEC, fidelityCommand } from './commands/fidelity.js';
import { LIST_SPEC, listCommand } from './commands/list.js';
import { POLICY_SPEC, policyCommand } from './commands/policy.js';
import { REPLAY_SPEC, replayCommand } from './commands/replay.js';
import { RUN_SPEC, runCommand } from './commands/run.js';
import { sweepCommand, sweepHelp } from './commands/sweep.js';
import { EXIT } from './context.js';
import type { CliContext, CliIO, Command } from './context.js';
import { defaultDeps } from './default-deps.js';
import type { CliDeps } from './deps.js';
import { mainHelp } from './help.js';
import { commandHelp, type CommandSpec } from './args.js';

/** Each command: what runs it, its help, its line in the top-level usage. */
const TABLE: Readonly<Record<string, { readonly run: Command; readonly help: () => string; readonly summary: string }>> = {
  list: { run: listCommand, help: () => commandHelp('list', LIST_SPEC), summary: 'list the named scenarios' },
  run: { run: runCommand, help: () => commandHelp('run', RUN_SPEC), summary: 'run a scenario (summary, JSONL, CSV, SVG or terminal chart)' },
  compare: { run: compareCommand, help: () => commandHelp('compare', COMPARE_SPEC), summary: 'run variants of a scenario side by side' },
  policy: { run: policyCommand, help: () => commandHelp('policy', POLICY_SPEC), summary: 'show the scavenging policy of a Go version on a kernel' },
  explain: { run: explainCommand, help: () => commandHelp('explain', EXPLAIN_SPEC), summary: 'split the RSS − HeapInuse gap at a moment by cause' },
  fidelity: { run: fidelityCommand, help: () => commandHelp('fidelity', FIDELITY_SPEC), summary: 'compare a recorded probe trace with its simulation' },
  sweep: { run: sweepCommand, help: sweepHelp, summary: 'run a grid of configs on a worker pool; rows, heatmap' },
  replay: { run: replayCommand, help: () => commandHelp('replay', REPLAY_SPEC), summary: "replay your service's telemetry (gctrace, Prometheus, CSV) and its what-ifs" },
  help: { run: helpCommand, help: () => commandHelp('help', HELP_SPEC), summary: 'show usage of a command' },
};

const HELP_SPEC: CommandSpec = { positionals: ['command'], usage: '[command]', description: 'Show usage.', flags: {} };

/** Commands by name. */
export const COMMANDS: Readonly<Record<string, Command>> = Object.fromEntries(Object.entries(TABLE).map(([name, c]) => [name, c.run]));

function helpCommand(argv: readonly string[], ctx: CliContext): number {
  const topic = argv[0];
  if (topic === undefined) {
    ctx.io.stdout.write(mainHelp(TABLE));
    return EXIT.ok;
  }
  const entry = Object.hasOwn(TABLE, topic) ? TABLE[topic] : undefined;
  if (entry === undefined) {
    ctx.io.stderr.write(`scavsim: ${oneLine(`<command>: unknown command "${topic}" (accepted: ${Object.keys(COMMANDS).join(', ')})`)}\n`);
    return EXIT.usage;
  }
  ctx.io.stdout.write(`${entry.help()}\n`);
  return EXIT.ok;
}

/** The real process streams and files. */
export function processIO(): CliIO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    writeFile: (path, text) => writeFileSync(path, text),
    openFile: (path) => {
      const fd = openSync(path, 'w');
      return { write: (text) => writeSync(fd, text), close: () => closeSync(fd) };
    },
    readFile: (path) => readFileSync(path, 'utf8'),
    env: process.env,
  };
}

/**
 * Runs the CLI and returns its exit status: 0 success, 1 a check failed, 2 bad arguments or
 * input (one line on stderr naming the argument).
 * @param argv arguments after the program name
 * @param io streams and files (default: the process's)
 * @param deps engine, registry, policy, fidelity (default: the real ones)
 */
export async function main(argv: readonly string[], io: CliIO = processIO(), deps?: CliDeps): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr.write('scavsim: <command>: missing (try scavsim help)\n');
    return EXIT.usage;
  }
  if (name === '--help' || name === '-h') return helpCommand([], { io, deps: deps ?? ({} as CliDeps) });
  try {
    const resolved = deps ?? defaultDeps();
    if (name === '--version') {
      io.stdout.write(`${resolved.version}\n`);
      return EXIT.ok;
    }
    const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (command === undefined) {
      io.stderr.write(`scavsim: ${oneLine(`<command>: unknown command "${name}" (accepted: ${Object.keys(COMMANDS).join(', ')})`)}\n`);
      return EXIT.usage;
    }
    return await command(rest, { io, deps: resolved });
  } catch (e) {
    if (isScavsimError(e)) {
      io.stderr.write(`scavsim: ${oneLine(e.message)}\n`);
      return EXIT.usage;
    }
    const err = e as { message?: unknown; stack?: unknown };
    io.stderr.write(`scavsim: internal error: ${oneLine(String(err.message ?? e))}\n`);
    if (io.env['SCAVSIM_DEBUG'] !== undefined && typeof err.stack === 'string') io.stderr.write(`${err.stack}\n`);
    return EXIT.failed;
  }
}

/** Longest error line printed; inputs echoed in messages can be a million characters long. */
export const MAX_ERROR_CHARS = 400;

/**
 * An error message as one safe terminal line: newlines folded, control characters (ESC
 * sequences, NUL from a trace file) shown escaped rather than sent to the terminal, and the
 * whole capped at {@link MAX_ERROR_CHARS}.
 */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  const safe = text.replace(/\s*\n\s*/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return safe.length <= MAX_ERROR_CHARS ? safe : `${safe.slice(0, MAX_ERROR_CHARS - 1)}…`;
}

/** Whether this module is the program being run (directly, via tsx, or through a bin symlink). */
function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

/**
 * Runs the CLI as a program: `process.argv`, the process's streams, its exit code. `scavsim`'s
 * bin (`bin/scavsim.js`) calls this; so does this module when it is the program (`pnpm scavsim`).
 */
export async function runFromCommandLine(): Promise<void> {
  // `scavsim run x --format jsonl | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  process.exitCode = await main(process.argv.slice(2));
}

if (isEntryPoint()) await runFromCommandLine();
