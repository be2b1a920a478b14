/**
 * `scavsim compare`: variants of one scenario side by side, one chart.
 *
 * @module
 */
import { formatBytes } from '@scavsim/core';
import { processFigures, renderSvg, renderTerminalChart } from '@scavsim/report';
import { boolFlag, parseCommandArgs, parsePath, positional, stringFlag } from '../args.js';
import type { CommandSpec } from '../args.js';
import { EXIT, useColor } from '../context.js';
import type { CliContext } from '../context.js';
import { overrideFlags, parseVariants } from '../overrides.js';
import { handledHelp, runWithProgress } from './shared.js';

const SPEC: CommandSpec = {
  flags: { ...overrideFlags(true), svg: { type: 'string' }, chart: { type: 'boolean' } },
  positionals: ['name|file.json'],
};

/** Runs each variant and prints a table with one column per variant and process. */
export function compareCommand(argv: readonly string[], ctx: CliContext): number {
  const args = parseCommandArgs('compare', argv, SPEC);
  if (handledHelp(ctx, 'compare', args)) return EXIT.ok;
  const variants = parseVariants(args);
  const svgRaw = stringFlag(args, 'svg');
  const svg = svgRaw === undefined ? undefined : parsePath(svgRaw, '--svg');
  const scenario = positional('compare', args, SPEC, 0);
  const runs = variants.map((v) => ({
    label: v.label,
    result: runWithProgress(ctx, scenario, v.overrides, `${scenario} (${v.label})`),
  }));

  const columns = runs.flatMap(({ label, result }) => {
    const figures = processFigures(result);
    return figures.map((p) => ({ head: figures.length > 1 ? `${label} · ${p.name}` : label, p }));
  });
  const rows: [string, (c: (typeof columns)[number]) => string][] = [
    ['peak RSS', (c) => bytes(c.p.peakRss)],
    ['end RSS', (c) => bytes(c.p.end.VmRSS)],
    ['end HeapInuse', (c) => bytes(c.p.end.HeapInuse)],
    ['end HeapReleased', (c) => bytes(c.p.end.HeapReleased)],
    ['end LazyFree', (c) => bytes(c.p.end.LazyFree)],
    ['GCs', (c) => (c.p.gcs === undefined ? '–' : String(c.p.gcs))],
  ];
  const table = [['', ...columns.map((c) => c.head)], ...rows.map(([name, f]) => [name, ...columns.map(f)])];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  ctx.io.stdout.write(`${scenario}\n`);
  for (const r of table) ctx.io.stdout.write(`${r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')}\n`);

  if (svg !== undefined) ctx.io.writeFile(svg, renderSvg(runs, { title: `${scenario}: ${variants.map((v) => v.label).join(' vs ')}` }));
  if (boolFlag(args, 'chart')) {
    for (const { label, result } of runs) {
      ctx.io.stdout.write(`\n${renderTerminalChart(result, { color: useColor(ctx.io, ctx.io.stdout), title: label })}`);
    }
  }
  return EXIT.ok;
}

function bytes(b: number | undefined): string {
  return b === undefined ? '–' : formatBytes(b);
}
