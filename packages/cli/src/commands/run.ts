/**
 * `scavsim run`: run a scenario and print or save its outcome.
 *
 * @module
 */
import { ScavsimError, type RunResult } from '@scavsim/core';
import { csvWriter, jsonlWriter, renderSvg, renderTerminalChart, SampleFieldUnion, toCsv, toSummary, type JsonlWriter } from '@scavsim/report';
import type { RunOverrides } from '@scavsim/scenarios';
import { commandHelp, boolFlag, parseChoice, parseCommandArgs, parsePath, positional, stringFlag } from '../args.js';
import type { CommandSpec } from '../args.js';
import { EXIT, useColor } from '../context.js';
import type { CliContext } from '../context.js';
import { overrideFlags, parseOverrides } from '../overrides.js';
import { handledHelp, streamedOutput, withProgress, writeOutput, type StreamedOutput } from './shared.js';
import type { RunStream, ScenarioOutcome } from '../deps.js';
import { figuresTable, type LabelledRun } from '../figures-table.js';
import { paint } from '../table.js';

/** Output formats of `run`. */
export const RUN_FORMATS = ['summary', 'jsonl', 'csv'] as const;

/** What `run` accepts; its help. */
export const RUN_SPEC: CommandSpec = {
  positionals: ['name|file.json'],
  description: 'Run a scenario and print its outcome.',
  flags: {
    ...overrideFlags(false),
    format: { type: 'string', arg: 'F', help: 'summary (default), jsonl (probe trace format) or csv; jsonl and csv are written as the run makes them' },
    events: { type: 'boolean', help: 'with --format jsonl: also write event lines ({"ev":...})' },
    out: { type: 'string', arg: 'F', help: 'write the formatted output to file F instead of stdout' },
    svg: { type: 'string', arg: 'F', help: 'write an SVG chart of RSS, HeapInuse, HeapReleased, LazyFree to F' },
    trace: { type: 'boolean', help: "print the runtime's gctrace/scavtrace lines to stderr (with --godebug gctrace=1 or scavtrace=1)" },
    chart: { type: 'boolean', help: 'print a terminal chart (to stderr when stdout carries jsonl/csv)' },
  },
};

/**
 * Runs one scenario with its variants; see `scavsim help run`. Exits 1 when one of the
 * scenario's claims does not hold, 0 otherwise (an OOM kill is an outcome, stated in the
 * summary, not a failure of the command).
 */
export function runCommand(argv: readonly string[], ctx: CliContext): number {
  const args = parseCommandArgs('run', argv, RUN_SPEC);
  if (handledHelp(ctx, () => commandHelp('run', RUN_SPEC), args)) return EXIT.ok;
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
  const scenario = positional('run', args, RUN_SPEC, 0);

  // JSONL and CSV are written as the run makes its samples, so memory does not grow with the
  // run's duration; the samples are kept only for a chart (and for the claims, by the deps).
  const keepSamples = chart || svg !== undefined;
  const outcome = format === 'summary'
    ? withProgress(ctx, scenario, (onProgress) => ctx.deps.runScenarioSet(scenario, overrides, { onProgress }))
    : streamRun(ctx, scenario, overrides, { format, events, out, keepSamples, keepEvents: trace || keepSamples });
  const { result } = outcome;
  const runs = [{ label: outcome.variants.length > 0 ? ownLabel(result) : result.header.scenario, result }, ...outcome.variants];
  if (format === 'summary') {
    const text = summaryText(outcome, runs, out === undefined && useColor(ctx.io, ctx.io.stdout));
    if (out === undefined) ctx.io.stdout.write(text);
    else writeOutput(ctx, '--out', out, text);
  }
  if (svg !== undefined) writeOutput(ctx, '--svg', svg, renderSvg(runs.length > 1 ? runs : result, { title: outcome.title }));
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
    for (const run of runs) stream.write(`\n${renderTerminalChart(run.result, { color: useColor(ctx.io, stream), title: run === runs[0] ? outcome.title : run.label })}`);
  }
  return outcome.claims?.some((c) => !c.pass) === true ? EXIT.failed : EXIT.ok;
}

/**
 * How the scenario's own run is labelled beside its variants (a column of the table, a panel of
 * the chart): what it runs, since variants are named by what they change (`1.13`, `kernel-4.9`).
 */
function ownLabel(result: RunResult): string {
  const h = result.header;
  const what = [typeof h['go_version'] === 'string' ? h['go_version'] : undefined, typeof h['kernel'] === 'string' ? `kernel ${h['kernel']}` : undefined];
  return `scenario (${what.filter((x) => x !== undefined).join(', ')})`;
}

/** How {@link streamRun} writes. */
interface StreamOptions {
  readonly format: 'jsonl' | 'csv';
  /** JSONL event lines. */
  readonly events: boolean;
  /** The `--out` file (stdout when undefined). */
  readonly out: string | undefined;
  /** Keep the samples in the result (for a chart). */
  readonly keepSamples: boolean;
  /** Keep the events in the result (for `--trace` and charts). */
  readonly keepEvents: boolean;
}

/**
 * Runs the scenario with its output written as the samples are made. CSV's header row is the
 * union of the fields of every sample, known only at the end: when the samples were not kept,
 * the run (deterministic) is made a second time to write the rows under the header the first
 * one found.
 */
function streamRun(ctx: CliContext, scenario: string, overrides: RunOverrides, o: StreamOptions): ScenarioOutcome {
  const output = streamedOutput(ctx, '--out', o.out);
  try {
    let outcome: ScenarioOutcome;
    if (o.format === 'jsonl') {
      let writer: JsonlWriter | undefined;
      const stream: RunStream = {
        keepSamples: o.keepSamples, keepEvents: o.keepEvents,
        onHeader: (header) => (writer = jsonlWriter(output.write, header, { events: o.events })),
        onSample: (sample) => writer!.onSample(sample),
        ...(o.events ? { onEvent: (event) => writer!.onEvent(event) } : {}),
      };
      outcome = withProgress(ctx, scenario, (onProgress) => ctx.deps.runScenarioSet(scenario, overrides, { onProgress, stream, variants: o.keepSamples }));
      writer?.end();
    } else {
      const union = new SampleFieldUnion();
      const stream: RunStream = { keepSamples: o.keepSamples, keepEvents: o.keepEvents, onSample: (sample) => union.add(sample) };
      outcome = withProgress(ctx, scenario, (onProgress) => ctx.deps.runScenarioSet(scenario, overrides, { onProgress, stream, variants: o.keepSamples }));
      if (outcome.result.samples.length > 0) output.write(toCsv(outcome.result));
      else writeCsvRows(ctx, scenario, overrides, union.fields(), output);
    }
    output.close();
    return outcome;
  } catch (e) {
    output.abandon();
    throw e;
  }
}

/** The second pass of a streamed CSV: the rows, under the columns the first pass found. */
function writeCsvRows(ctx: CliContext, scenario: string, overrides: RunOverrides, fields: readonly string[], output: StreamedOutput): void {
  const writer = csvWriter(output.write, fields);
  if (fields.length === 0) return;
  withProgress(ctx, `${scenario} (CSV rows)`, (onProgress) => ctx.deps.runScenario(scenario, overrides, onProgress, { keepSamples: false, keepEvents: false, onSample: (s) => writer.onSample(s) }));
}

/** The summary, then (for a scenario with variants) every run side by side, then the claims. */
function summaryText(outcome: ScenarioOutcome, runs: readonly LabelledRun[], color: boolean): string {
  let text = `${outcome.title}\n\n${toSummary(outcome.result)}`;
  if (runs.length > 1) text += `\nthe scenario and its variants:\n${figuresTable(runs, color)}`;
  if (outcome.claims !== undefined && outcome.claims.length > 0) {
    text += '\nclaims:\n';
    for (const c of outcome.claims) text += `  ${c.pass ? paint(color, 'green', 'holds') : paint(color, 'red', 'FAILS')}  ${c.text}\n         ${c.detail}\n`;
  } else if (outcome.claims === undefined) {
    text += '\nclaims: not checked (a scenario file, or overrides that change the scenario)\n';
  }
  return text;
}
