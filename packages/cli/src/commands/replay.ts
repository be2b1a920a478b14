/**
 * `scavsim replay <file>...`: a service's own telemetry, fitted, replayed, checked, and its
 * what-ifs answered. The work is `@scavsim/replay`'s; this command only streams the files in
 * (so a 1 GB log is read with flat memory), reads the flags and writes the outputs.
 *
 * @module
 */
import { createReadStream, statSync } from 'node:fs';
import { ScavsimError } from '@scavsim/core';
import { renderSvg, renderTerminalChart, toCsv, toJsonl } from '@scavsim/report';
import {
  chartVariants, fitRun, formatReplaySummary, parseWhatIf, readTelemetry, replay, setFlag, SETTING_FLAGS,
  type ObservedSettings, type TelemetryFile,
} from '@scavsim/replay';
import { commandHelp, boolFlag, listFlag, parseChoice, parseCommandArgs, parsePath, parseTime, stringFlag } from '../args.js';
import type { CommandSpec } from '../args.js';
import { EXIT, useColor } from '../context.js';
import type { CliContext } from '../context.js';
import { handledHelp, writeOutput } from './shared.js';

/** Output formats of `replay`. */
export const REPLAY_FORMATS = ['summary', 'jsonl', 'csv'] as const;

/** Most files one replay reads. */
const MAX_FILES = 32;

/** The help of each setting flag: what you know of the observed run. */
const SETTING_HELP: Readonly<Record<(typeof SETTING_FLAGS)[number], readonly [string, string]>> = {
  go: ['V', 'Go version (1.19.8, go1.21)'],
  kernel: ['V', 'kernel release (6.1.0)'],
  godebug: ['k=v', 'GODEBUG of the run, e.g. madvdontneed=0 (repeatable)'],
  gogc: ['N', 'GOGC (integer or off)'],
  gomemlimit: ['SIZE', 'GOMEMLIMIT (2GiB, bytes, or off)'],
  'mem-total': ['SIZE', "the machine's memory"],
  swap: ['SIZE', "the machine's swap"],
  thp: ['MODE', 'transparent huge pages: always, madvise or never'],
  'cgroup-limit': ['SIZE', "the container's memory limit (or off)"],
  gomaxprocs: ['N', 'GOMAXPROCS'],
};

/** What `replay` accepts; its help. */
export const REPLAY_SPEC: CommandSpec = {
  positionals: Array.from({ length: MAX_FILES }, () => 'file'),
  usage: '<file>... [options]',
  description: `Replay a Go service's own telemetry: read the files of one run (GODEBUG=gctrace=1/scavtrace=1
logs of Go 1.11-1.26, a Prometheus query_range JSON export, CSV with a time column, JSONL probe
traces), fit its workload and settings, replay it under the observed settings, print the error
per series and why, and answer what-ifs. The settings flags say what you know of the observed
run; it wins over what the telemetry suggests.`,
  flags: {
    ...Object.fromEntries(SETTING_FLAGS.map((f) => [f, { type: 'string', multiple: f === 'godebug', arg: SETTING_HELP[f][0], help: SETTING_HELP[f][1] }])),
    'what-if': { type: 'string', multiple: true, arg: 'SPEC', help: "a variant, keys as the flags above: 'go=1.16', 'godebug=madvdontneed=1,gogc=50' (repeatable)" },
    format: { type: 'string', arg: 'F', help: "summary (default), jsonl (probe trace format; t_ms on the telemetry's clock) or csv: the samples of the one --what-if, or of the fitted replay without one" },
    out: { type: 'string', arg: 'F', help: 'write the formatted output to F instead of stdout' },
    svg: { type: 'string', arg: 'F', help: 'write an SVG chart: observed, fitted and each what-if' },
    chart: { type: 'boolean', help: 'print a terminal chart of each (to stderr when stdout carries jsonl/csv)' },
    'emit-scenario': { type: 'string', arg: 'F', help: 'write the fitted workload as a scenario file (scavsim run F)' },
    at: { type: 'string', arg: 'T', help: "with the summary: split each variant's RSS gap at time T (e.g. 190s) by cause" },
  },
};

/** A file on disk as chunks of text, streamed. */
function fileOf(path: string): TelemetryFile {
  try {
    if (!statSync(path).isFile()) throw new Error('not a file');
  } catch {
    throw new ScavsimError('E_UNKNOWN_NAME', path, 'cannot read the file', 'a readable telemetry file');
  }
  return { name: path, chunks: createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 }) as AsyncIterable<string> };
}

/** Replays telemetry; see `scavsim help replay`. */
export async function replayCommand(argv: readonly string[], ctx: CliContext): Promise<number> {
  const args = parseCommandArgs('replay', argv, REPLAY_SPEC);
  if (handledHelp(ctx, () => commandHelp('replay', REPLAY_SPEC), args)) return EXIT.ok;
  const observed: Record<string, unknown> = {};
  for (const f of SETTING_FLAGS) {
    for (const v of f === 'godebug' ? listFlag(args, f) : [stringFlag(args, f)].filter((x): x is string => x !== undefined)) setFlag(observed, f, v, `--${f}`);
  }
  const whatIfs = listFlag(args, 'what-if').map((w) => parseWhatIf(w));
  const format = parseChoice(stringFlag(args, 'format') ?? 'summary', '--format', REPLAY_FORMATS);
  const path = (name: string): string | undefined => {
    const raw = stringFlag(args, name);
    return raw === undefined ? undefined : parsePath(raw, `--${name}`);
  };
  const out = path('out');
  const svg = path('svg');
  const emit = path('emit-scenario');
  const atRaw = stringFlag(args, 'at');
  const at = atRaw === undefined ? undefined : parseTime(atRaw, '--at');
  if (format !== 'summary' && whatIfs.length > 1) {
    throw new ScavsimError('E_CONFLICT', '--what-if', `--format ${format} writes one variant's samples; given ${whatIfs.length} what-ifs`, 'at most one --what-if with --format jsonl or csv');
  }
  if (args.positionals.length === 0) throw new ScavsimError('E_PARSE', '<file>', 'missing (usage: scavsim help replay)');

  const telemetry = await readTelemetry(args.positionals.map(fileOf));
  const fit = fitRun(telemetry, observed as ObservedSettings);
  if (emit !== undefined) writeOutput(ctx, '--emit-scenario', emit, `${JSON.stringify(fit.scenario, null, 2)}\n`);
  const r = replay(fit, whatIfs);
  const variant = r.whatIfs[0] ?? r.fitted;
  const text = format === 'jsonl' ? toJsonl(variant.result) : format === 'csv' ? toCsv(variant.result) : formatReplaySummary(r, at);
  if (out === undefined) ctx.io.stdout.write(text);
  else writeOutput(ctx, '--out', out, text);
  if (svg !== undefined) writeOutput(ctx, '--svg', svg, renderSvg(chartVariants(r), { title: `replay of ${telemetry.files.map((f) => f.name).join(' + ')}` }));
  if (boolFlag(args, 'chart')) {
    const stream = out === undefined && format !== 'summary' ? ctx.io.stderr : ctx.io.stdout;
    for (const v of chartVariants(r)) stream.write(`\n${renderTerminalChart(v.result, { color: useColor(ctx.io, stream), title: v.label })}`);
  }
  return EXIT.ok;
}
