/**
 * A compact text chart of a run, for the terminal (`pnpm start`, `scavsim run --chart`).
 *
 * Each curve of {@link CHART_SERIES} gets its own glyph so the chart reads without colour:
 * `#` VmRSS, `=` HeapInuse, `+` HeapReleased, `~` LazyFree. Time runs left to right, one
 * column per time bin holding the bin's last sample; a change between neighbouring columns is
 * drawn as a vertical stroke so sudden drops (FreeOSMemory, reclaim) stay visible. Where curves
 * share a cell VmRSS wins, then HeapInuse, LazyFree, HeapReleased, so RSS is never hidden. A row under the axis marks
 * events: `g` GC, `s` scavenger work, `F` FreeOSMemory, `R` reclaim, `X` OOM kill (the rarest,
 * most telling event wins a shared column). Axes are in MiB and simulated seconds.
 *
 * @module
 */
import { MiB, ScavsimError, checkInt } from '@scavsim/core';
import type { RunResult } from '@scavsim/core';
import { processesOf } from '../formats/processes.js';
import { CHART_SERIES } from './series.js';
import type { ChartSeries } from './series.js';

/** Options of {@link renderTerminalChart}. */
export interface TerminalChartOptions {
  /** Plot columns, 20–300. Default 70. */
  readonly width?: number;
  /** Plot rows, 5–100. Default 15. */
  readonly height?: number;
  /** Only this process. Default: every process, one chart each. */
  readonly process?: string;
  /** Colour glyphs with ANSI escapes. Default false. */
  readonly color?: boolean;
  /** A line printed above each chart (the process name is appended). */
  readonly title?: string;
}

/** Glyph per curve. */
export const SERIES_GLYPHS: Readonly<Record<ChartSeries, string>> = {
  VmRSS: '#', HeapInuse: '=', HeapReleased: '+', LazyFree: '~',
};
const ANSI: Readonly<Record<ChartSeries, string>> = {
  VmRSS: '\u001b[31m', HeapInuse: '\u001b[34m', HeapReleased: '\u001b[32m', LazyFree: '\u001b[35m',
};
const RESET = '\u001b[0m';
const DRAW_ORDER: readonly ChartSeries[] = ['HeapReleased', 'LazyFree', 'HeapInuse', 'VmRSS'];
/** Event glyphs, lowest priority first. */
export const EVENT_GLYPHS: ReadonlyArray<readonly [string, string]> = [
  ['gc', 'g'], ['scavenge', 's'], ['reclaim', 'R'], ['freeosmemory', 'F'], ['oom', 'X'],
];

/**
 * Renders a run as text charts (one per process, or the one `process`), each followed by a
 * legend. Ends with a newline.
 * @throws {@link ScavsimError} `E_RANGE` for bad sizes, `E_UNKNOWN_NAME` for an unknown process
 */
export function renderTerminalChart(result: RunResult, options: TerminalChartOptions = {}): string {
  const width = checkInt(options.width ?? 70, 'width', 20, 300);
  const height = checkInt(options.height ?? 15, 'height', 5, 100);
  const groups = processesOf(result);
  const chosen = options.process === undefined ? groups : groups.filter((g) => g.name === options.process);
  if (options.process !== undefined && chosen.length === 0) {
    throw new ScavsimError('E_UNKNOWN_NAME', '--process', `no process named "${options.process}"`,
      groups.map((g) => g.name).join(', '));
  }
  const endMs = Math.max(1, result.samples.at(-1)?.t_ms ?? 0);
  const charts = chosen.map(({ name, samples }) => {
    // Events of this process; unnamed events, and all events of a single-process run (whose
    // samples may be unnamed while its events name the process), belong to every chart.
    const events = result.events.filter((e) => groups.length === 1 || e.process === undefined || e.process === name);
    const heading = [options.title, `process ${name}`]
      .filter((x) => x !== undefined).join(' · ');
    return drawOne(samples, events, { width, height, endMs, color: options.color === true, heading });
  });
  return charts.join('\n');
}

interface DrawOptions { width: number; height: number; endMs: number; color: boolean; heading: string }

function drawOne(
  samples: RunResult['samples'], events: RunResult['events'], o: DrawOptions,
): string {
  // Column values: the last sample in each column's time bin, carried forward over empty bins.
  const cols = new Map<ChartSeries, (number | undefined)[]>();
  for (const s of CHART_SERIES) cols.set(s, new Array<number | undefined>(o.width).fill(undefined));
  const colOf = (t: number): number => Math.min(o.width - 1, Math.floor((t / o.endMs) * o.width));
  let max = 0;
  for (const smp of samples) {
    for (const s of CHART_SERIES) {
      const v = smp[s];
      if (typeof v !== 'number') continue;
      cols.get(s)![colOf(smp.t_ms)] = v / MiB;
      max = Math.max(max, v / MiB);
    }
  }
  const top = niceTop(max);
  const rowOf = (mib: number): number => Math.round((mib / top) * (o.height - 1));
  const grid: string[][] = Array.from({ length: o.height }, () => new Array<string>(o.width).fill(' '));
  const owner: (ChartSeries | undefined)[][] = Array.from({ length: o.height }, () => new Array<ChartSeries | undefined>(o.width).fill(undefined));
  const present = CHART_SERIES.filter((s) => cols.get(s)!.some((v) => v !== undefined));
  // Draw lowest priority first so VmRSS ends on top; LazyFree beats HeapReleased because when
  // they coincide the release was lazy, which is the more telling fact.
  for (const s of DRAW_ORDER.filter((x) => present.includes(x))) {
    const vals = cols.get(s)!;
    let prev: number | undefined;
    for (let c = 0; c < o.width; c++) {
      const v = vals[c] ?? (prev === undefined ? undefined : prev);
      if (v === undefined) continue;
      const r = rowOf(v);
      const from = prev === undefined ? r : rowOf(prev);
      for (let y = Math.min(r, from); y <= Math.max(r, from); y++) {
        grid[y]![c] = SERIES_GLYPHS[s];
        owner[y]![c] = s;
      }
      prev = v;
    }
  }
  const marks = new Array<string>(o.width).fill(' ');
  const rank = new Array<number>(o.width).fill(-1);
  for (const e of events) {
    const k = EVENT_GLYPHS.findIndex(([kind]) => kind === e.kind);
    const c = colOf(e.t_ms);
    if (k > rank[c]!) { rank[c] = k; marks[c] = EVENT_GLYPHS[k]![1]; }
  }
  const label = (mib: number): string => formatMib(mib).padStart(6);
  const lines: string[] = [];
  if (o.heading !== '') lines.push(o.heading);
  lines.push('   MiB');
  for (let y = o.height - 1; y >= 0; y--) {
    const tick = y === o.height - 1 || y === 0 || y === Math.round((o.height - 1) / 2);
    const cells = grid[y]!.map((ch, c) => {
      const s = owner[y]![c];
      return o.color && s !== undefined ? `${ANSI[s]}${ch}${RESET}` : ch;
    }).join('');
    lines.push(`${tick ? label((y / (o.height - 1)) * top) : '      '} ${tick ? '┤' : '│'}${cells}`.trimEnd());
  }
  lines.push(`${' '.repeat(7)}└${'─'.repeat(o.width)}`);
  lines.push(`${' '.repeat(8)}${timeAxis(o.width, o.endMs)}`);
  if (marks.some((m) => m !== ' ')) lines.push(`${'events'.padStart(6)}  ${marks.join('').trimEnd()}`);
  lines.push(`${' '.repeat(8)}${present.map((s) => `${SERIES_GLYPHS[s]} ${s}`).join('  ')}`);
  const used = EVENT_GLYPHS.filter(([, g]) => marks.includes(g));
  if (used.length > 0) lines.push(`${' '.repeat(8)}${used.map(([k, g]) => `${g} ${k}`).join('  ')}`);
  return lines.join('\n') + '\n';
}

/** Tick labels in seconds at the start, quarters and end of the axis. */
function timeAxis(width: number, endMs: number): string {
  const row = new Array<string>(width + 8).fill(' ');
  for (const f of [0, 0.25, 0.5, 0.75, 1]) {
    const text = `${formatSeconds((endMs * f) / 1000)}s`;
    const at = Math.min(width + 8 - text.length, Math.max(0, Math.round(f * (width - 1)) - (f === 0 ? 0 : Math.floor(text.length / 2))));
    for (let i = 0; i < text.length; i++) row[at + i] = text[i]!;
  }
  return row.join('').trimEnd();
}

function formatSeconds(s: number): string {
  return s >= 100 || Number.isInteger(s) ? String(Math.round(s)) : s.toFixed(1);
}

function formatMib(mib: number): string {
  return mib >= 100 || Number.isInteger(mib) ? String(Math.round(mib)) : mib.toFixed(1);
}

/** Rounds a maximum up to a round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 × 10ⁿ). */
function niceTop(max: number): number {
  if (!(max > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * p >= max) return m * p;
  return 10 * p;
}
