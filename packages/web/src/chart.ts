/**
 * The one chart: uPlot options and aligned data built from a run (and a pinned run, and a
 * replayed file's own series).
 *
 * Lines: the first Go process's RSS, HeapInuse, HeapReleased and LazyFree, the heap goal
 * (`NextGC`), GOMEMLIMIT and the cgroup limit as flat lines, every other process's RSS, the
 * pinned run's RSS and HeapInuse dashed, and a replayed file's observed RSS, HeapInuse and
 * HeapReleased dotted. Each run is thinned to the plot's pixels ({@link thin}), so drawing costs
 * the same for a minute and for a day; while a run is being simulated its part so far is drawn
 * on the full time axis. Event marks (GC, scavenge, FreeOSMemory, reclaim, OOM)
 * are uPlot points-only series on a scale of their own, one row per kind, so the library draws
 * them and its legend shows their counts under the cursor; the picked moment is a points-only
 * series too. No drawing code of our own: everything on the canvas is a uPlot series.
 *
 * @module
 */
import uPlot from 'uplot';
import { formatBytes } from '@scavsim/core';
import type { ObservedColumns, ObservedField } from './messages.js';
import { MARK_KINDS, type MarkKind, type RunData } from './run-data.js';

/** What the chart shows besides the run itself. */
export interface ChartInput {
  /** The run, whole or (while it is being simulated) so far. */
  readonly run: RunData;
  readonly complete: boolean;
  readonly pinned?: { readonly run: RunData; readonly label: string } | undefined;
  /** A replayed file's own series. */
  readonly observed?: ObservedColumns | undefined;
  /** GOMEMLIMIT of the first Go process (bytes), if set. */
  readonly gomemlimit?: number | undefined;
  /** The first Go process's cgroup limit (bytes), if set. */
  readonly cgroupLimit?: number | undefined;
  /** The picked moment (ms). */
  readonly atMs?: number | undefined;
  /** Plot width (CSS pixels): runs are drawn with at most two points per pixel. */
  readonly widthPx: number;
}

/** Colours chosen for at least 3:1 contrast on white (WCAG 1.4.11 for graphics). */
const COLOURS = {
  VmRSS: '#b3261e', HeapInuse: '#1a5fb4', HeapReleased: '#1e7a45', LazyFree: '#8b3fa8', NextGC: '#5e5c64',
  gomemlimit: '#b35900', cgroup: '#000000', other: ['#8f5a1f', '#00707a', '#6b4fbb'], pinned: '#6b6b6b',
} as const;
const MARKS: Readonly<Record<MarkKind, { label: string; colour: string; row: number }>> = {
  gc: { label: 'GC', colour: '#1a5fb4', row: 0.97 },
  scavenge: { label: 'scavenge', colour: '#1e7a45', row: 0.93 },
  freeosmemory: { label: 'FreeOSMemory', colour: '#b35900', row: 0.89 },
  reclaim: { label: 'reclaim', colour: '#8b3fa8', row: 0.85 },
  oom: { label: 'OOM kill', colour: '#b3261e', row: 0.81 },
};
const OBSERVED_LABELS: Readonly<Record<ObservedField, string>> = { VmRSS: 'RSS', HeapInuse: 'HeapInuse', HeapReleased: 'HeapReleased' };

/** Axis steps people read without arithmetic: binary sizes, round seconds and minutes. */
const BYTE_INCRS = Array.from({ length: 40 }, (_, i) => 2 ** (i + 10));
const TIME_INCRS = [0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400];
const sizeTick = (v: number): string => formatBytes(v).replace(/\.(\d*?)0+ /, (_m, d: string) => (d === '' ? ' ' : `.${d} `));
const bytes = (v: number | null | undefined): string => (v === null || v === undefined ? '–' : formatBytes(v));
const seconds = (s: number): string => (s >= 120 ? `${(s / 60).toFixed(s % 60 === 0 ? 0 : 1)} min` : `${+s.toFixed(1)} s`);

type Y = (number | null)[];
interface Built { readonly series: uPlot.Series[]; readonly data: uPlot.AlignedData; readonly layout: string }

/**
 * Columns thinned to the plot's pixels: rows are grouped into at most `buckets` runs of
 * consecutive rows, and each group is drawn as two points at its first and last time holding
 * each column's least and greatest value, in the order they occur, so every peak and trough
 * the full line has is on the screen (a pixel cannot show more). NaN (no sample) becomes a gap.
 * The summary and the gap explanation read the full columns, never these.
 */
export interface Thinned {
  /** Times (s). */
  readonly x: number[];
  readonly ys: Y[];
  /** Rows per group (1: every row is a point). */
  readonly group: number;
}

/** Thins `cols` (rows at times `t`, ms) to at most `buckets` groups; see {@link Thinned}. */
export function thin(t: Float64Array, cols: readonly (Float64Array | undefined)[], buckets: number): Thinned {
  const n = t.length;
  const group = Math.max(1, Math.ceil(n / Math.max(1, buckets)));
  const x: number[] = [];
  const ys: Y[] = cols.map(() => []);
  for (let a = 0; a < n; a += group) {
    const b = Math.min(n, a + group);
    if (group === 1) {
      x.push(t[a]! / 1000);
      cols.forEach((c, j) => { const v = c?.[a] ?? Number.NaN; ys[j]!.push(Number.isNaN(v) ? null : v); });
      continue;
    }
    x.push(t[a]! / 1000, t[b - 1]! / 1000);
    cols.forEach((c, j) => {
      let lo = Number.NaN, hi = Number.NaN, loAt = 0, hiAt = 0;
      for (let i = a; c !== undefined && i < b; i++) {
        const v = c[i]!;
        if (Number.isNaN(v)) continue;
        if (!(v >= lo)) { lo = v; loAt = i; }
        if (!(v <= hi)) { hi = v; hiAt = i; }
      }
      const y = ys[j]!;
      if (Number.isNaN(lo)) y.push(null, null);
      else if (loAt <= hiAt) y.push(lo, hi);
      else y.push(hi, lo);
    });
  }
  return { x, ys, group };
}

/** Series and data for a run; `layout` names the series, so a chart with the same layout can take the data as it is. */
export function buildChart(input: ChartInput): Built {
  const { run, pinned, observed } = input;
  const buckets = Math.max(50, Math.round(input.widthPx));
  const series: uPlot.Series[] = [{ label: 'time', value: (_u, v) => (v === null ? '–' : seconds(v)) }];
  const cols: (Float64Array | undefined)[] = [];
  const flat: { label: string; value: number; stroke: string; extra: Partial<uPlot.Series> }[] = [];
  const line = (label: string, col: Float64Array | undefined, stroke: string, extra: Partial<uPlot.Series> = {}): void => {
    series.push({ label, stroke, width: 2, value: (_u, v) => bytes(v), spanGaps: false, ...extra });
    cols.push(col);
  };
  const [go, ...others] = run.processes;
  if (go !== undefined) {
    const name = run.processes.length > 1 ? ` (${go.name})` : '';
    line(`RSS${name}`, go.cols['VmRSS'], COLOURS.VmRSS);
    line('HeapInuse', go.cols['HeapInuse'], COLOURS.HeapInuse);
    line('HeapReleased', go.cols['HeapReleased'], COLOURS.HeapReleased);
    line('LazyFree', go.cols['LazyFree'], COLOURS.LazyFree);
    line('heap goal', go.cols['NextGC'], COLOURS.NextGC, { width: 1, dash: [4, 4] });
  }
  if (input.gomemlimit !== undefined) flat.push({ label: 'GOMEMLIMIT', value: input.gomemlimit, stroke: COLOURS.gomemlimit, extra: { width: 1.5, dash: [8, 4] } });
  if (input.cgroupLimit !== undefined) flat.push({ label: 'cgroup limit', value: input.cgroupLimit, stroke: COLOURS.cgroup, extra: { width: 1.5, dash: [2, 3] } });
  const flatAt = cols.length;
  for (const f of flat) line(f.label, undefined, f.stroke, f.extra);
  others.forEach((p, i) => line(`RSS (${p.name})`, p.cols['VmRSS'], COLOURS.other[i % COLOURS.other.length]!));
  const mine = thin(run.t, cols, buckets);
  // Flat lines hold their value at every point.
  flat.forEach((f, i) => mine.ys[flatAt + i]!.fill(f.value));
  if (!input.complete && mine.x.length > 0 && run.durationMs / 1000 > mine.x.at(-1)!) {
    // While the run is being simulated, a last empty point keeps the x axis at its full length.
    mine.x.push(run.durationMs / 1000);
    for (const y of mine.ys) y.push(null);
  }
  const parts: uPlot.AlignedData[] = [[mine.x, ...mine.ys] as uPlot.AlignedData];
  if (pinned !== undefined && pinned.run.processes[0] !== undefined) {
    const pg = pinned.run.processes[0];
    const theirs = thin(pinned.run.t, [pg.cols['VmRSS'], pg.cols['HeapInuse']], buckets);
    for (const [label, colour] of [[`RSS · pinned ${pinned.label}`, COLOURS.pinned], [`HeapInuse · pinned ${pinned.label}`, COLOURS.HeapInuse]] as const) {
      series.push({ label, stroke: colour, width: 1.5, dash: [6, 3], value: (_u, v) => bytes(v) });
    }
    parts.push([theirs.x, ...theirs.ys] as uPlot.AlignedData);
  }
  if (observed !== undefined) {
    const fields = (Object.keys(OBSERVED_LABELS) as ObservedField[]).filter((f) => observed.cols[f] !== undefined);
    const seen = thin(observed.t, fields.map((f) => observed.cols[f]), buckets);
    for (const f of fields) series.push({ label: `${OBSERVED_LABELS[f]} · observed`, stroke: COLOURS[f], width: 1, dash: [2, 2], value: (_u, v) => bytes(v) });
    parts.push([seen.x, ...seen.ys] as uPlot.AlignedData);
  }
  let data = parts.length === 1 ? parts[0]! : uPlot.join(parts);
  const xs = data[0] as number[];
  // Marks and the moment live on the joined x axis: a run row's point is its group's first point.
  const joined = new Map<number, number>();
  if (parts.length > 1) xs.forEach((v, i) => { if (!joined.has(v)) joined.set(v, i); });
  const pointOf = (row: number): number => {
    const p = mine.group === 1 ? row : 2 * Math.floor(row / mine.group);
    return parts.length === 1 ? p : joined.get(mine.x[p]!) ?? p;
  };
  const markCols: Y[] = [];
  for (const kind of MARK_KINDS) {
    const counts = run.marks[kind];
    const y: Y = new Array<null>(xs.length).fill(null);
    const count: number[] = new Array<number>(xs.length).fill(0);
    for (let i = 0; i < counts.length; i++) if (counts[i]! > 0) { const j = pointOf(i); y[j] = MARKS[kind].row; count[j]! += counts[i]!; }
    const m = MARKS[kind];
    series.push({
      label: m.label, scale: 'marks', stroke: m.colour, fill: m.colour, paths: () => null,
      points: { show: true, size: 6, width: 1, stroke: m.colour, fill: m.colour },
      value: (_u, _v, _s, idx) => (idx === null || idx === undefined ? '–' : `${count[idx] ?? 0}`),
    });
    markCols.push(y);
  }
  const moment: Y = new Array<null>(xs.length).fill(null);
  if (input.atMs !== undefined && go !== undefined && run.t.length > 0) {
    let i = 0;
    while (i < run.t.length - 1 && run.t[i + 1]! <= input.atMs) i++;
    const v = go.cols['VmRSS']![i]!;
    if (!Number.isNaN(v)) moment[pointOf(i)] = v;
  }
  series.push({
    label: 'picked moment', stroke: '#000000', paths: () => null,
    points: { show: true, size: 11, width: 2, stroke: '#000000', fill: '#ffffff' },
    value: (_u, v) => (v === null ? '–' : 'here'),
  });
  data = [...data, ...markCols, moment] as unknown as uPlot.AlignedData;
  return { series, data, layout: series.map((s) => String(s.label)).join('|') };
}

/** uPlot options for a chart of the given size (CSS pixels) and series. */
export function chartOptions(series: uPlot.Series[], size: { width: number; height: number }, onDraw: (u: uPlot) => void, onPick: (tMs: number) => void): uPlot.Options {
  return {
    ...size,
    series,
    scales: { x: { time: false }, marks: { range: [0, 1] } },
    axes: [
      { incrs: TIME_INCRS, values: (_u, splits) => splits.map(seconds), stroke: '#222', grid: { stroke: '#e4e4e4' } },
      { incrs: BYTE_INCRS, values: (_u, splits) => splits.map((v) => sizeTick(v)), size: 70, stroke: '#222', grid: { stroke: '#e4e4e4' } },
    ],
    legend: { live: true },
    cursor: { drag: { x: true, y: false } },
    hooks: {
      draw: [onDraw],
      ready: [(u) => {
        // A click picks the moment; a drag zooms (uPlot) and must not also pick.
        let downX = 0;
        u.over.addEventListener('mousedown', (e) => { downX = e.clientX; });
        u.over.addEventListener('click', (e) => {
          const left = u.cursor.left;
          if (Math.abs(e.clientX - downX) < 4 && left !== undefined && left >= 0) onPick(Math.max(0, Math.round(u.posToVal(left, 'x') * 1000)));
        });
      }],
    },
  };
}
