/**
 * `scavsim compare`: variants of one scenario side by side, one chart.
 *
 * @module
 */
import { renderSvg, renderTerminalChart } from '@scavsim/report';
import { figuresTable } from '../figures-table.js';
import { boolFlag, parseCommandArgs, parsePath, positional, stringFlag } from '../args.js';
import type { CommandSpec } from '../args.js';
import { EXIT, useColor } from '../context.js';
import type { CliContext } from '../context.js';
import { overrideFlags, parseVariants } from '../overrides.js';
import { handledHelp, runWithProgress, writeOutput } from './shared.js';

const SPEC: CommandSpec = {
  flags: { ...overrideFlags(true), svg: { type: 'string' }, chart: { type: 'boolean' } },
  positionals: ['name|file.json'],
};

/**
 * Runs each variant and prints a table with one column per variant and process, its first row
 * whether and when the OOM killer killed it. Exits 0 whatever the runs show (an OOM kill is an
 * outcome of the simulated program, not a failure of the command).
 */
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

  ctx.io.stdout.write(`${scenario}\n${figuresTable(runs)}`);

  if (svg !== undefined) writeOutput(ctx, '--svg', svg, renderSvg(runs, { title: `${scenario}: ${variants.map((v) => v.label).join(' vs ')}` }));
  if (boolFlag(args, 'chart')) {
    for (const { label, result } of runs) {
      ctx.io.stdout.write(`\n${renderTerminalChart(result, { color: useColor(ctx.io, ctx.io.stdout), title: label })}`);
    }
  }
  return EXIT.ok;
}
