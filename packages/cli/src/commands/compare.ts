/**
 * `scavsim compare`: variants of one scenario side by side, one chart.
 *
 * @module
 */
import { renderSvg, renderTerminalChart } from '@scavsim/report';
import { figuresTable } from '../figures-table.js';
import { commandHelp, boolFlag, parseCommandArgs, parsePath, positional, stringFlag } from '../args.js';
import type { CommandSpec } from '../args.js';
import { EXIT, useColor } from '../context.js';
import type { CliContext } from '../context.js';
import { OVERRIDE_TABLE, overrideFlags, parseVariants } from '../overrides.js';
import { handledHelp, runWithProgress, writeOutput } from './shared.js';

/** What `compare` accepts; its help. */
export const COMPARE_SPEC: CommandSpec = {
  positionals: ['name|file.json'],
  usage: '<name|file.json> --go 1.15 --go 1.16 [options]',
  description: `Run several variants of one scenario and show them side by side. Repeat one or more of
${OVERRIDE_TABLE.filter((f) => f.varies).map((f) => `--${f.name}`).join(', ')}; repeated flags pair up by position and flags given once apply to every variant.`,
  flags: {
    ...overrideFlags(true),
    svg: { type: 'string', arg: 'F', help: 'write one SVG chart with a panel per variant' },
    chart: { type: 'boolean', help: 'print a terminal chart per variant' },
  },
};

/** A registered scenario's title (a scenario file is named by its path). */
function titleOf(ctx: CliContext, scenario: string): string {
  return ctx.deps.listScenarios().find((s) => s.name === scenario)?.title ?? scenario;
}

/**
 * Runs each variant and prints a table with one column per variant and process, its first row
 * whether and when the OOM killer killed it. Exits 0 whatever the runs show (an OOM kill is an
 * outcome of the simulated program, not a failure of the command).
 */
export function compareCommand(argv: readonly string[], ctx: CliContext): number {
  const args = parseCommandArgs('compare', argv, COMPARE_SPEC);
  if (handledHelp(ctx, () => commandHelp('compare', COMPARE_SPEC), args)) return EXIT.ok;
  const variants = parseVariants(args);
  const svgRaw = stringFlag(args, 'svg');
  const svg = svgRaw === undefined ? undefined : parsePath(svgRaw, '--svg');
  const scenario = positional('compare', args, COMPARE_SPEC, 0);
  const runs = variants.map((v) => ({
    label: v.label,
    result: runWithProgress(ctx, scenario, v.overrides, `${scenario} (${v.label})`),
  }));

  ctx.io.stdout.write(`${scenario}\n${figuresTable(runs, useColor(ctx.io, ctx.io.stdout))}`);

  if (svg !== undefined) writeOutput(ctx, '--svg', svg, renderSvg(runs, { title: `${titleOf(ctx, scenario)}: ${variants.map((v) => v.label).join(' vs ')}` }));
  if (boolFlag(args, 'chart')) {
    for (const { label, result } of runs) {
      ctx.io.stdout.write(`\n${renderTerminalChart(result, { color: useColor(ctx.io, ctx.io.stdout), title: label })}`);
    }
  }
  return EXIT.ok;
}
