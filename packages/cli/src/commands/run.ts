/**
 * `scavsim run`: run a scenario and print or save its outcome.
 *
 * @module
 */
import { ScavsimError } from '@scavsim/core';
import { renderSvg, renderTerminalChart, toCsv, toJsonl, toSummary } from '@scavsim/report';
import { boolFlag, parseChoice, parseCommandArgs, parsePath, positional, stringFlag } from '../args.js';
import type { CommandSpec } from '../args.js';
import { EXIT, useColor } from '../context.js';
import type { CliContext } from '../context.js';
import { overrideFlags, parseOverrides } from '../overrides.js';
import { handledHelp, runWithProgress } from './shared.js';

/** Output formats of `run`. */
export const RUN_FORMATS = ['summary', 'jsonl', 'csv'] as const;

const SPEC: CommandSpec = {
  flags: {
    ...overrideFlags(false),
    format: { type: 'string' }, out: { type: 'string' }, svg: { type: 'string' },
    chart: { type: 'boolean' }, events: { type: 'boolean' }, trace: { type: 'boolean' },
  },
  positionals: ['name|file.json'],
};

/** Runs one scenario; see `scavsim help run`. */
export function runCommand(argv: readonly string[], ctx: CliContext): number {
  const args = parseCommandArgs('run', argv, SPEC);
  if (handledHelp(ctx, 'run', args)) return EXIT.ok;
  // Validate every flag before the (possibly long) run starts.
  const overrides = parseOverrides(args);
  const format = parseChoice(stringFlag(args, 'format') ?? 'summary', '--format', RUN_FORMATS);
  const outRaw = stringFlag(args, 'out');
  const out = outRaw === undefined ? undefined : parsePath(outRaw, '--out');
  const svgRaw = stringFlag(args, 'svg');
  const svg = svgRaw === undefined ? undefined : parsePath(svgRaw, '--svg');
  const chart = boolFlag(args, 'chart');
  const events = boolFlag(args, 'events');
  const trace = boolFlag(args, 'trace');
  if (events && format !== 'jsonl') {
    throw new ScavsimError('E_CONFLICT', '--events', `event lines exist only in JSONL; add --format jsonl (got --format ${format})`);
  }
  const scenario = positional('run', args, SPEC, 0);

  const result = runWithProgress(ctx, scenario, overrides);
  const text = format === 'jsonl' ? toJsonl(result, { events }) : format === 'csv' ? toCsv(result) : toSummary(result);
  if (out === undefined) ctx.io.stdout.write(text);
  else ctx.io.writeFile(out, text);
  if (svg !== undefined) ctx.io.writeFile(svg, renderSvg(result, { title: result.header.scenario }));
  if (trace) {
    // The runtime's own stderr: gctrace / scvg / scavtrace lines, in each version's format
    // (they appear when the scenario's GODEBUG, or --godebug, enables them).
    const lines = result.events.filter((e) => e.kind === 'trace' && e.text !== undefined).map((e) => `${e.process ?? ''}${e.process ? ': ' : ''}${e.text}\n`);
    if (lines.length === 0) ctx.io.stderr.write('scavsim: no trace lines; enable them with --godebug gctrace=1 or --godebug scavtrace=1\n');
    for (const l of lines) ctx.io.stderr.write(l);
  }
  if (chart) {
    // Keep machine-readable stdout clean: the chart goes to stderr then.
    const stream = out === undefined && format !== 'summary' ? ctx.io.stderr : ctx.io.stdout;
    stream.write(`\n${renderTerminalChart(result, { color: useColor(ctx.io, stream), title: result.header.scenario })}`);
  }
  return EXIT.ok;
}
