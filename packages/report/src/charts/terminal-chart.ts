/**
 * A compact text chart of a run, for the terminal (`pnpm start`, `scavsim run --chart`).
 *
 * Each curve of {@link DRAWN_SERIES} the run has gets its own glyph, so the chart reads without
 * colour (with colour, each glyph also has its curve's colour): `#` VmRSS, `o` HeapInuse,
 * `x` HeapReleased, `*` LazyFree, and for a process in a memory cgroup `u` its usage and `w`
 * its working set. Time runs left to right, one column per time bin holding the bin's last
 * sample; a change between neighbouring columns is drawn as a vertical stroke so sudden drops
 * (FreeOSMemory, reclaim) stay visible. Where curves share a cell their glyphs take turns
 * column by column, so a curve that runs with another (HeapReleased under LazyFree after a
 * lazy release, both under RSS) stays visible. A curve that spends a fifth of the run under a
 * tenth of the axis (100 MiB of HeapInuse under 3 GiB of RSS) would sit on the zero line: a
 * second panel below draws the curves again on a scale of its own, cut at its top. A row under the axis marks events: `g` GC, `s` scavenger
 * work, `F` FreeOSMemory, `R` reclaim, `X` OOM kill (the rarest, most telling event wins a
 * shared column). Axes are in MiB and simulated seconds; the legend names what is drawn.
 *
 * @module
 */
import { MiB, ScavsimError, checkInt } from '@scavsim/core';
import type { RunResult } from '@scavsim/core';
import { processesOf } from '../formats/processes.js';
import { DRAWN_SERIES, SERIES_LABELS } from './series.js';
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

/** Glyph per curve: none of them an operator, so the legend does not read as an equation. */
export const SERIES_GLYPHS: Readonly<Record<ChartSeries, string>> = {
  VmRSS: '#', HeapInuse: 'o', HeapReleased: 'x', LazyFree: '*', cg_usage: 'u', cg_working_set: 'w',
};
const ANSI: Readonly<Record<ChartSeries, string>> = {
  VmRSS: '\u001b[31m', HeapInuse: '\u001b[34m', HeapReleased: '\u001b[32m', LazyFree: '\u001b[35m',
  cg_usage: '\u001b[33m', cg_working_set: '\u001b[36m',
};
const RESET = '\u001b[0m';
/** Event glyphs, lowest priority first. */
export const EVENT_GLYPHS: ReadonlyArray<readonly [string, string]> = [
  ['gc', 'g'], ['scavenge', 's'], ['reclaim', 'R'], ['freeosmemory', 'F'], ['oom', 'X'],
];
/** A curve under this fraction of the axis for {@link SMALL_SHARE} of the run gets a panel of its own scale. */
const SMALL_FRACTION = 0.1;
const SMALL_SHARE = 0.2;

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
  const peak = new Map<ChartSeries, number>();
  for (const s of DRAWN_SERIES) cols.set(s, new Array<number | undefined>(o.width).fill(undefined));
  const colOf = (t: number): number => Math.min(o.width - 1, Math.floor((t / o.endMs) * o.width));
  for (const smp of samples) {
    for (const s of DRAWN_SERIES) {
      const v = smp[s];
      if (typeof v !== 'number') continue;
      cols.get(s)![colOf(smp.t_ms)] = v / MiB;
      peak.set(s, Math.max(peak.get(s) ?? 0, v / MiB));
    }
  }
  const present = DRAWN_SERIES.filter((s) => peak.has(s));
  const top = niceTop(Math.max(0, ...present.map((s) => peak.get(s)!)));
  const lines: string[] = [];
  if (o.heading !== '') lines.push(o.heading);
  let shared = drawPanel(lines, 'MiB', present, cols, top, o);
  // Curves that spend a fifth of the run in the bottom tenth of the axis (100 MiB of HeapInuse
  // under 3 GiB of RSS) would read as zero: they get a panel on their own scale, cut at its top.
  const low = (v: number | undefined): v is number => v !== undefined && v > 0 && v < top * SMALL_FRACTION;
  const small = present.filter((s) => {
    const vals = cols.get(s)!.filter((v) => v !== undefined);
    return vals.filter(low).length >= vals.length * SMALL_SHARE;
  });
  if (small.length > 0) {
    const zoomTop = niceTop(Math.max(...small.flatMap((s) => cols.get(s)!.filter(low))));
    lines.push('');
    shared = drawPanel(lines, `MiB, zoomed to 0–${formatMib(zoomTop)} for ${small.map((s) => SERIES_GLYPHS[s]).join(' ')} (curves above are cut)`, present, cols, zoomTop, { ...o, height: Math.max(5, 2 * Math.round(o.height / 4) + 1) }) || shared;
  }
  const marks = new Array<string>(o.width).fill(' ');
  const rank = new Array<number>(o.width).fill(-1);
  for (const e of events) {
    const k = EVENT_GLYPHS.findIndex(([kind]) => kind === e.kind);
    const c = colOf(e.t_ms);
    if (k > rank[c]!) { rank[c] = k; marks[c] = EVENT_GLYPHS[k]![1]; }
  }
  lines.push(`${' '.repeat(8)}${timeAxis(o.width, o.endMs)}`);
  if (marks.some((m) => m !== ' ')) lines.push(`${'events'.padStart(6)}  ${marks.join('').trimEnd()}`);
  const paint = (s: ChartSeries, text: string): string => (o.color ? `${ANSI[s]}${text}${RESET}` : text);
  legend(lines, 'curves', present.map((s) => [paint(s, SERIES_GLYPHS[s]), SERIES_LABELS[s]]), o.width);
  if (shared) lines.push(`${' '.repeat(8)}(where curves share a cell, their glyphs take turns)`);
  legend(lines, 'marks', EVENT_GLYPHS.filter(([, g]) => marks.includes(g)).map(([k, g]) => [g, k]), o.width);
  return lines.join('\n') + '\n';
}

/**
 * Draws one panel of `series` on an axis from 0 to `top` MiB, under a `unit` line, into
 * `lines`. Returns whether two curves shared a cell.
 */
function drawPanel(
  lines: string[], unit: string, series: readonly ChartSeries[], cols: ReadonlyMap<ChartSeries, readonly (number | undefined)[]>,
  top: number, o: DrawOptions,
): boolean {
  // Rows above the top (a zoomed panel cuts what exceeds it) are not drawn.
  const rowOf = (mib: number): number => Math.round((mib / top) * (o.height - 1));
  // Which curves pass through each cell, in legend order.
  const cells: ChartSeries[][][] = Array.from({ length: o.height }, () => Array.from({ length: o.width }, () => []));
  for (const s of series) {
    const vals = cols.get(s)!;
    let prev: number | undefined;
    for (let c = 0; c < o.width; c++) {
      const v = vals[c] ?? prev;
      if (v === undefined) continue;
      const r = rowOf(v);
      const from = prev === undefined ? r : rowOf(prev);
      for (let y = Math.min(r, from); y <= Math.min(Math.max(r, from), o.height - 1); y++) cells[y]![c]!.push(s);
      prev = v;
    }
  }
  let shared = false;
  const label = (mib: number): string => formatMib(mib).padStart(6);
  lines.push(`   ${unit}`);
  for (let y = o.height - 1; y >= 0; y--) {
    const tick = y === o.height - 1 || y === 0 || y === Math.round((o.height - 1) / 2);
    const row = cells[y]!.map((here, c) => {
      if (here.length === 0) return ' ';
      if (here.length > 1) shared = true;
      // Glyphs take turns along a shared stretch, so every curve in it shows.
      const s = here[c % here.length]!;
      return o.color ? `${ANSI[s]}${SERIES_GLYPHS[s]}${RESET}` : SERIES_GLYPHS[s];
    }).join('');
    lines.push(`${tick ? label((y / (o.height - 1)) * top) : '      '} ${tick ? '┤' : '│'}${row}`.trimEnd());
  }
  lines.push(`${' '.repeat(7)}└${'─'.repeat(o.width)}`);
  return shared;
}

/** Legend entries (`glyph name`) after a `title`, wrapped to the chart's width. */
function legend(lines: string[], title: string, entries: readonly (readonly [string, string])[], width: number): void {
  let line = title.padStart(6);
  let length = line.length;
  for (const [glyph, name] of entries) {
    const visible = 1 + 1 + name.length;
    if (length > 8 && length + 3 + visible > width + 8) {
      lines.push(line);
      line = ' '.repeat(6);
      length = 6;
    }
    line += `${length <= 8 ? '  ' : '   '}${glyph} ${name}`;
    length += (length <= 8 ? 2 : 3) + visible;
  }
  if (entries.length > 0) lines.push(line);
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
