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
import { boolFlag, listFlag, parseChoice, parseCommandArgs, parsePath, parseTime, stringFlag } from '../args.js';
import type { CommandSpec } from '../args.js';
import { EXIT, useColor } from '../context.js';
import type { CliContext } from '../context.js';
import { handledHelp } from './shared.js';

/** Output formats of `replay`. */
export const REPLAY_FORMATS = ['summary', 'jsonl', 'csv'] as const;

/** Most files one replay reads. */
const MAX_FILES = 32;

const SPEC: CommandSpec = {
  flags: {
    ...Object.fromEntries(SETTING_FLAGS.map((f) => [f, { type: 'string', multiple: f === 'godebug' }])),
    'what-if': { type: 'string', multiple: true },
    format: { type: 'string' }, out: { type: 'string' }, svg: { type: 'string' }, chart: { type: 'boolean' },
    'emit-scenario': { type: 'string' }, at: { type: 'string' },
  },
  positionals: Array.from({ length: MAX_FILES }, () => 'file'),
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
  const args = parseCommandArgs('replay', argv, SPEC);
  if (handledHelp(ctx, 'replay', args)) return EXIT.ok;
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
  if (emit !== undefined) ctx.io.writeFile(emit, `${JSON.stringify(fit.scenario, null, 2)}\n`);
  const r = replay(fit, whatIfs);
  const variant = r.whatIfs[0] ?? r.fitted;
  const text = format === 'jsonl' ? toJsonl(variant.result) : format === 'csv' ? toCsv(variant.result) : formatReplaySummary(r, at);
  if (out === undefined) ctx.io.stdout.write(text);
  else ctx.io.writeFile(out, text);
  if (svg !== undefined) ctx.io.writeFile(svg, renderSvg(chartVariants(r), { title: `replay of ${telemetry.files.map((f) => f.name).join(' + ')}` }));
  if (boolFlag(args, 'chart')) {
    const stream = out === undefined && format !== 'summary' ? ctx.io.stderr : ctx.io.stdout;
    for (const v of chartVariants(r)) stream.write(`\n${renderTerminalChart(v.result, { color: useColor(ctx.io, stream), title: v.label })}`);
  }
  return EXIT.ok;
}
