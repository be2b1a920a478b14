/**
 * `scavsim sweep <grid.json>` and `scavsim sweep merge <rows.jsonl>...`: many runs over a grid,
 * one row each, on a worker pool; a heatmap of one figure.
 *
 * Rows stream out in grid order as runs finish (CSV or JSONL), so memory stays flat however
 * large the grid (unless `--heatmap` asks for all of them at the end). `--shard i/n` runs one
 * deterministic slice, so a batch runner (a Kubernetes Indexed Job, a CI matrix, a Slurm array)
 * can spread a grid over machines; `sweep merge` joins the slices' JSONL, checking that they
 * come from the same grid and cover it exactly once. Recipe: docs/sweep.md.
 *
 * @module
 */
import { availableParallelism } from 'node:os';
import { GiB, ScavsimError } from '@scavsim/core';
import {
  NO_FIGURES, parseSweepRow, renderHeatmapSvg, sweepCsvHeader, sweepRowCsv, sweepRowJsonl, type HeatCell, type SweepRow,
} from '@scavsim/report';
import { commandHelp, parseChoice, parseCommandArgs, positional, stringFlag, parsePath } from '../args.js';
import type { CommandSpec } from '../args.js';
import { EXIT } from '../context.js';
import type { CliContext } from '../context.js';
import { createProgress } from '../progress.js';
import { OVERRIDE_FLAGS } from '../overrides.js';
import { overridesOf, parseGrid, parseShard, pointAt, shardIndexes, type Grid } from '../sweep-grid.js';
import type { SweepTask } from '../sweep-worker.js';
import { handledHelp, writeOutput } from './shared.js';

const OUTPUT_FLAGS: CommandSpec['flags'] = {
  format: { type: 'string', arg: 'F', help: 'csv (default) or jsonl (what sweep merge reads)' },
  out: { type: 'string', arg: 'F', help: 'write the rows to F instead of stdout' },
  heatmap: { type: 'string', arg: 'F', help: "write a heatmap SVG of the grid's heatmap figure to F" },
};

/** What `sweep` accepts; its help. */
export const SWEEP_SPEC: CommandSpec = {
  positionals: ['grid.json'],
  usage: '<grid.json> [--workers N] [--shard i/n] [--format csv|jsonl] [--out F] [--heatmap F.svg]',
  description: `Run every combination of a grid on a pool of worker processes, one row per run in grid order
(peak and end RSS, end LazyFree and HeapReleased, time for RSS to fall to half its peak, OOM
kill), and draw a heatmap of one figure. The grid lists values as written on the command line:
  {"scenario": ["incident-go1.15"], "go": ["1.15", "1.16"], "godebug": ["madvdontneed=0", "madvdontneed=1"],
   "kernel": ["4.14", "5.10"], "heatmap": {"x": "go", "value": "end_rss_bytes"}}
Keys: scenario, ${OVERRIDE_FLAGS.join(', ')}. A point the engine refuses gets its error in its row.`,
  flags: {
    workers: { type: 'string', arg: 'N', help: 'worker processes (default: the cores, at most 8; 0 runs in the main thread)' },
    shard: { type: 'string', arg: 'i/n', help: "run only the points whose index is i-1 modulo n (for batch runners); join the shards' --format jsonl output with scavsim sweep merge" },
    ...OUTPUT_FLAGS,
  },
};

/** What `sweep merge` accepts; its help. */
export const MERGE_SPEC: CommandSpec = {
  positionals: ['rows.jsonl', 'rows.jsonl…'],
  usage: '<rows.jsonl>... [--format csv|jsonl] [--out F] [--heatmap F.svg]',
  description: 'Join the --format jsonl rows of the shards of one grid (scavsim sweep --shard i/n) in grid order.',
  flags: OUTPUT_FLAGS,
};

/** The help of `sweep` and of `sweep merge`. */
export function sweepHelp(): string {
  return `${commandHelp('sweep', SWEEP_SPEC)}\n${commandHelp('sweep merge', MERGE_SPEC)}`;
}

/** The first line of a sweep's JSONL: which grid, and which slice of it. */
interface SweepHeader {
  readonly sweep: { readonly grid: Omit<Grid, 'total'>; readonly total: number; readonly shard: string | null };
}

/** Output options shared by `sweep` and `sweep merge`. */
interface Output {
  readonly format: 'csv' | 'jsonl';
  readonly out: string | undefined;
  readonly heatmap: string | undefined;
}

function outputOptions(args: Parameters<typeof stringFlag>[0]): Output {
  const out = stringFlag(args, 'out');
  const heatmap = stringFlag(args, 'heatmap');
  return {
    format: parseChoice(stringFlag(args, 'format') ?? 'csv', '--format', ['csv', 'jsonl'] as const),
    out: out === undefined ? undefined : parsePath(out, '--out'),
    heatmap: heatmap === undefined ? undefined : parsePath(heatmap, '--heatmap'),
  };
}

/** Runs a grid; see `scavsim help sweep`. */
export async function sweepCommand(argv: readonly string[], ctx: CliContext): Promise<number> {
  if (argv[0] === 'merge') return mergeCommand(argv.slice(1), ctx);
  const args = parseCommandArgs('sweep', argv, SWEEP_SPEC);
  if (handledHelp(ctx, sweepHelp, args)) return EXIT.ok;
  const output = outputOptions(args);
  const workersRaw = stringFlag(args, 'workers');
  const workers = workersRaw === undefined ? Math.min(availableParallelism(), 8) : parseWorkers(workersRaw);
  const shardRaw = stringFlag(args, 'shard');
  const shard = shardRaw === undefined ? undefined : parseShard(shardRaw);
  const gridPath = positional('sweep', args, SWEEP_SPEC, 0);
  const grid = parseGrid(readInput(ctx, gridPath, '<grid.json>'), gridPath);

  const indexes = [...shardIndexes(grid.total, shard)];
  const { keys, values, heatmap } = grid;
  const header: SweepHeader = { sweep: { grid: { keys, values, heatmap }, total: grid.total, shard: shard === undefined ? null : `${shard.i}/${shard.n}` } };
  const sink = openSink(ctx, output, grid, header);
  const progress = createProgress(ctx.io.stderr, { label: `sweep ${indexes.length} runs`, delayMs: 0, ...(ctx.io.now ? { now: ctx.io.now } : {}) });
  const now = ctx.io.now ?? (() => performance.now());
  const started = now();
  // Rows leave in grid order: a finished run waits here until every earlier one has finished.
  const waiting = new Map<number, SweepRow>();
  let next = 0;
  let done = 0;
  const tasks = (function* (): Generator<SweepTask> {
    for (const index of indexes) {
      const point = pointAt(grid, index);
      yield { index, scenario: point['scenario']!, overrides: overridesOf(point) };
    }
  })();
  try {
    await ctx.deps.runSweep(tasks, workers, (task, outcome) => {
      const point = pointAt(grid, task.index);
      waiting.set(task.index, 'error' in outcome ? { index: task.index, point, ...NO_FIGURES, error: outcome.error } : { index: task.index, point, ...outcome.figures, error: null });
      while (next < indexes.length && waiting.has(indexes[next]!)) {
        const row = waiting.get(indexes[next]!)!;
        waiting.delete(indexes[next]!);
        sink.row(row);
        next++;
      }
      progress.update(++done / indexes.length);
    });
  } finally {
    progress.finish();
    sink.close();
  }
  const secs = (now() - started) / 1000;
  ctx.io.stderr.write(`scavsim: sweep: ${indexes.length} runs in ${secs.toFixed(1)} s on ${workers} worker${workers === 1 ? '' : 's'} (${(indexes.length / Math.max(secs, 1e-9)).toFixed(2)} runs/s)\n`);
  return EXIT.ok;
}

/** Joins the JSONL of several shards; see `scavsim help sweep`. */
function mergeCommand(argv: readonly string[], ctx: CliContext): number {
  const args = parseCommandArgs('sweep merge', argv, MERGE_SPEC);
  if (handledHelp(ctx, sweepHelp, args)) return EXIT.ok;
  const output = outputOptions(args);
  const files = args.positionals;
  if (files.length === 0) throw new ScavsimError('E_PARSE', '<rows.jsonl>', 'missing: the JSONL files of the shards (scavsim sweep --shard i/n --format jsonl)');
  let header: SweepHeader['sweep'] | undefined;
  const rows = new Map<number, SweepRow>();
  for (const file of files) {
    const lines = readInput(ctx, file, '<rows.jsonl>').split('\n');
    const first = parseHeader(lines[0] ?? '', `${file}:1`);
    if (header === undefined) header = first;
    else if (JSON.stringify(first.grid) !== JSON.stringify(header.grid) || first.total !== header.total) {
      throw new ScavsimError('E_CONFLICT', file, `comes from another grid than ${files[0]}`, 'shards of one grid');
    }
    lines.slice(1).forEach((line, i) => {
      if (line.trim() === '') return;
      const row = parseSweepRow(line, `${file}:${i + 2}`);
      if (row.index >= first.total) throw new ScavsimError('E_RANGE', `${file}:${i + 2}`, `index ${row.index} is outside the grid`, `0 to ${first.total - 1}`);
      if (rows.has(row.index)) throw new ScavsimError('E_CONFLICT', `${file}:${i + 2}`, `point ${row.index} is in two shards`, 'each point once');
      rows.set(row.index, row);
    });
  }
  const missing = header!.total - rows.size;
  if (missing > 0) {
    const first = [...Array(header!.total).keys()].find((i) => !rows.has(i))!;
    throw new ScavsimError('E_PARSE', '<rows.jsonl>', `${missing} of ${header!.total} points are missing (the first: ${first}); is a shard left out?`, 'the JSONL of every shard');
  }
  const grid: Grid = { ...header!.grid, total: header!.total };
  const sink = openSink(ctx, output, grid, { sweep: { ...header!, shard: null } });
  try {
    for (let i = 0; i < grid.total; i++) sink.row(rows.get(i)!);
  } finally {
    sink.close();
  }
  return EXIT.ok;
}

function parseWorkers(raw: string): number {
  const n = /^\s*\d{1,3}\s*$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(n >= 0 && n <= 256)) throw new ScavsimError('E_PARSE', '--workers', `expected an integer from 0 to 256, got "${raw}"`, '0 runs in the main thread');
  return n;
}

function parseHeader(line: string, where: string): SweepHeader['sweep'] {
  let d: unknown;
  try {
    d = JSON.parse(line);
  } catch {
    d = undefined;
  }
  const h = (d as Partial<SweepHeader> | undefined)?.sweep;
  if (h === undefined || h === null || typeof h !== 'object' || !Number.isSafeInteger(h.total) || h.grid === null || typeof h.grid !== 'object' || !Array.isArray(h.grid.keys)) {
    throw new ScavsimError('E_PARSE', where, 'not the header of a sweep\'s JSONL', 'the output of scavsim sweep --format jsonl');
  }
  return h;
}

function readInput(ctx: CliContext, path: string, field: string): string {
  try {
    return ctx.io.readFile(path);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    throw new ScavsimError('E_UNKNOWN_NAME', field, `cannot read "${path}"${typeof code === 'string' ? ` (${code})` : ''}`, 'a readable file');
  }
}

interface Sink {
  row(row: SweepRow): void;
  close(): void;
}

/** Where rows go: stdout or `--out`, as CSV or JSONL; collected for the heatmap when asked. */
function openSink(ctx: CliContext, output: Output, grid: Grid, header: SweepHeader): Sink {
  let file: { write(text: string): void; close(): void } | undefined;
  if (output.out !== undefined) {
    try {
      file = ctx.io.openFile(output.out);
    } catch {
      writeOutput(ctx, '--out', output.out, ''); // throws the ScavsimError naming --out
    }
  }
  const write = (text: string): void => void (file ?? ctx.io.stdout).write(text);
  write(output.format === 'csv' ? sweepCsvHeader(grid.keys) : `${JSON.stringify(header)}\n`);
  const kept: SweepRow[] = [];
  return {
    row(row) {
      write(output.format === 'csv' ? sweepRowCsv(row, grid.keys) : sweepRowJsonl(row));
      if (output.heatmap !== undefined) kept.push(row);
    },
    close() {
      file?.close();
      if (output.heatmap !== undefined && kept.length > 0) writeOutput(ctx, '--heatmap', output.heatmap, heatmapSvg(grid, kept));
    },
  };
}

const FIGURE_LABELS: Readonly<Record<string, string>> = {
  peak_rss_bytes: 'peak RSS (GiB)', end_rss_bytes: 'end RSS (GiB)', end_lazyfree_bytes: 'end LazyFree (GiB)',
  end_heap_released_bytes: 'end HeapReleased (GiB)', time_to_half_ms: 'time for RSS to fall to half its peak (s)', oom_kill_ms: 'time of the OOM kill (s)',
};

/** The heatmap: the `x` key across, every other key that varies down, the figure in colour. */
export function heatmapSvg(grid: Pick<Grid, 'keys' | 'values' | 'heatmap'>, rows: readonly SweepRow[]): string {
  const { x, value } = grid.heatmap;
  const down = grid.keys.filter((k) => k !== x && grid.values[k]!.length > 1);
  const isBytes = value.endsWith('_bytes');
  const cells: HeatCell[] = rows.map((r) => {
    const v = r[value];
    return {
      x: r.point[x] ?? '',
      y: down.length === 0 ? 'all' : down.map((k) => (k === 'godebug' || k === 'scenario' ? r.point[k] : `${k} ${r.point[k]}`)).join(' · '),
      value: v,
      text: r.error !== null ? 'error' : v === null ? '–' : isBytes ? (v / GiB).toFixed(2) : (v / 1000).toFixed(0),
    };
  });
  const fixed = grid.keys.filter((k) => grid.values[k]!.length === 1).map((k) => `${k} ${grid.values[k]![0]}`);
  const title = `scavsim sweep: ${rows.length} runs${fixed.length > 0 ? ` (${fixed.join(', ')})` : ''}`;
  return renderHeatmapSvg(cells, { title, xLabel: x, yLabel: down.join(' · '), valueLabel: FIGURE_LABELS[value] ?? value });
}



